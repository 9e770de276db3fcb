/**
 * The knowledge base served from a worker thread, for the bot. The index of a large knowledge
 * base is hundreds of megabytes of small objects; in the bot's own heap, collecting them (and
 * the old index after a refresh) pauses the thread that keeps the gateway alive for 100 ms and
 * more. In a worker, the index has its own heap: the bot's thread only passes questions and
 * answers, and a refresh never stalls it. Each call is answered from the version serving when
 * the worker takes it up.
 */
import type { Worker } from 'node:worker_threads';
import { CacheError } from './cache.js';
import type { KnowledgeVersion } from '../answering/index.js';
import { type Article, ArticleError, type FileProblem } from '../articles/index.js';
import { LanguageDataError } from '../language/index.js';
import { readerFrom, type CallArgs, type CallName, type CallResult, type KnowledgeReader } from './calls.js';
import { RefreshInProgressError, type EngineLogger, type KnowledgeBaseOptions } from './knowledge-base.js';
import { startWorker } from './threads.js';

/** What the worker opens: plain data, copied to it. */
export interface HostInit {
  readonly dir: string;
  readonly cachePath?: string;
  readonly offThreadParagraphs?: number;
  readonly articleAnalysisTimeoutMs?: number;
  readonly meanings?: boolean;
  readonly maxMeaningSentences?: number;
  /**
   * The articles served before, as {@link joinArticles} gives them: set when a worker is
   * started again (see `KnowledgeBaseOptions.restore`).
   */
  readonly restore?: Uint8Array;
}

/**
 * How the serving version's articles changed since the host was last told: each added or
 * changed article as its JSON in bytes, by slug, and the slugs removed. The host keeps the
 * bytes, so that whatever happens to the cache or the folder a restarted worker serves the same
 * articles again; a refresh sends only what it changed. Bytes move between threads without a
 * copy and add no objects to the host's heap, where hundreds of thousands of paragraph strings
 * would lengthen every collection.
 */
export interface ServedChange {
  readonly changed: ReadonlyArray<readonly [slug: string, article: Uint8Array]>;
  readonly removed: readonly string[];
}

/** One article as the bytes of its JSON, for {@link ServedChange}. */
export function encodeArticle(article: Article): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(article));
}

/** The articles the host keeps ({@link encodeArticle}), as one JSON array in bytes. */
export function joinArticles(kept: Iterable<Uint8Array>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const article of kept) parts.push(parts.length === 0 ? OPEN_BRACKET : COMMA, article);
  parts.push(parts.length === 0 ? EMPTY_ARRAY : CLOSE_BRACKET);
  return Buffer.concat(parts);
}
const [OPEN_BRACKET, COMMA, CLOSE_BRACKET, EMPTY_ARRAY] = ['[', ',', ']', '[]'].map((text) => new TextEncoder().encode(text)) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];

/** The articles {@link joinArticles} joined. */
export function decodeArticles(bytes: Uint8Array): Article[] {
  return JSON.parse(new TextDecoder().decode(bytes)) as Article[];
}

/** A call to the worker: one of {@link KNOWLEDGE_CALLS}, with its arguments. */
export type HostCall = { [M in CallName]: { readonly id: number; readonly method: M; readonly args: CallArgs<M> } }[CallName];

/** An error as it crosses between threads (class and fields kept by name). */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  /** Where it was thrown, in the worker. */
  readonly stack?: string;
  readonly problems?: readonly FileProblem[];
  readonly folder?: string;
  readonly file?: string;
  readonly reason?: string;
}

/**
 * What the worker posts: a call's outcome (with the version serving after it, and how its
 * articles changed when they did since the last message, see {@link ServedChange}), a
 * log line, or how opening went.
 */
export type HostMessage =
  | { readonly id: number; readonly result: unknown; readonly version: KnowledgeVersion; readonly served?: ServedChange }
  | { readonly id: number; readonly error: SerializedError; readonly version: KnowledgeVersion; readonly served?: ServedChange }
  | { readonly log: { readonly level: 'info' | 'warn' | 'error'; readonly details: object; readonly message: string } }
  | { readonly opened: { readonly version: KnowledgeVersion; readonly served: ServedChange } }
  | { readonly failed: SerializedError };

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { name, message } = error;
  const common = { name, message, ...(error.stack !== undefined && { stack: error.stack }) };
  if (error instanceof ArticleError) return { ...common, problems: error.problems, ...(error.folder !== undefined && { folder: error.folder }) };
  if (error instanceof CacheError) return { ...common, file: error.file, reason: error.reason };
  return common;
}

/**
 * The error a {@link SerializedError} was: the same class where callers test for it, with the
 * worker's stack (where it went wrong, not where the message arrived).
 */
function deserializeError(error: SerializedError): Error {
  const rebuilt = error.name === 'ArticleError' && error.problems
    ? new ArticleError(error.problems, error.folder)
    : error.name === 'RefreshInProgressError'
      ? new RefreshInProgressError()
      : error.name === 'CacheError' && error.file !== undefined && error.reason !== undefined
        ? new CacheError(error.file, error.reason)
        : error.name === 'LanguageDataError'
          ? new LanguageDataError(error.message)
          : Object.assign(new Error(error.message), { name: error.name });
  if (error.stack !== undefined) rebuilt.stack = error.stack;
  return rebuilt;
}

/**
 * A refresh (or adoption) did not complete because the knowledge worker stopped while it ran.
 * `serving` is the version served once the worker started again (`undefined` when it could not
 * start): the version served before.
 */
export class RefreshInterruptedError extends Error {
  constructor(readonly serving: KnowledgeVersion | undefined) {
    super('The refresh did not complete: the knowledge worker stopped while it ran.');
    this.name = 'RefreshInterruptedError';
  }
}

/** Options for {@link KnowledgeWorker.open}. */
export type KnowledgeWorkerOptions = Pick<KnowledgeBaseOptions, 'cachePath' | 'logger' | 'offThreadParagraphs' | 'articleAnalysisTimeoutMs' | 'meanings' | 'maxMeaningSentences'>;

interface Pending {
  readonly method: CallName;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** Applies a {@link ServedChange} to the articles kept by slug, and returns them. */
function keep(kept: Map<string, Uint8Array>, change: ServedChange): Map<string, Uint8Array> {
  for (const slug of change.removed) kept.delete(slug);
  for (const [slug, article] of change.changed) kept.set(slug, article);
  return kept;
}

/**
 * A knowledge base in a worker thread, with `KnowledgeBase`'s refresh, adopt and flushCache,
 * and a {@link KnowledgeReader} for questions. Should the worker die, calls under way fail,
 * it is started again with the articles it served and later calls wait for it.
 */
export class KnowledgeWorker {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private closed = false;
  /** Settles when a restarted worker serves (at once while the first one does). */
  private starting: Promise<void> = Promise.resolve();
  /** The last restart failed: the next call starts the worker again. */
  private startFailed = false;

  private constructor(
    private worker: Worker,
    private version: KnowledgeVersion,
    /** The serving version's articles by slug, see {@link ServedChange}. */
    private readonly served: Map<string, Uint8Array>,
    private readonly init: HostInit,
    private readonly logger: EngineLogger | undefined,
  ) {
    this.attach(worker);
  }

  /**
   * Starts the worker and opens `dir` in it, as `KnowledgeBase.open` does. Rejects with
   * `ArticleError` when no article loads, or when the worker cannot start.
   */
  static async open(dir: string, options: KnowledgeWorkerOptions = {}): Promise<KnowledgeWorker> {
    const init: HostInit = {
      dir,
      ...(options.cachePath !== undefined && { cachePath: options.cachePath }),
      // This worker answers questions: every refresh analyses in the analysis worker, so that
      // no question waits behind analysis, however large the refresh.
      offThreadParagraphs: options.offThreadParagraphs ?? 1,
      ...(options.articleAnalysisTimeoutMs !== undefined && { articleAnalysisTimeoutMs: options.articleAnalysisTimeoutMs }),
      ...(options.meanings !== undefined && { meanings: options.meanings }),
      ...(options.maxMeaningSentences !== undefined && { maxMeaningSentences: options.maxMeaningSentences }),
    };
    const { worker, opened } = await KnowledgeWorker.start(init, options.logger);
    return new KnowledgeWorker(worker, opened.version, keep(new Map(), opened.served), init, options.logger);
  }

  private static start(init: HostInit, logger: EngineLogger | undefined) {
    type Opened = Extract<HostMessage, { opened: unknown }>['opened'];
    const worker = startWorker(new URL('./knowledge-worker-thread.js', import.meta.url), init);
    return new Promise<{ worker: Worker; opened: Opened }>((resolve, reject) => {
      const onMessage = (message: HostMessage) => {
        if ('log' in message) {
          logger?.[message.log.level](message.log.details, message.log.message);
        } else if ('opened' in message) {
          settle();
          resolve({ worker, opened: message.opened });
        } else if ('failed' in message) {
          settle();
          reject(deserializeError(message.failed));
        }
      };
      const onExit = (code: number) => {
        settle();
        reject(new Error(`the knowledge worker stopped while opening ${init.dir} (exit code ${code})`));
      };
      const onError = (error: Error) => {
        settle();
        reject(error);
      };
      const settle = () => {
        worker.off('message', onMessage).off('exit', onExit).off('error', onError);
      };
      worker.on('message', onMessage).on('exit', onExit).on('error', onError);
    });
  }

  private attach(worker: Worker): void {
    worker.on('message', (message: HostMessage) => {
      if ('log' in message) {
        this.logger?.[message.log.level](message.log.details, message.log.message);
        return;
      }
      if (!('id' in message)) return;
      const call = this.pending.get(message.id);
      this.pending.delete(message.id);
      this.version = message.version;
      if (message.served) keep(this.served, message.served);
      if ('error' in message) call?.reject(deserializeError(message.error));
      else call?.resolve(message.result);
    });
    worker.on('error', (error) => this.logger?.error({ err: error }, 'the knowledge worker failed'));
    worker.on('exit', (code) => {
      const lost = new Error(`the knowledge worker stopped (exit code ${code})`);
      const calls = [...this.pending.values()];
      this.pending.clear();
      if (!this.closed) this.restart(`exit code ${code}`);
      for (const call of calls) {
        if (call.method === 'refresh' || call.method === 'adopt') {
          // Told once the worker serves again, with the version it serves.
          this.starting.then(() => call.reject(new RefreshInterruptedError(this.version)), () => call.reject(new RefreshInterruptedError(undefined)));
        } else {
          call.reject(lost);
        }
      }
    });
  }

  /**
   * Starts a new worker after one died; calls made meanwhile wait for it. It serves the articles
   * served before, without reading the folder (taking their analyses from the cache when it
   * holds them), so that neither a refresh under way, nor a folder that cannot be read just now,
   * nor a cache that is off or not yet saved changes what members get. Should it fail to start,
   * the calls waiting get that error and the next call tries again.
   */
  private restart(reason: string): void {
    const before = this.version.hash;
    this.logger?.error({ reason, version: before }, 'the knowledge worker stopped; starting it again');
    const init: HostInit = { ...this.init, restore: joinArticles(this.served.values()) };
    this.starting = KnowledgeWorker.start(init, this.logger).then(async ({ worker, opened }) => {
      if (this.closed) {
        await worker.terminate();
        return;
      }
      this.worker = worker;
      this.version = opened.version;
      this.served.clear();
      keep(this.served, opened.served);
      this.attach(worker);
      // Only an article that now takes too long to analyse (skipped, and logged) changes it.
      if (opened.version.hash !== before) this.logger?.warn({ before, version: opened.version.hash }, 'the restarted knowledge worker serves another version');
      this.logger?.info({ version: opened.version.hash }, 'the knowledge worker is serving again');
    }, (error: unknown) => {
      this.logger?.error({ err: error }, 'could not start the knowledge worker again; the next call tries again');
      this.startFailed = true;
      throw error;
    });
    // Each waiting call reports the failure; this promise is not one of them.
    this.starting.catch(() => undefined);
  }

  private async call<M extends CallName>(method: M, args: CallArgs<M>): Promise<CallResult<M>> {
    if (this.startFailed && !this.closed) {
      this.startFailed = false;
      this.restart('the last start failed');
    }
    await this.starting;
    if (this.closed) throw new Error('the knowledge base is closed');
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ id, method, args });
    });
  }

  /** Questions to the index serving now; `version` is the version as of this call. */
  get reader(): KnowledgeReader {
    return readerFrom(this.version, (method, args) => this.call(method, args));
  }

  /** See `KnowledgeBase.refresh`. */
  refresh(...args: CallArgs<'refresh'>): Promise<CallResult<'refresh'>> {
    return this.call('refresh', args);
  }

  /** See `KnowledgeBase.adopt`. */
  adopt(...args: CallArgs<'adopt'>): Promise<CallResult<'adopt'>> {
    return this.call('adopt', args);
  }

  /** See `KnowledgeBase.flushCache`. */
  flushCache(): Promise<void> {
    return this.call('flushCache', []);
  }

  /** See `KnowledgeBase.meaningsReady`. */
  meaningsReady(): Promise<void> {
    return this.call('meaningsReady', []);
  }

  /** Stops the worker (after a restart under way, the new one); calls under way fail. */
  async close(): Promise<void> {
    this.closed = true;
    // A worker that is starting is stopped as soon as it has (see `restart`); a failed start
    // has been logged.
    await this.starting.catch(() => undefined);
    await this.worker.terminate();
  }
}
