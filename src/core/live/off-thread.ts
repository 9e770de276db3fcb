/**
 * Analysing articles in a worker thread. On a large knowledge base a refresh analyses
 * thousands of paragraphs; done on the bot's thread, even in slices, the garbage it makes
 * brings collector pauses of 100 ms and more while the old and the new index share one heap.
 * A worker has its own heap, and the bot's thread only counts and indexes the results.
 */
import type { Article, KnownArticle } from '../articles/index.js';
import type { PassageAnalysis } from '../language/index.js';
import type { ReuseAnalyses } from '../search/index.js';
import { pause } from '../runtime/index.js';
import { startWorker } from './threads.js';

/** Paragraphs per message to the worker: small enough that copying one never holds up the thread. */
const BATCH_PARAGRAPHS = 300;

/**
 * Longest the analysis of one article may take before the worker is stopped and the article
 * refused, by default, in milliseconds. Analysis is linear in an article's size (under a second
 * for the largest file accepted), so only an article that defeats the analysis comes near it.
 * Range a few seconds to minutes; default 30,000.
 */
export const ARTICLE_ANALYSIS_TIMEOUT_MS = 30_000;

/** One article took longer than its time to analyse: the refresh refuses it by name. */
export class AnalysisTimeoutError extends Error {
  constructor(
    /** The article's file name in the knowledge folder. */
    readonly file: string,
    readonly milliseconds: number,
  ) {
    super(`${file}: analysis took longer than ${Math.round(milliseconds / 1000)} s`);
    this.name = 'AnalysisTimeoutError';
  }
}

/** Articles for the worker to analyse. */
export interface AnalysisRequest {
  readonly articles: ReadonlyArray<{ readonly slug: string; readonly hash: string; readonly paragraphs: readonly string[] }>;
}

/** What the worker posts: that it starts on an article, or the analyses of a request. */
export type AnalysisMessage = { readonly started: string } | AnalysisReply;

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

/** What the analysis worker posted: each article's analyses, by slug. */
type KnownAnalyses = Map<string, KnownArticle & { readonly hash: string }>;

/** The reuse function for what a worker found: only for the text each analysis was made from. */
function reuseOf(known: KnownAnalyses): ReuseAnalyses {
  return (article) => {
    const found = known.get(article.slug);
    return found?.hash === article.hash && found.analyses.length === article.paragraphs.length ? found : undefined;
  };
}

/**
 * Runs one analysis worker over `articles`. Returns what it finished, and, when it stopped
 * short, why: {@link AnalysisTimeoutError} for an article that took longer than `timeoutMs`,
 * another error when the worker could not start or failed. The worker is gone when this settles.
 */
async function runAnalysis(articles: readonly Article[], timeoutMs: number): Promise<{ known: KnownAnalyses; failure?: Error }> {
  const known: KnownAnalyses = new Map();
  const batches = [...requests(articles)];
  if (batches.length === 0) return { known };
  const files = new Map(articles.map((article) => [article.slug, article.file]));
  const worker = startWorker(new URL('./analysis-thread.js', import.meta.url));
  let watchdog: NodeJS.Timeout | undefined;
  try {
    let received = 0;
    // Settles with the worker's failure, if any: never rejects, so a failure while requests
    // are still being sent is not an unhandled rejection.
    const finished = new Promise<Error | undefined>((resolve) => {
      // Each article the worker starts on gets `timeoutMs`; the timer is not started before
      // the first one, because starting the worker (loading the NLP model) is not analysis.
      const watch = (slug: string) => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => resolve(new AnalysisTimeoutError(files.get(slug) ?? slug, timeoutMs)), timeoutMs);
      };
      worker.on('message', (message: AnalysisMessage) => {
        if ('started' in message) {
          watch(message.started);
          return;
        }
        clearTimeout(watchdog);
        for (const { slug, hash, analyses, terms, words } of message.results) known.set(slug, { hash, analyses, terms, words: new Map(words) });
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
    return failure ? { known, failure } : { known };
  } finally {
    clearTimeout(watchdog);
    await worker.terminate();
  }
}

/**
 * Analyses `articles` in a worker thread and returns what it found, for
 * `ArticleIndex.build` or `update` to reuse. Rejects with {@link AnalysisTimeoutError} when
 * one article takes longer than `timeoutMs`, and with another error when the worker cannot
 * start or fails; the worker is gone when this settles.
 */
export async function analyseOffThread(articles: readonly Article[], timeoutMs = ARTICLE_ANALYSIS_TIMEOUT_MS): Promise<ReuseAnalyses> {
  const { known, failure } = await runAnalysis(articles, timeoutMs);
  if (failure) throw failure;
  return reuseOf(known);
}

/**
 * Analyses `articles` in worker threads as {@link analyseOffThread} does, but leaves out each
 * article that takes longer than `timeoutMs` (listed in `slow`) and goes on with the rest in a
 * new worker, keeping what the stopped one finished. Rejects when a worker cannot start or
 * fails for another reason.
 */
export async function analyseLeavingOutSlow(
  articles: readonly Article[],
  timeoutMs = ARTICLE_ANALYSIS_TIMEOUT_MS,
): Promise<{ readonly reuse: ReuseAnalyses; readonly slow: readonly AnalysisTimeoutError[] }> {
  const known: KnownAnalyses = new Map();
  const slow: AnalysisTimeoutError[] = [];
  let remaining = articles;
  for (;;) {
    const run = await runAnalysis(remaining, timeoutMs);
    for (const [slug, analysed] of run.known) known.set(slug, analysed);
    if (!run.failure) return { reuse: reuseOf(known), slow };
    if (!(run.failure instanceof AnalysisTimeoutError)) throw run.failure;
    const late = run.failure;
    slow.push(late);
    // Each round leaves out one article, so the rounds end.
    remaining = remaining.filter((article) => article.file !== late.file && !known.has(article.slug));
  }
}
