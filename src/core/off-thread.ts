/**
 * Analysing articles in a worker thread. On a large knowledge base a refresh analyses
 * thousands of paragraphs; done on the bot's thread, even in slices, the garbage it makes
 * brings collector pauses of 100 ms and more while the old and the new index share one heap.
 * A worker has its own heap, and the bot's thread only counts and indexes the results.
 */
import type { KnownArticle } from './analysis.js';
import type { ReuseAnalyses } from './engine.js';
import type { Article } from './knowledge.js';
import type { PassageAnalysis } from './nlp.js';
import { pause } from './slicer.js';
import { startWorker } from './worker.js';

/** Paragraphs per message to the worker: small enough that copying one never holds up the thread. */
const BATCH_PARAGRAPHS = 300;

/** Articles for the worker to analyse. */
export interface AnalysisRequest {
  readonly articles: ReadonlyArray<{ readonly slug: string; readonly hash: string; readonly paragraphs: readonly string[] }>;
}

/** The worker's analyses, one entry per article of the request, in order. */
export interface AnalysisReply {
  readonly results: ReadonlyArray<{
    readonly slug: string;
    /** The article's content hash, so a result is only used for the text it was made from. */
    readonly hash: string;
    readonly analyses: readonly PassageAnalysis[];
    readonly terms: readonly string[];
    readonly words: ReadonlyArray<readonly [string, number]>;
  }>;
}

/** Groups articles into requests of about {@link BATCH_PARAGRAPHS} paragraphs. */
function* requests(articles: readonly Article[]): Generator<AnalysisRequest> {
  let batch: Array<AnalysisRequest['articles'][number]> = [];
  let paragraphs = 0;
  for (const { slug, hash, paragraphs: texts } of articles) {
    batch.push({ slug, hash, paragraphs: texts });
    paragraphs += texts.length;
    if (paragraphs >= BATCH_PARAGRAPHS) {
      yield { articles: batch };
      batch = [];
      paragraphs = 0;
    }
  }
  if (batch.length > 0) yield { articles: batch };
}

/**
 * Analyses `articles` in a worker thread and returns what it found, for
 * `KnowledgeIndex.build` or `update` to reuse. Rejects when the worker cannot start or fails
 * (the caller can then analyse on its own thread); the worker is gone when this settles.
 */
export async function analyseOffThread(articles: readonly Article[]): Promise<ReuseAnalyses> {
  const known = new Map<string, KnownArticle & { readonly hash: string }>();
  const batches = [...requests(articles)];
  if (batches.length === 0) return () => undefined;
  const worker = startWorker(new URL('./analysis-worker.ts', import.meta.url));
  try {
    let received = 0;
    // Settles with the worker's failure, if any: never rejects, so a failure while requests
    // are still being sent is not an unhandled rejection.
    const finished = new Promise<Error | undefined>((resolve) => {
      worker.on('message', ({ results }: AnalysisReply) => {
        for (const { slug, hash, analyses, terms, words } of results) known.set(slug, { hash, analyses, terms, words: new Map(words) });
        if (++received === batches.length) resolve(undefined);
      });
      worker.on('error', resolve);
      worker.on('exit', (code) => resolve(new Error(`the analysis worker stopped (exit code ${code})`)));
    });
    for (const request of batches) {
      worker.postMessage(request);
      await pause();
    }
    const failure = await finished;
    if (failure) throw failure;
  } finally {
    await worker.terminate();
  }
  return (article) => {
    const found = known.get(article.slug);
    return found?.hash === article.hash && found.analyses.length === article.paragraphs.length ? found : undefined;
  };
}
