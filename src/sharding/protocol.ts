/**
 * Messages between shards and the sharding manager, declared once. Refresh: one refresh runs at a
 * time across all shards: the shard that refreshes takes the manager's lock, refreshes and saves
 * the index cache, then asks the manager to have every other shard adopt that version. Rate
 * limit: a shard asks the manager, which keeps the one limit every shard shares, whether a
 * member may ask now. A shard sends through {@link sendToManager}, which never throws once the
 * manager is gone. Nothing here imports the answer engine (as `shard.ts` does): the manager,
 * which needs only this and `rate-limit.ts`, runs without loading it.
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

/** The process channel to the manager: `process` in a shard spawned by discord.js. */
export interface ManagerChannel {
  /** Whether the channel is open (`process.connected`): it closes for good when the manager exits. */
  readonly connected?: boolean;
  /** Sends a message; `callback` gets the error when it cannot be sent (`process.send`'s). */
  send(message: ShardToManager, callback?: (error: Error | null) => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

/** A message could not reach the manager: it has exited, or its channel failed. */
export class ManagerGoneError extends Error {
  constructor(kind: ShardToManager['mou'], options?: { cause: unknown }) {
    super(`the sharding manager cannot be reached (its channel is closed: has it stopped?); "${kind}" was not sent`, options);
    this.name = 'ManagerGoneError';
  }
}

/**
 * Sends `message` to the manager, never throwing and never leaving an error unhandled. Once the
 * manager has exited, `process.send` without a callback emits 'error' on `process`, which with
 * no listener crashes the shard; so the channel is checked first, the send gets a callback,
 * and `failed` is called (once) with a {@link ManagerGoneError} when the message did not go.
 */
export function sendToManager(channel: ManagerChannel, message: ShardToManager, failed: (error: ManagerGoneError) => void): void {
  if (channel.connected === false) {
    failed(new ManagerGoneError(message.mou));
    return;
  }
  channel.send(message, (error) => {
    if (error) failed(new ManagerGoneError(message.mou, { cause: error }));
  });
}
