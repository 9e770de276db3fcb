/**
 * A shard's side of refresh under sharding. The shard a moderator asks refreshes (once, for
 * everyone) and saves the index cache; the manager then has every other shard adopt that
 * cached version, so all shards serve the same one. The reply says how many do.
 */
import { randomUUID } from 'node:crypto';
import { RefreshInProgressError, type KnowledgeBase } from '../core/index.js';
import type { Logger } from '../logger.js';
import { isProtocolMessage, type ManagerChannel, type ManagerToShard, sendToManager, type ShardToManager } from './protocol.js';

/** How long to wait for the manager's answer before giving up. */
const MANAGER_TIMEOUT_MS = 150_000;

/**
 * Sends a message to the manager and resolves with its answer of the same id and kind; rejects
 * when the manager does not answer in time, or at once with a {@link ManagerGoneError} when it
 * cannot be reached.
 */
function ask<K extends ManagerToShard['mou']>(channel: ManagerChannel, message: ShardToManager, kind: K): Promise<Extract<ManagerToShard, { mou: K }>> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      channel.off('message', listener);
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`the sharding manager did not answer (${kind})`));
    }, MANAGER_TIMEOUT_MS);
    const listener = (reply: unknown) => {
      if (!isProtocolMessage(reply) || reply.id !== message.id || reply.mou !== kind) return;
      stop();
      resolve(reply as Extract<ManagerToShard, { mou: K }>);
    };
    channel.on('message', listener);
    sendToManager(channel, message, (error) => {
      stop();
      reject(error);
    });
  });
}

/**
 * Answers the manager's requests to adopt a version another shard refreshed to. Returns a
 * function that stops listening.
 */
export function adoptRefreshes(knowledge: Pick<KnowledgeBase, 'adopt'>, channel: ManagerChannel, logger: Logger): () => void {
  const listener = (message: unknown) => {
    if (!isProtocolMessage(message) || message.mou !== 'adopt' || !('hash' in message)) return;
    const { id, hash } = message;
    const reply = (message: ShardToManager) => sendToManager(channel, message, (error) => {
      logger.warn({ err: error, version: hash }, 'could not tell the sharding manager the outcome of an adoption');
    });
    knowledge.adopt(hash).then(
      (version) => {
        logger.info({ event: 'refresh', version: version.hash }, 'adopted the version another shard refreshed to');
        reply({ mou: 'adopted', id, hash: version.hash });
      },
      (error: unknown) => {
        logger.error({ err: error, version: hash }, 'could not adopt the refreshed version');
        reply({ mou: 'adopted', id, hash: null, error: String(error) });
      },
    );
  };
  channel.on('message', listener);
  return () => channel.off('message', listener);
}

/** How many shards serve the refreshed version, for the refresh reply. */
export interface ShardCount {
  readonly serving: number;
  readonly total: number;
}

/**
 * Refresh for a shard: takes the manager's lock (another shard's refresh → {@link
 * RefreshInProgressError}), refreshes, saves the cache, and has the manager spread the version.
 * Rejects with a {@link ManagerGoneError} when the manager cannot be reached for the lock or
 * the spreading (nothing is refreshed without the lock).
 */
export async function refreshAcrossShards<R extends { readonly version: { readonly hash: string } }>(
  channel: ManagerChannel,
  refresh: () => Promise<R>,
  saveCache: () => Promise<void>,
  options: { readonly dryRun: boolean; readonly logger: Logger },
): Promise<R & { readonly shards?: ShardCount }> {
  const id = randomUUID();
  const lock = await ask(channel, { mou: 'lock', id }, 'lock');
  if (!lock.granted) throw new RefreshInProgressError();
  try {
    const report = await refresh();
    if (options.dryRun) return report;
    await saveCache();
    const { serving, total } = await ask(channel, { mou: 'adopt', id, hash: report.version.hash }, 'adopt-result');
    return { ...report, shards: { serving, total } };
  } finally {
    sendToManager(channel, { mou: 'unlock', id }, (error) => {
      options.logger.warn({ err: error }, 'could not release the sharding manager\'s refresh lock');
    });
  }
}
