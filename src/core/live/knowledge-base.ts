/**
 * The live knowledge base: the index answers come from, its cache, and refresh. A refresh reads
 * the folder again and prepares the new index while the current one keeps answering, then
 * swaps it in. A broken folder leaves the current index serving, and the error names every
 * bad file.
 */
import { CacheError, readIndexCache, removeStaleTemporaryFiles, writeIndexCache, type IndexCache } from './cache.js';
import type { KnowledgeVersion } from '../answering/index.js';
import { type Article, ArticleError, type FileProblem, KNOWLEDGE_FOLDER, loadArticles, type LoadedArticles } from '../articles/index.js';
import { ArticleIndex, type BuildOptions, diffArticles, type ReuseAnalyses, versionOf } from '../search/index.js';
import { analyseLeavingOutSlow, analyseOffThread, AnalysisTimeoutError } from './off-thread.js';
import { fillMeanings, type MeaningProgress } from './meanings.js';
import { MeaningWorker } from './meaning-worker.js';
import { SAVED_COPIES_DIR, SentenceEncoder } from '../language/index.js';
import { prepareLanguageData } from './language-data.js';
import { durationText } from '../present/index.js';
import { readerOf, type KnowledgeReader } from './calls.js';
import { pause } from '../runtime/index.js';

/** What a refresh changed (or, for a dry run, would change). */
export interface RefreshReport {
  readonly dryRun: boolean;
  /** Whether every article was analysed again (otherwise only new and changed ones were). */
  readonly full: boolean;
  /** Titles of articles added, changed (different bytes) and removed. */
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  readonly passagesBefore: number;
  readonly passagesAfter: number;
  readonly versionBefore: KnowledgeVersion;
  /** The version now serving (for a dry run, the version that would serve). */
  readonly version: KnowledgeVersion;
  /** Files in the folder that are not articles (wrong name ending). */
  readonly ignored: readonly string[];
  readonly milliseconds: number;
}

/** How to refresh: see {@link KnowledgeBase.refresh}. */
export interface RefreshOptions {
  /** Only report what would change; keep serving the current index. */
  readonly dryRun?: boolean;
  /** Analyse every article again, not only new and changed ones. */
  readonly full?: boolean;
}

/** A refresh was asked for while another was running. */
export class RefreshInProgressError extends Error {
  constructor() {
    super('A refresh is already running; try again when it has finished.');
    this.name = 'RefreshInProgressError';
  }
}

/** Where the knowledge base reports what it does with its cache. Any pino-like logger fits. */
export interface EngineLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** Options for {@link KnowledgeBase.open}. */
export interface KnowledgeBaseOptions extends BuildOptions {
  /** Where to keep the index cache; no cache when omitted. */
  readonly cachePath?: string;
  readonly logger?: EngineLogger;
  /**
   * A refresh that analyses at least this many paragraphs does it in a worker thread, where
   * each article has `articleAnalysisTimeoutMs`; {@link OFF_THREAD_PARAGRAPHS} by default,
   * `Infinity` never (neither at refresh nor at opening). Opening, which serves nobody yet, goes
   * there from {@link OFF_THREAD_PARAGRAPHS} paragraphs even when this is lower, or for an
   * article of at least {@link OFF_THREAD_CHARACTERS} characters.
   */
  readonly offThreadParagraphs?: number;
  /**
   * Longest the analysis of one article may take in that worker, in milliseconds: a refresh
   * refuses such an article, and opening leaves it out with a warning.
   * `ARTICLE_ANALYSIS_TIMEOUT_MS` by default.
   */
  readonly articleAnalysisTimeoutMs?: number;
  /**
   * Whether sentences get meaning vectors (see `SentenceEncoder`): computed in a worker thread
   * after the index is built, newest articles first, while the index already answers, and
   * saved with the cache. Off by default: a knowledge base for a quick look does without.
   */
  readonly meanings?: boolean;
  /** Most sentences given meaning vectors; {@link MAX_MEANING_SENTENCES} by default. */
  readonly maxMeaningSentences?: number;
  /** Told how far the computation of meaning vectors has come, after each step. */
  readonly onMeaningProgress?: (progress: MeaningProgress) => void;
  /**
   * The articles of a version to serve again, without reading the folder: what a restarted
   * knowledge worker served before it stopped (a refresh it was running, or a folder that is
   * missing for a moment, must not change it). Analyses come from the cache where it holds
   * them; the rest are analysed again.
   */
  readonly restore?: readonly Article[];
}

/** What a moderator is told when the analysis worker fails during a refresh (details are logged). */
export const ANALYSIS_FAILED = 'could not be analysed: the analysis worker failed; the refresh is refused and the current version keeps serving. Try again; the log says why';

/** The problem of an article whose analysis took too long, ending with what became of it. */
function tooSlow(late: AnalysisTimeoutError, outcome: string): string {
  return `took longer than ${durationText(late.milliseconds)} to analyse; ${outcome}. Split the article, or remove encoded data (images, long codes) from it`;
}

/**
 * Paragraphs from which a refresh analyses in a worker thread (when the knowledge base is not
 * told otherwise): enough work to outweigh the worker's start, which loads the NLP model. The
 * bot's knowledge worker analyses every refresh there (1). Range 1 to tens of thousands;
 * default 1,000.
 */
export const OFF_THREAD_PARAGRAPHS = 1_000;

/**
 * Length, in characters, from which opening analyses an article in a worker thread under the
 * time limit (`articleAnalysisTimeoutMs`), however few paragraphs it has. Analysis is linear in
 * an article's length, so a shorter one cannot come near the limit, and analysing it here
 * spares the start of a worker. Range 10,000 to the article size limit; default 100,000.
 */
export const OFF_THREAD_CHARACTERS = 100_000;

/** The paragraphs of `articles`, which decide whether analysing them is worth a worker thread. */
function paragraphCount(articles: readonly Article[]): number {
  return articles.reduce((sum, article) => sum + article.paragraphs.length, 0);
}

/** The characters of an article's text that analysis reads. */
function charactersOf(article: Article): number {
  return article.paragraphs.reduce((sum, paragraph) => sum + paragraph.length, article.title.length);
}

/** Gives the index the meaning vectors the cache holds for paragraphs of the same text. */
export function attachMeanings(index: ArticleIndex, cache: IndexCache): void {
  const known = new Map<string, Int8Array>();
  for (const { article, meanings } of cache.articles.values()) {
    article.paragraphs.forEach((text, i) => {
      const vectors = meanings?.[i];
      if (vectors) known.set(text, vectors);
    });
  }
  if (known.size > 0) index.attachMeanings((text) => known.get(text));
}

/** Orders articles by slug, as `loadArticles` does. */
const bySlug = (a: Article, b: Article): number => (a.slug < b.slug ? -1 : 1);

/** The articles a cache holds, as a loaded folder of them. */
function articlesOf(cache: IndexCache): LoadedArticles {
  const articles = [...cache.articles.values()].map((c) => c.article).sort(bySlug);
  return { articles, ignored: [] };
}

/** What a cache knows of the articles it holds unchanged (same id and bytes). */
export function reuseFrom(cache: IndexCache): ReuseAnalyses {
  return (article: Article) => {
    const cached = cache.articles.get(article.slug);
    return cached && cached.article.hash === article.hash && cached.analyses.length === article.paragraphs.length ? cached : undefined;
  };
}

/**
 * The knowledge base a bot serves from a folder. `index` is always a complete, working index;
 * {@link KnowledgeBase.refresh} replaces it only when the new one is ready.
 */
export class KnowledgeBase {
  private refreshing = false;
  private saving: Promise<void> = Promise.resolve();
  /** Settles when the sentences of the serving index have their meaning vectors. */
  private filling: Promise<void> = Promise.resolve();
  private encoder: MeaningWorker | undefined;
  private closed = false;
  /**
   * A restored version whose cache is not written: the cache held another version (one a
   * refresh or another shard saved since), which a restarted worker must not overwrite with
   * the older one it serves again.
   */
  private unsaved: string | undefined;

  private constructor(
    readonly dir: string,
    private current: ArticleIndex,
    private readonly options: KnowledgeBaseOptions,
    /** Whether the index came whole from the cache (`cache`) or was (partly) built (`build`). */
    readonly openedFrom: 'cache' | 'build',
    /** Broken files left out when the knowledge base was opened. */
    readonly skipped: readonly FileProblem[],
  ) {}

  /**
   * Loads and indexes a folder (or the articles of `restore`). Broken files, and articles whose
   * analysis takes longer than `articleAnalysisTimeoutMs` (see `offThreadParagraphs`), are left
   * out, logged and listed in `skipped` (a bot must start even when one file is bad);
   * `ArticleError` only when no article loads, and
   * `LanguageDataError` when the language data is missing (see {@link prepareLanguageData}).
   * With `cachePath`, takes the analyses of unchanged articles from the cache, and saves the
   * cache when it did not hold this exact version; a corrupt or truncated cache is logged and
   * rebuilt.
   */
  static async open(dir: string, options: KnowledgeBaseOptions = {}): Promise<KnowledgeBase> {
    if (!options.thesaurus || !options.vectors) await prepareLanguageData((message) => options.logger?.info({ folder: SAVED_COPIES_DIR }, message));
    const cache = options.cachePath === undefined ? undefined : await KnowledgeBase.readCache(options.cachePath, options.logger);
    // Restored articles come in the order a folder gives them, so that ties rank as before.
    const read = options.restore ? { articles: [...options.restore].sort(bySlug), ignored: [] } : await loadArticles(dir, { skipBroken: true });
    const { loaded, reuse } = await KnowledgeBase.analyseBeforeOpening(read, cache, options);
    for (const { file, problem } of loaded.skipped ?? []) options.logger?.warn({ file, problem }, 'article skipped: fix it, then refresh');
    if (loaded.ignored.length > 0) options.logger?.info({ files: loaded.ignored }, 'files ignored (not .md, .markdown or .txt)');
    if (loaded.articles.length === 0) throw new ArticleError(loaded.skipped ?? [], dir);
    // Opening serves nobody yet: the search index is built in one step, the fast way.
    const index = await ArticleIndex.build(loaded, { ...options, bulk: true }, reuse);
    const openedFrom = cache?.hash === index.version.hash ? 'cache' : 'build';
    if (cache) attachMeanings(index, cache);
    const base = new KnowledgeBase(dir, index, options, openedFrom, loaded.skipped ?? []);
    const what = options.restore ? 'knowledge base restored' : 'knowledge base loaded';
    options.logger?.info({ version: index.version.hash, articles: index.version.articles, passages: index.version.passages, openedFrom }, what);
    if (options.restore && cache && openedFrom === 'build') {
      base.unsaved = index.version.hash;
      options.logger?.info({ cache: options.cachePath, cached: cache.hash, version: index.version.hash }, 'the index cache holds another version; it is kept as it is');
    }
    if (openedFrom === 'build') base.saveCache();
    base.fillMeanings();
    return base;
  }

  /**
   * Analyses, before opening, the articles the cache does not know: in a worker thread when
   * they are many or one is long (see `offThreadParagraphs`), leaving out (as skipped files)
   * each article that takes longer than `articleAnalysisTimeoutMs`. Should the worker fail,
   * they are analysed while the index is built, on this thread, which serves nobody yet
   * (logged).
   */
  private static async analyseBeforeOpening(
    loaded: LoadedArticles,
    cache: IndexCache | undefined,
    options: KnowledgeBaseOptions,
  ): Promise<{ loaded: LoadedArticles; reuse: ReuseAnalyses | undefined }> {
    const cached = cache && reuseFrom(cache);
    const unknown = loaded.articles.filter((article) => !cached?.(article));
    const paragraphs = paragraphCount(unknown);
    const fewest = Math.max(options.offThreadParagraphs ?? OFF_THREAD_PARAGRAPHS, OFF_THREAD_PARAGRAPHS);
    const long = options.offThreadParagraphs !== Infinity && unknown.some((article) => charactersOf(article) >= OFF_THREAD_CHARACTERS);
    if (paragraphs === 0 || (paragraphs < fewest && !long)) return { loaded, reuse: cached };
    let analysed: Awaited<ReturnType<typeof analyseLeavingOutSlow>>;
    try {
      analysed = await analyseLeavingOutSlow(unknown, options.articleAnalysisTimeoutMs);
    } catch (error) {
      options.logger?.warn({ reason: error instanceof Error ? error.message : String(error) }, 'analysis worker failed; analysing while the index is built');
      return { loaded, reuse: cached };
    }
    const slow = new Set(analysed.slow.map((late) => late.file));
    const skipped = analysed.slow.map((late) => ({ file: late.file, problem: tooSlow(late, 'the article is skipped') }));
    return {
      loaded: { ...loaded, articles: loaded.articles.filter((article) => !slow.has(article.file)), skipped: [...(loaded.skipped ?? []), ...skipped] },
      reuse: (article) => cached?.(article) ?? analysed.reuse(article),
    };
  }

  /** Reads the cache, after removing what stopped processes left; `undefined` when unusable (logged). */
  private static async readCache(file: string, logger?: EngineLogger): Promise<IndexCache | undefined> {
    const removed = await removeStaleTemporaryFiles(file);
    if (removed.length > 0) logger?.info({ files: removed }, 'removed temporary cache files left by a stopped process');
    try {
      return await readIndexCache(file);
    } catch (error) {
      if (!(error instanceof CacheError)) throw error;
      if (error.reason === 'does not exist') logger?.info({ cache: file }, 'no index cache yet; building the index');
      else logger?.warn({ cache: file, reason: error.reason }, 'index cache unusable; rebuilding the index');
      return undefined;
    }
  }

  /** The index serving now. Take it once per question: a refresh may swap it between calls. */
  get index(): ArticleIndex {
    return this.current;
  }

  /** Questions to the index serving now, as a {@link KnowledgeReader} (what the bot uses). */
  get reader(): KnowledgeReader {
    const index = this.current;
    return readerOf({ index, questionMeaning: (question) => this.questionMeaning(question) });
  }

  /** Whether a refresh is running. */
  get isRefreshing(): boolean {
    return this.refreshing;
  }

  /**
   * Re-reads the folder and swaps in the new index (unless `dryRun`), analysing only new and
   * changed articles unless `full`. The current index keeps answering meanwhile. Throws
   * `ArticleError` (the current index stays) for a broken folder, and
   * {@link RefreshInProgressError} when a refresh is already running.
   */
  async refresh(options: RefreshOptions = {}): Promise<RefreshReport> {
    return this.exclusively(async () => {
      const started = performance.now();
      const before = this.current;
      const loaded = await loadArticles(this.dir);
      // On 15,000 articles each step below takes tens of milliseconds: let the bot breathe between.
      await pause();
      const changes = diffArticles(before.articleList(), loaded.articles);
      await pause();
      let version: KnowledgeVersion;
      if (options.dryRun) {
        version = versionOf(loaded.articles);
      } else {
        const reuse = await this.analyseAhead(options.full ? loaded.articles : [...changes.added, ...changes.changed]);
        this.current = options.full ? await ArticleIndex.build(loaded, this.options, reuse) : (await before.update(loaded, reuse, changes)).index;
        // A full rebuild starts a new store: the meanings of unchanged paragraphs carry over.
        if (options.full) this.current.attachMeanings((text) => before.meaningOf(text));
        version = this.current.version;
        this.saveCache();
        this.fillMeanings();
      }
      return {
        dryRun: options.dryRun ?? false,
        full: options.full ?? false,
        added: changes.added.map((a) => a.title),
        changed: changes.changed.map((a) => a.title),
        removed: changes.removed.map((a) => a.title),
        passagesBefore: before.version.passages,
        passagesAfter: version.passages,
        versionBefore: before.version,
        version,
        ignored: loaded.ignored,
        milliseconds: performance.now() - started,
      };
    });
  }

  /**
   * Switches to the version another process saved in the cache (sharding: one shard refreshes,
   * the others adopt its result, so every shard serves the same version). Only articles that
   * differ from the current index are taken from the cache. Throws {@link CacheError} when the
   * cache does not hold `expectedHash`.
   */
  async adopt(expectedHash: string): Promise<KnowledgeVersion> {
    const file = this.options.cachePath;
    if (file === undefined) throw new CacheError('(none)', 'no cache path is configured');
    return this.exclusively(async () => {
      if (this.current.version.hash === expectedHash) return this.current.version;
      const cache = await readIndexCache(file);
      if (cache.hash !== expectedHash) throw new CacheError(file, `holds version ${cache.hash}, not ${expectedHash}`);
      const { index } = await this.current.update(articlesOf(cache), reuseFrom(cache));
      attachMeanings(index, cache);
      this.current = index;
      this.fillMeanings();
      return index.version;
    });
  }

  /**
   * Analyses `articles` in a worker thread when they are many (see `off-thread.ts`), so the
   * index build on this thread only counts and indexes. `undefined` when they are few (a worker
   * costs more than it saves). Throws `ArticleError` naming an article whose analysis took too
   * long, or naming the folder when the worker failed: analysing here instead would hold up
   * every question for as long as it takes, with no limit.
   */
  private async analyseAhead(articles: readonly Article[]): Promise<ReuseAnalyses | undefined> {
    const paragraphs = paragraphCount(articles);
    if (paragraphs === 0 || paragraphs < (this.options.offThreadParagraphs ?? OFF_THREAD_PARAGRAPHS)) return undefined;
    try {
      return await analyseOffThread(articles, this.options.articleAnalysisTimeoutMs);
    } catch (error) {
      if (error instanceof AnalysisTimeoutError) {
        throw new ArticleError([{ file: error.file, problem: tooSlow(error, 'the refresh is refused') }]);
      }
      this.options.logger?.error({ reason: error instanceof Error ? error.message : String(error) }, 'analysis worker failed; the refresh is refused');
      throw new ArticleError([{ file: KNOWLEDGE_FOLDER, problem: ANALYSIS_FAILED }]);
    }
  }

  /**
   * The meaning vector of a question, to rank by closeness of whole sentences: only when the
   * knowledge base gives sentences meanings and some have theirs, else `undefined`.
   */
  async questionMeaning(question: string): Promise<Int8Array | undefined> {
    if (!this.options.meanings || !this.current.hasMeanings) return undefined;
    return (await SentenceEncoder.shared()).encode([question]);
  }

  /** Settles when the serving index's sentences have their meaning vectors (as many as it gets). */
  async meaningsReady(): Promise<void> {
    await this.filling;
  }

  /** Stops computing meaning vectors; the index keeps answering. */
  async close(): Promise<void> {
    this.closed = true;
    await this.encoder?.close();
    await this.filling;
  }

  /**
   * Computes, in a worker thread, the meaning vectors the serving index's sentences lack (after
   * any computation under way), then saves the cache. A failure is logged: answers go on
   * without sentence meanings.
   */
  private fillMeanings(): void {
    if (!this.options.meanings || this.closed) return;
    this.filling = this.filling.then(async () => {
      const index = this.current;
      const started = performance.now();
      this.encoder ??= new MeaningWorker();
      const encoder = this.encoder;
      try {
        const encoded = await fillMeanings(index, (sentences) => encoder.encode(sentences), {
          ...(this.options.maxMeaningSentences !== undefined && { maxSentences: this.options.maxMeaningSentences }),
          // A newer index (after a refresh) fills in its own turn.
          stopped: () => this.closed || this.current !== index,
          ...(this.options.onMeaningProgress && { onProgress: this.options.onMeaningProgress }),
        });
        if (encoded === 0) return;
        this.options.logger?.info({ paragraphs: encoded, milliseconds: Math.round(performance.now() - started) }, 'sentence meanings computed');
        if (this.current === index) this.saveCache();
      } catch (error) {
        if (!this.closed) this.options.logger?.warn({ err: error }, 'sentence meanings could not be computed; answering without them');
      }
    });
  }

  /** Waits until the cache holds the serving version (saves run in the background). */
  async flushCache(): Promise<void> {
    await this.saving;
  }

  private async exclusively<T>(work: () => Promise<T>): Promise<T> {
    if (this.refreshing) throw new RefreshInProgressError();
    this.refreshing = true;
    try {
      return await work();
    } finally {
      this.refreshing = false;
    }
  }

  /** Saves the serving version to the cache after any save under way; failures are logged. */
  private saveCache(): void {
    const file = this.options.cachePath;
    if (file === undefined) return;
    const index = this.current;
    if (index.version.hash === this.unsaved) return;
    this.saving = this.saving.then(async () => {
      const started = performance.now();
      try {
        await writeIndexCache(file, index.version.hash, index.analysedArticles());
        this.options.logger?.info({ cache: file, version: index.version.hash, milliseconds: Math.round(performance.now() - started) }, 'index cache saved');
      } catch (error) {
        this.options.logger?.error({ cache: file, err: error }, 'index cache could not be saved');
      }
    });
  }
}
