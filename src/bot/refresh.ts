/**
 * Refresh as the bot sees it: one function that commands call with who asked. Without sharding
 * it refreshes this process's knowledge base; under the sharding manager it refreshes once here
 * and has the manager bring every other shard to the same version (`src/sharding/`).
 *
 * A moderator's change to the knowledge folder (adding or removing an article) goes through the
 * same refresh, inside its lock: the change is made once no other refresh or change runs, and
 * undone when the refresh after it fails, so the folder and the index serving never disagree.
 */
import { ArticleError, RefreshInProgressError, RefreshInterruptedError, type KnowledgeBase, type RefreshReport } from '../core/index.js';
import type { Logger } from '../logger.js';
import type { ManagerChannel } from '../sharding/protocol.js';
import { refreshAcrossShards, type ShardCount } from '../sharding/shard.js';
import { UserError } from './errors.js';

/** Who asked for a refresh, for the log. */
export interface Requester {
  readonly id: string;
  readonly name: string;
}

/** A change to the knowledge folder that a refresh makes first, and takes back if it fails. */
export interface FolderChange {
  /** What it does, for the log: `{ action: 'add', file: 'valley-rail.md' }`. */
  readonly describe: Readonly<Record<string, string>>;
  /**
   * Changes the folder; runs once the refresh lock is held. A failure here cancels the refresh
   * (a `UserError` when the change cannot be made as asked, with nothing changed).
   */
  apply(): Promise<void>;
  /** Puts the folder back as it was before {@link FolderChange.apply}; runs when the refresh after it fails. */
  revert(): Promise<void>;
}

/** How to refresh: see {@link Refresher}. */
export interface RefreshRequest {
  /** Only report what would change; keep serving the current index. */
  readonly dryRun: boolean;
  /** A change to make to the folder first (never with `dryRun`). */
  readonly change?: FolderChange;
}

/**
 * Re-reads the knowledge folder, builds a new index and (unless `dryRun`) swaps it in, after
 * making `change`, if any. Rejects with `ArticleError` (the old index keeps serving, and the
 * change is undone), with `RefreshInProgressError` when another refresh or change is running
 * (nothing is changed), with `RefreshInterruptedError` when the knowledge worker stopped while
 * it ran, or with {@link ChangeNotRevertedError}.
 */
export type Refresher = (requestedBy: Requester, request: RefreshRequest) => Promise<BotRefreshReport>;

/**
 * A refresh after a change failed, and undoing the change failed too: the folder holds the
 * change while the index does not. The next successful refresh brings them together again.
 */
export class ChangeNotRevertedError extends Error {
  constructor(readonly refreshError: unknown, readonly revertError: unknown) {
    super(`the refresh after a change to the knowledge folder failed (${String(refreshError)}), and the change could not be undone (${String(revertError)})`);
    this.name = 'ChangeNotRevertedError';
  }
}

/** Makes `change`, then refreshes; undoes the change when the refresh fails. */
async function refreshAfter<R>(change: FolderChange | undefined, refresh: () => Promise<R>): Promise<R> {
  if (!change) return refresh();
  await change.apply();
  try {
    return await refresh();
  } catch (error) {
    try {
      await change.revert();
    } catch (revertError) {
      throw new ChangeNotRevertedError(error, revertError);
    }
    throw error;
  }
}

/** A refresh report, with how many shards serve the new version when the bot is sharded. */
export type BotRefreshReport = RefreshReport & { readonly shards?: ShardCount };

/**
 * A {@link Refresher} for one knowledge base, which logs every refresh with who asked and the
 * result. With `manager` (the channel to the sharding manager) the refresh spans all shards.
 */
export function createRefresher(knowledge: Pick<KnowledgeBase, 'refresh' | 'flushCache'>, logger: Logger, manager?: ManagerChannel): Refresher {
  // One refresh or change at a time in this process (the knowledge base's own lock is taken
  // only when its refresh starts, after a change has been made); across shards, the manager's.
  let running = false;
  return async (requestedBy, { dryRun, change }) => {
    const log = logger.child({ event: 'refresh', requestedBy, dryRun, ...(change && { change: change.describe }) });
    if (dryRun && change) throw new Error('refresh: a dry run cannot make a change');
    const locked = !running;
    try {
      if (!locked) throw new RefreshInProgressError();
      running = true;
      const refresh = () => refreshAfter(change, () => knowledge.refresh({ dryRun }));
      const report: BotRefreshReport = manager
        ? await refreshAcrossShards(manager, refresh, () => knowledge.flushCache(), { dryRun, logger: log })
        : await refresh();
      log.info({
        result: 'ok',
        added: report.added,
        changed: report.changed,
        removed: report.removed,
        passagesBefore: report.passagesBefore,
        passagesAfter: report.passagesAfter,
        versionBefore: report.versionBefore.hash,
        version: report.version.hash,
        ignored: report.ignored,
        ...(report.shards && { shards: report.shards }),
        ms: Math.round(report.milliseconds),
      }, dryRun ? 'refresh dry run' : 'knowledge refreshed');
      return report;
    } catch (error) {
      if (error instanceof ArticleError) {
        log.warn({ result: 'broken-files', problems: error.problems }, 'refresh failed; the old index keeps serving');
      } else if (error instanceof RefreshInProgressError) {
        log.info({ result: 'already-running' }, 'refresh refused: another one is running');
      } else if (error instanceof UserError) {
        log.info({ result: 'refused', reason: error.message }, 'change refused; nothing changed');
      } else if (error instanceof ChangeNotRevertedError) {
        log.error({ result: 'change-not-reverted', reason: String(error.refreshError), revertError: String(error.revertError) },
          'refresh failed after a change, and the change could not be undone: the knowledge folder holds it, the index does not');
      } else if (error instanceof RefreshInterruptedError) {
        log.warn({ result: 'interrupted', serving: error.serving?.hash ?? null }, 'refresh did not complete: the knowledge worker stopped');
      } else {
        // The error boundary logs the stack under the error id.
        log.warn({ result: 'error', reason: String(error) }, 'refresh failed unexpectedly');
      }
      throw error;
    } finally {
      if (locked) running = false;
    }
  };
}
