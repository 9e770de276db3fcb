/**
 * Messages between shards and the sharding manager, declared once. Refresh: one refresh runs at a
 * time across all shards: the shard that refreshes takes the manager's lock, refreshes and saves
 * the index cache, then asks the manager to have every other shard adopt that version. Rate
 * limit: a shard asks the manager, which keeps the one limit every shard shares, whether a
 * member may ask now.
 */
import type { RateDecision } from '../bot/rate-limiter.js';

/** Shard → manager. */
export type ShardToManager =
  | { readonly mou: 'lock'; readonly id: string }
  | { readonly mou: 'unlock'; readonly id: string }
  | { readonly mou: 'adopt'; readonly id: string; readonly hash: string }
  | { readonly mou: 'adopted'; readonly id: string; readonly hash: string | null; readonly error?: string }
  | { readonly mou: 'rate'; readonly id: string; readonly key: string };

/** Manager → shard. */
export type ManagerToShard =
  | { readonly mou: 'lock'; readonly id: string; readonly granted: boolean }
  | { readonly mou: 'adopt'; readonly id: string; readonly hash: string }
  | { readonly mou: 'adopt-result'; readonly id: string; readonly serving: number; readonly total: number }
  | { readonly mou: 'rate'; readonly id: string; readonly decision: RateDecision };

const KINDS = new Set(['lock', 'unlock', 'adopt', 'adopted', 'adopt-result', 'rate']);

/** Whether a process message is one of ours (discord.js sends its own on the same channel). */
export function isProtocolMessage(message: unknown): message is ShardToManager | ManagerToShard {
  return typeof message === 'object' && message !== null && KINDS.has((message as { mou?: unknown }).mou as string)
    && typeof (message as { id?: unknown }).id === 'string';
}
