/**
 * The measurements of `npm run bench` for one corpus: our engine (build, heap, answer latency,
 * index cache, refresh, event-loop stalls) and plain minisearch with default options on the
 * same passages and queries, as the yardstick.
 */
import { fork } from 'node:child_process';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import MiniSearch from 'minisearch';
import { ArticleIndex, fillMeanings, KnowledgeBase, KnowledgeWorker, loadArticles, MeaningWorker, type RefreshReport, runnableModule, SentenceEncoder, writeIndexCache } from '../src/core/index.js';
import { distinctWords } from './corpus.js';
import { QUERY_KINDS, type BenchQuery, type QueryKind } from './queries.js';

/** Sampling interval of the event-loop delay monitor, in ms; a reported stall can be up to this much too long. */
export const STALL_RESOLUTION_MS = 10;
/** Interval of the timer that checks the event loop keeps running during a refresh, in ms. */
export const HEARTBEAT_MS = 50;
/** Share of the expected heartbeats that must fire for the loop to count as "kept running". */
const HEARTBEATS_NEEDED = 0.5;
/** The sentence appended to one article to measure a refresh after a change. */
const CHANGED_SENTENCE = 'The benchmark appended this sentence to measure a refresh after one change.';

/** Latency percentiles in milliseconds. */
export interface Percentiles {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

/**
 * The `p`-th percentile (0–100) of samples by nearest rank: always one of the samples, so a
 * p99 over 200 queries is the second slowest. `NaN` for no samples.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** p50, p95 and p99 of samples. */
export function percentiles(samples: readonly number[]): Percentiles {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99) };
}

/** Whether heap figures are taken after a full garbage collection (node ran with `--expose-gc`). */
export const canCollectGarbage = typeof globalThis.gc === 'function';

/**
 * Heap in use, in bytes, after a full garbage collection when node runs with `--expose-gc`
 * (without it the figure includes garbage and is only an upper bound).
 */
export function heapUsed(): number {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

/** Latency of each query, in ms, in the order given. `run` is called once per query. */
export function timeQueries(queries: readonly BenchQuery[], run: (text: string) => unknown): number[] {
  return queries.map(({ text }) => {
    const started = performance.now();
    run(text);
    return performance.now() - started;
  });
}

/** {@link timeQueries} for work that is asynchronous (an answer that encodes its question first). */
export async function timeQueriesAsync(queries: readonly BenchQuery[], run: (text: string) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (const { text } of queries) {
    const started = performance.now();
    await run(text);
    samples.push(performance.now() - started);
  }
  return samples;
}

/** Percentiles over all queries and per kind of query. */
export interface LatencyReport extends Percentiles {
  readonly byKind: Readonly<Record<QueryKind, Percentiles>>;
}

function latencyReport(queries: readonly BenchQuery[], samples: readonly number[]): LatencyReport {
  const byKind = Object.fromEntries(QUERY_KINDS.map((kind) => [kind, percentiles(samples.filter((_, i) => queries[i]!.kind === kind))]));
  return { ...percentiles(samples), byKind: byKind as Record<QueryKind, Percentiles> };
}

/** How the event loop fared while some work ran. */
export interface StallReport {
  /** Wall time of the work, in ms. */
  readonly milliseconds: number;
  /** Longest event-loop delay seen by `monitorEventLoopDelay`, in ms (includes up to {@link STALL_RESOLUTION_MS}). */
  readonly longestStallMs: number;
  /** Heartbeats ({@link HEARTBEAT_MS} timer) fired, and how many would fire on an idle loop. */
  readonly heartbeats: number;
  readonly heartbeatsExpected: number;
  /** Longest time between two heartbeats, in ms. */
  readonly longestHeartbeatGapMs: number;
  /** Whether the heartbeat kept firing (at least half the expected beats). */
  readonly keptRunning: boolean;
}

/**
 * Runs `work` while watching the event loop: the longest delay `monitorEventLoopDelay` saw,
 * and a {@link HEARTBEAT_MS} timer as a sanity check that the loop really kept turning.
 */
export async function measureStall<T>(work: () => Promise<T> | T): Promise<{ result: T; stall: StallReport }> {
  const histogram = monitorEventLoopDelay({ resolution: STALL_RESOLUTION_MS });
  let heartbeats = 0;
  let lastBeat = performance.now();
  let longestGap = 0;
  const beat = () => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - lastBeat);
    lastBeat = now;
  };
  const timer = setInterval(() => {
    beat();
    heartbeats++;
  }, HEARTBEAT_MS);
  histogram.enable();
  // The monitor records a delay only between two of its own ticks: work that blocked before
  // its first tick would go unseen.
  await new Promise((resolve) => setTimeout(resolve, STALL_RESOLUTION_MS * 2));
  const started = performance.now();
  let result: T;
  let milliseconds: number;
  try {
    result = await work();
    milliseconds = performance.now() - started;
    // A last synchronous stretch is only recorded when the monitor's timer fires after it.
    await new Promise((resolve) => setTimeout(resolve, STALL_RESOLUTION_MS * 2));
    beat();
  } finally {
    histogram.disable();
    clearInterval(timer);
  }
  const heartbeatsExpected = Math.floor(milliseconds / HEARTBEAT_MS);
  return {
    result,
    stall: {
      milliseconds,
      longestStallMs: histogram.max / 1e6,
      heartbeats,
      heartbeatsExpected,
      longestHeartbeatGapMs: longestGap,
      keptRunning: heartbeats >= Math.floor(heartbeatsExpected * HEARTBEATS_NEEDED),
    },
  };
}

/** Figures for plain minisearch with default options. */
export interface MiniSearchReport {
  /** Loading the folder plus `addAll`, in ms. */
  readonly buildMs: number;
  readonly loadMs: number;
  /** Process heap after the build, with the index alive, in bytes. */
  readonly heapBytes: number;
  /** `JSON.stringify` of the index: minisearch's way of caching an index. */
  readonly jsonBytes: number;
  /** `MiniSearch.loadJSON` of that JSON, in ms. */
  readonly loadJsonMs: number;
  /** Longest event-loop stall during the build (`addAll` is synchronous). */
  readonly buildStallMs: number;
  readonly search: LatencyReport;
}

interface PlainDocument {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

const MINISEARCH_OPTIONS = { fields: ['title', 'text'] };

/**
 * Plain minisearch as a reader of its README would use it: default options, one document per
 * paragraph (title = article title), `search(query)` for every query after a warm-up pass.
 */
export async function measureMiniSearch(dir: string, queries: readonly BenchQuery[], warmUp: readonly BenchQuery[]): Promise<MiniSearchReport> {
  const { result: built, stall } = await measureStall(async () => {
    const started = performance.now();
    const { articles } = await loadArticles(dir);
    const loadMs = performance.now() - started;
    const miniSearch = new MiniSearch<PlainDocument>(MINISEARCH_OPTIONS);
    miniSearch.addAll(articles.flatMap((article) => article.paragraphs.map((text, i) => ({ id: `${article.slug}#${i + 1}`, title: article.title, text }))));
    return { miniSearch, loadMs, buildMs: performance.now() - started };
  });
  const { miniSearch } = built;
  const heapBytes = heapUsed();
  timeQueries(warmUp, (text) => miniSearch.search(text));
  const search = latencyReport(queries, timeQueries(queries, (text) => miniSearch.search(text)));
  const json = JSON.stringify(miniSearch);
  const started = performance.now();
  MiniSearch.loadJSON(json, MINISEARCH_OPTIONS);
  const loadJsonMs = performance.now() - started;
  return { buildMs: built.buildMs, loadMs: built.loadMs, heapBytes, jsonBytes: Buffer.byteLength(json), loadJsonMs, buildStallMs: stall.longestStallMs, search };
}

/** Figures for our engine built the existing way: `ArticleIndex.build(await loadArticles(dir))`. */
export interface IndexReport {
  /** Loading plus building, in ms. */
  readonly buildMs: number;
  readonly loadMs: number;
  /** Process heap after the build, with the index alive, in bytes. */
  readonly heapBytes: number;
  /** Distinct words of the corpus (lower case). */
  readonly distinctWords: number;
  readonly answer: LatencyReport;
  /** How many queries got an answer (the rest: no confident answer or not searchable). */
  readonly answered: number;
  /** Computing the sentence meaning vectors after the build (in a worker thread), in ms. */
  readonly meaningsMs: number;
  /** Paragraphs that got meaning vectors (at most `MAX_MEANING_SENTENCES` sentences in all). */
  readonly meaningParagraphs: number;
  /** Memory of array buffers (the meaning vectors, the word vectors) after the build, in bytes. */
  readonly arrayBufferBytes: number;
  /** Queries whose candidates all had sentence meanings, so that the meanings ranked them. */
  readonly rankedWithMeanings: number;
}

/**
 * Builds our index of a folder, measures heap, computes its sentence meanings as the bot does
 * (in a worker thread), then times `answer` for every query after a warm-up pass, each
 * question's own meaning vector computed first, as the bot does. Returns the index too, so its
 * meanings are not computed twice.
 */
export async function measureIndex(dir: string, queries: readonly BenchQuery[], warmUp: readonly BenchQuery[]): Promise<{ report: IndexReport; index: ArticleIndex }> {
  const started = performance.now();
  const knowledge = await loadArticles(dir);
  const loadMs = performance.now() - started;
  const index = await ArticleIndex.build(knowledge);
  const buildMs = performance.now() - started;
  const heapBytes = heapUsed();
  const words = distinctWords(knowledge.articles.flatMap((article) => [article.title, ...article.paragraphs]));
  const meaningsStarted = performance.now();
  const worker = new MeaningWorker();
  let meaningParagraphs: number;
  try {
    meaningParagraphs = await fillMeanings(index, (sentences) => worker.encode(sentences));
  } finally {
    await worker.close();
  }
  const meaningsMs = performance.now() - meaningsStarted;
  const arrayBufferBytes = process.memoryUsage().arrayBuffers;
  const encoder = await SentenceEncoder.shared();
  const ask = async (text: string) => index.answer(text, { meaning: await encoder.encode([text]) });
  await timeQueriesAsync(warmUp, ask);
  let answered = 0;
  const samples = await timeQueriesAsync(queries, async (text) => {
    if ((await ask(text)).kind === 'answer') answered++;
  });
  let rankedWithMeanings = 0;
  for (const { text } of queries) if (index.explain(text, 1, { meaning: await encoder.encode([text]) })?.sentenceMeanings) rankedWithMeanings++;
  return {
    report: { buildMs, loadMs, heapBytes, distinctWords: words, answer: latencyReport(queries, samples), answered, meaningsMs, meaningParagraphs, arrayBufferBytes, rankedWithMeanings },
    index,
  };
}

/** Figures for the live knowledge base: cache and refresh. */
export interface KnowledgeBaseReport {
  /** Whether `KnowledgeBase.open` wrote a cache and a second open started from it. */
  readonly cacheAvailable: boolean;
  /** Why the cache figures are missing, when they are. */
  readonly cacheNote?: string;
  /** `open` with no cache yet: build and write the cache, in ms. */
  readonly buildAndWriteMs: number;
  /** Size of the cache on disk, in bytes. */
  readonly cacheBytes?: number;
  /** A fresh `open` with the cache in place, in ms. */
  readonly startFromCacheMs?: number;
  /** `refresh()` after one article file changed, in ms (from its report). */
  readonly refreshOneChangedMs: number;
  /** Articles that refresh reported as changed: should be exactly one. */
  readonly refreshOneChangedArticles: number;
  /** Whether that refresh analysed every article again (it should not). */
  readonly refreshOneWasFull: boolean;
  /** `refresh({ full: true })` in the bot's arrangement (a `KnowledgeWorker`), in ms (from its report; the cache save after it is not included). */
  readonly fullRefreshMs: number;
  /** The bot's thread during that full refresh and the cache save after it, with questions asked throughout. */
  readonly fullRefreshStall: StallReport;
  /** Time to answer each of those questions (asked one at a time, {@link QUESTION_INTERVAL_MS} apart), in ms. */
  readonly answersDuringRefresh: Percentiles & { readonly count: number; readonly max: number };
  /** The same full refresh with the index in the measuring thread (as `npm run chat` has it). */
  readonly inThreadFullRefreshMs: number;
  readonly inThreadFullRefreshStall: StallReport;
  /**
   * The bot's thread while its knowledge worker computes sentence meanings (started from a cache
   * without them), watched for {@link MEANINGS_WATCH_MS} with questions asked throughout.
   */
  readonly meaningsStall: StallReport;
  readonly answersDuringMeanings: Percentiles & { readonly count: number; readonly max: number };
}

/** How long the bot's thread is watched while sentence meanings are computed, in ms. */
export const MEANINGS_WATCH_MS = 30_000;

/** Pause between two questions asked during the full refresh, in ms. */
export const QUESTION_INTERVAL_MS = 100;

async function sizeOnDisk(file: string): Promise<number> {
  const info = await stat(file);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(file)) total += await sizeOnDisk(path.join(file, entry));
  return total;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}

/**
 * Opens the folder as a knowledge base with a cache at `cachePath` (deleted first), opens it
 * again from that cache, changes one article and refreshes (the article is restored
 * afterwards), then refreshes fully while watching the event loop. Background cache saves are
 * awaited, so none runs into the next figure.
 */
async function measureInThread(dir: string, cachePath: string, withMeanings: ArticleIndex) {
  await rm(cachePath, { recursive: true, force: true });
  let started = performance.now();
  let base = await KnowledgeBase.open(dir, { cachePath });
  // The cache is saved in the background; a start from the cache needs it complete.
  await base.flushCache();
  const buildAndWriteMs = performance.now() - started;
  // The same version with the sentence meanings measureIndex computed, as the bot's cache holds
  // it once they are computed: the opens below read them instead of computing them again.
  await writeIndexCache(cachePath, withMeanings.version.hash, withMeanings.analysedArticles());

  let cacheNote: string | undefined;
  let cacheBytes: number | undefined;
  let startFromCacheMs: number | undefined;
  if (!(await exists(cachePath))) {
    cacheNote = `not available: KnowledgeBase.open wrote no cache at ${cachePath}`;
  } else {
    cacheBytes = await sizeOnDisk(cachePath);
    heapUsed();
    started = performance.now();
    base = await KnowledgeBase.open(dir, { cachePath, meanings: true });
    startFromCacheMs = performance.now() - started;
    if (base.openedFrom !== 'cache') cacheNote = `the second open did not start from the cache (openedFrom: ${base.openedFrom})`;
  }

  const files = (await readdir(dir)).filter((name) => name.endsWith('.md')).sort();
  const changed = path.join(dir, files[Math.floor(files.length / 2)]!);
  const original = await readFile(changed);
  let refreshOne: RefreshReport;
  try {
    await writeFile(changed, `${original.toString('utf8').trimEnd()} ${CHANGED_SENTENCE}\n`);
    refreshOne = await base.refresh();
  } finally {
    await writeFile(changed, original);
  }
  // Not part of the next measurement: the cache of the refreshed version is saved in the background.
  await base.flushCache();
  const { result: full, stall } = await measureStall(async () => {
    const report = await base.refresh({ full: true });
    // A refresh is over when its cache is saved too: that write must not stall either.
    await base.flushCache();
    return report;
  });
  return {
    cacheAvailable: cacheNote === undefined,
    ...(cacheNote !== undefined && { cacheNote }),
    buildAndWriteMs,
    ...(cacheBytes !== undefined && { cacheBytes }),
    ...(startFromCacheMs !== undefined && { startFromCacheMs }),
    refreshOneChangedMs: refreshOne.milliseconds,
    refreshOneChangedArticles: refreshOne.changed.length,
    refreshOneWasFull: refreshOne.full,
    inThreadFullRefreshMs: full.milliseconds,
    inThreadFullRefreshStall: stall,
  };
}

/** The bot's full refresh, measured by {@link measureHost}. */
export type HostReport = Pick<KnowledgeBaseReport, 'fullRefreshMs' | 'fullRefreshStall' | 'answersDuringRefresh' | 'meaningsStall' | 'answersDuringMeanings'>;

/**
 * The bot's arrangement: opens the folder in a `KnowledgeWorker` (the index in a worker thread)
 * and refreshes fully while watching this thread's event loop and asking a question every
 * {@link QUESTION_INTERVAL_MS}, as members would. Run in a fresh process (`host-child.ts`):
 * this thread must start as the bot's does, not with the heap the other measurements grew.
 */
export async function measureHost(dir: string, cachePath: string, queries: readonly BenchQuery[], meaningsWatchMs = MEANINGS_WATCH_MS): Promise<HostReport> {
  const during = await measureMeanings(dir, queries, meaningsWatchMs);
  const host = await KnowledgeWorker.open(dir, { cachePath, meanings: true });
  const answerMs: number[] = [];
  try {
    const { result: full, stall } = await measureStall(async () => {
      let refreshing = true;
      // Settles with a failed question's error, if any: never rejects while the refresh runs.
      const asking = (async () => {
        for (let i = 0; refreshing; i++) {
          const asked = performance.now();
          await host.reader.answer(queries[i % queries.length]!.text);
          answerMs.push(performance.now() - asked);
          await new Promise((resolve) => setTimeout(resolve, QUESTION_INTERVAL_MS));
        }
      })().then(() => undefined, (error: unknown) => error);
      let report: RefreshReport;
      try {
        report = await host.refresh({ full: true });
        await host.flushCache();
      } finally {
        refreshing = false;
      }
      const failed = await asking;
      if (failed !== undefined) throw failed;
      return report;
    });
    return {
      fullRefreshMs: full.milliseconds,
      fullRefreshStall: stall,
      answersDuringRefresh: answerTimes(answerMs),
      ...during,
    };
  } finally {
    await host.close();
  }
}

function answerTimes(samples: readonly number[]): Percentiles & { readonly count: number; readonly max: number } {
  return { ...percentiles(samples), count: samples.length, max: samples.length > 0 ? Math.max(...samples) : NaN };
}

/**
 * Opens the folder in a `KnowledgeWorker` with sentence meanings and no cache, and watches this
 * thread for `watchMs` while the worker computes them, asking a question every
 * {@link QUESTION_INTERVAL_MS}.
 */
async function measureMeanings(dir: string, queries: readonly BenchQuery[], watchMs: number): Promise<Pick<HostReport, 'meaningsStall' | 'answersDuringMeanings'>> {
  const host = await KnowledgeWorker.open(dir, { meanings: true });
  const answerMs: number[] = [];
  try {
    const { stall } = await measureStall(async () => {
      const until = performance.now() + watchMs;
      for (let i = 0; performance.now() < until; i++) {
        const asked = performance.now();
        await host.reader.answer(queries[i % queries.length]!.text);
        answerMs.push(performance.now() - asked);
        await new Promise((resolve) => setTimeout(resolve, QUESTION_INTERVAL_MS));
      }
    });
    return { meaningsStall: stall, answersDuringMeanings: answerTimes(answerMs) };
  } finally {
    await host.close();
  }
}

/** The knowledge base figures: cache and refresh in this thread, then the full refresh as the bot does it. */
export async function measureKnowledgeBase(dir: string, cachePath: string, queries: readonly BenchQuery[], withMeanings: ArticleIndex, meaningsWatchMs = MEANINGS_WATCH_MS): Promise<KnowledgeBaseReport> {
  const inThread = await measureInThread(dir, cachePath, withMeanings);
  return { ...inThread, ...(await measureHostInChild(dir, cachePath, queries, meaningsWatchMs)) };
}

/**
 * {@link measureHost} in a child process. In this one, V8 would sooner or later shrink the heap
 * the other measurements grew to gigabytes, with a compacting collection of 100 ms that the bot's
 * own thread, which never holds an index, does not have.
 */
function measureHostInChild(dir: string, cachePath: string, queries: readonly BenchQuery[], meaningsWatchMs: number): Promise<HostReport> {
  // Run as JavaScript, the child runs the JavaScript beside this module; from the sources, under tsx.
  const { url, typescript } = runnableModule(new URL('./host-child.js', import.meta.url));
  const child = fork(fileURLToPath(url), [], { execArgv: typescript ? ['--import', import.meta.resolve('tsx')] : [] });
  return new Promise<HostReport>((resolve, reject) => {
    child.once('message', (message: { report?: HostReport; error?: string }) => {
      if (message.report) resolve(message.report);
      else reject(new Error(`bench child process: ${message.error ?? 'no report'}`));
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench child process exited with code ${code} before reporting`)));
    child.send({ dir, cachePath, queries, meaningsWatchMs });
  });
}
