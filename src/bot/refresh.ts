/**
 * Refresh as the bot sees it: one function that commands call with who asked. Without sharding
 * it refreshes this process's knowledge base; under the sharding manager it refreshes once here
 * and has the manager bring every other shard to the same version (`src/sharding/`).
 */
import { ArticleError, RefreshInProgressError, type KnowledgeBase, type RefreshReport } from '../core/index.js';
import type { Logger } from '../logger.js';
import { refreshAcrossShards, type ManagerChannel, type ShardCount } from '../sharding/shard.js';

/** Who asked for a refresh, for the log. */
export interface Requester {
  readonly id: string;
  readonly name: string;
}

/**
 * Re-reads the knowledge folder, builds a new index and (unless `dryRun`) swaps it in. Rejects
 * with `ArticleError` (the old index keeps serving) or `RefreshInProgressError`.
 */
export type Refresher = (requestedBy: Requester, options: { readonly dryRun: boolean }) => Promise<BotRefreshReport>;

/** A refresh report, with how many shards serve the new version when the bot is sharded. */
export type BotRefreshReport = RefreshReport & { readonly shards?: ShardCount };

/**
 * A {@link Refresher} for one knowledge base, which logs every refresh with who asked and the
 * result. With `manager` (the channel to the sharding manager) the refresh spans all shards.
 */
export function createRefresher(knowledge: Pick<KnowledgeBase, 'refresh' | 'flushCache'>, logger: Logger, manager?: ManagerChannel): Refresher {
  return async (requestedBy, { dryRun }) => {
    const log = logger.child({ event: 'refresh', requestedBy, dryRun });
    try {
      const report: BotRefreshReport = manager
        ? await refreshAcrossShards(manager, () => knowledge.refresh({ dryRun }), () => knowledge.flushCache(), { dryRun })
        : await knowledge.refresh({ dryRun });
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
      } else {
        // The error boundary logs the stack under the error id.
        log.warn({ result: 'error', reason: String(error) }, 'refresh failed unexpectedly');
      }
      throw error;
    }
  };
}
