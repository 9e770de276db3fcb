/**
 * The live knowledge base: the index answers come from, and refresh. A refresh reads the folder
 * again and builds a whole new index while the current one keeps answering, then swaps it in.
 * A broken folder leaves the current index serving, and the error names every bad file.
 */
import { KnowledgeIndex, type BuildOptions } from './engine.js';
import { loadKnowledge, type Article } from './knowledge.js';
import type { KnowledgeVersion } from './results.js';

/** What a refresh changed (or, for a dry run, would change). */
export interface RefreshReport {
  readonly dryRun: boolean;
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

/** A refresh was asked for while another was running. */
export class RefreshInProgressError extends Error {
  constructor() {
    super('A refresh is already running; try again when it has finished.');
    this.name = 'RefreshInProgressError';
  }
}

function diff(before: ReadonlyMap<string, Article>, after: readonly Article[]) {
  const afterSlugs = new Set(after.map((a) => a.slug));
  return {
    added: after.filter((a) => !before.has(a.slug)).map((a) => a.title),
    changed: after.filter((a) => before.has(a.slug) && before.get(a.slug)!.hash !== a.hash).map((a) => a.title),
    removed: [...before.values()].filter((a) => !afterSlugs.has(a.slug)).map((a) => a.title),
  };
}

/**
 * The knowledge base a bot serves from a folder. `index` is always a complete, working index;
 * {@link KnowledgeBase.refresh} replaces it only when the new one is fully built.
 */
export class KnowledgeBase {
  private refreshing = false;

  private constructor(
    readonly dir: string,
    private current: KnowledgeIndex,
    private readonly options: BuildOptions,
  ) {}

  /** Loads and indexes a folder. Throws `KnowledgeError` naming every broken file. */
  static async open(dir: string, options: BuildOptions = {}): Promise<KnowledgeBase> {
    return new KnowledgeBase(dir, await KnowledgeIndex.build(await loadKnowledge(dir), options), options);
  }

  /** The index serving now. Take it once per question: a refresh may swap it between calls. */
  get index(): KnowledgeIndex {
    return this.current;
  }

  /** Whether a refresh is running. */
  get isRefreshing(): boolean {
    return this.refreshing;
  }

  /**
   * Re-reads the folder, builds a new index and swaps it in (unless `dryRun`). The current
   * index keeps answering meanwhile. Throws `KnowledgeError` (the current index stays) for a
   * broken folder, and {@link RefreshInProgressError} when a refresh is already running.
   */
  async refresh(options: { dryRun?: boolean } = {}): Promise<RefreshReport> {
    if (this.refreshing) throw new RefreshInProgressError();
    this.refreshing = true;
    const started = performance.now();
    try {
      const before = this.current;
      const loaded = await loadKnowledge(this.dir);
      const articlesBefore = new Map(before.articleList().map((a) => [a.slug, a]));
      const changes = diff(articlesBefore, loaded.articles);
      const next = await KnowledgeIndex.build(loaded, this.options);
      if (!options.dryRun) this.current = next;
      return {
        dryRun: options.dryRun ?? false,
        ...changes,
        passagesBefore: before.version.passages,
        passagesAfter: next.version.passages,
        versionBefore: before.version,
        version: next.version,
        ignored: loaded.ignored,
        milliseconds: performance.now() - started,
      };
    } finally {
      this.refreshing = false;
    }
  }
}
