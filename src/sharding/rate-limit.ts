/**
 * One rate limit per member across shards. A member's interactions reach the shard of the server
 * they are in (DMs reach shard 0), so with a limit in each shard a member could ask the limit once
 * per shard. The manager keeps the one limit; each shard asks it whether a member may ask now.
 */
import { randomUUID } from 'node:crypto';
import { UserError } from '../bot/errors.js';
import type { QuestionLimiter, RateDecision, RateLimiter } from '../bot/rate-limiter.js';
import type { Logger } from '../logger.js';
import { isProtocolMessage, type ManagerChannel, type ManagerToShard, sendToManager, type ShardToManager } from './protocol.js';

/**
 * How long a shard waits for the manager's answer before it decides alone, with its own limit,
 * in milliseconds: a question must not wait long for its rate limit. Default 2,000; anything from
 * a few hundred milliseconds (a busy manager) to a few seconds makes sense.
 */
export const RATE_ANSWER_TIMEOUT_MS = 2_000;

/** What the manager needs of a discord.js `Shard` to answer it. */
export interface RateShard {
  send(message: ManagerToShard): Promise<unknown>;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

/** The manager's side: answers a shard's rate-limit questions from the one `limiter`. */
export function serveRateLimit(shard: RateShard, limiter: RateLimiter, logger: Logger): void {
  shard.on('message', (message) => {
    if (!isProtocolMessage(message) || message.mou !== 'rate' || !('key' in message)) return;
    shard.send({ mou: 'rate', id: message.id, decision: limiter.take(message.key) }).catch((error: unknown) => {
      logger.warn({ err: error }, 'could not answer a shard\'s rate-limit question');
    });
  });
}

/**
 * A shard's side: takes each request from the manager's limit. Should the manager not answer in
 * {@link RATE_ANSWER_TIMEOUT_MS} (it is restarting, say), or be gone (its channel closed), the
 * shard decides with `local`, its own limit, so that a member is still limited and never kept
 * waiting.
 */
export class SharedRateLimiter implements QuestionLimiter {
  private readonly waiting = new Map<string, (decision: RateDecision) => void>();

  constructor(
    private readonly channel: ManagerChannel,
    private readonly local: RateLimiter,
    private readonly logger: Logger,
    private readonly timeoutMs = RATE_ANSWER_TIMEOUT_MS,
  ) {
    // One listener for every question, however many are waiting.
    channel.on('message', (message) => {
      if (!isProtocolMessage(message) || message.mou !== 'rate' || !('decision' in message)) return;
      this.waiting.get(message.id)?.(message.decision);
    });
  }

  take(key: string): Promise<RateDecision> {
    const id = randomUUID();
    return new Promise((resolve) => {
      // The first of the manager's answer, the time-out and a failed send decides.
      const settle = (decide: () => RateDecision) => {
        if (!this.waiting.delete(id)) return;
        clearTimeout(timer);
        resolve(decide());
      };
      const alone = (details: object, message: string) => settle(() => {
        this.logger.warn(details, message);
        return this.local.take(key);
      });
      const timer = setTimeout(() => alone({ timeoutMs: this.timeoutMs }, 'the sharding manager did not answer a rate-limit question; this shard decided alone'), this.timeoutMs);
      this.waiting.set(id, (decision) => settle(() => decision));
      sendToManager(this.channel, { mou: 'rate', id, key } satisfies ShardToManager, (error) => {
        alone({ err: error }, 'the sharding manager cannot be reached for a rate-limit question; this shard decided alone');
      });
    });
  }

  async check(key: string): Promise<void> {
    const decision = await this.take(key);
    if (!decision.ok) throw new UserError(this.refusal(decision.retryAt));
  }

  refusal(retryAt: number): string {
    return this.local.refusal(retryAt);
  }
}
