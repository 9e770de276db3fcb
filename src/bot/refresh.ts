/**
 * Refresh as the bot sees it: one function that commands call with who asked. Today it refreshes
 * this process's knowledge base; with sharding it will ask a coordinator to refresh once and
 * broadcast the new index to every shard, and the command will not change.
 */
import { KnowledgeError, RefreshInProgressError, type KnowledgeBase, type RefreshReport } from '../core/index.js';
import type { Logger } from '../logger.js';

/** Who asked for a refresh, for the log. */
export interface Requester {
  readonly id: string;
  readonly name: string;
}

/**
 * Re-reads the knowledge folder, builds a new index and (unless `dryRun`) swaps it in. Rejects
 * with `KnowledgeError` (the old index keeps serving) or `RefreshInProgressError`.
 */
export type Refresher = (requestedBy: Requester, options: { readonly dryRun: boolean }) => Promise<RefreshReport>;

/** A {@link Refresher} for one knowledge base, which logs every refresh with who asked and the result. */
export function createRefresher(knowledge: Pick<KnowledgeBase, 'refresh'>, logger: Logger): Refresher {
  return async (requestedBy, { dryRun }) => {
    const log = logger.child({ event: 'refresh', requestedBy, dryRun });
    try {
      const report = await knowledge.refresh({ dryRun });
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
        ms: Math.round(report.milliseconds),
      }, dryRun ? 'refresh dry run' : 'knowledge refreshed');
      return report;
    } catch (error) {
      if (error instanceof KnowledgeError) {
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
