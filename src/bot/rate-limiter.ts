/**
 * The per-member limit on questions: at most `max` in any window of `windowMs` (a sliding
 * window, so a burst at the end of one minute and the start of the next is still limited).
 */
import { UserError } from './errors.js';

/** Whether a request may go ahead; when not, when it may, and whether this is the first refusal since it last could. */
export type RateDecision =
  | { readonly ok: true }
  | { readonly ok: false; readonly retryAt: number; readonly firstRefusal: boolean };

/**
 * The per-member limit as the bot uses it: this process's {@link RateLimiter}, or under
 * `npm run start:sharded` the one limit every shard shares (`src/sharding/rate-limit.ts`).
 */
export interface QuestionLimiter {
  /** Records a request by `key` if it is within the limit. */
  take(key: string): RateDecision | Promise<RateDecision>;
  /** Like `take`, but throws a {@link UserError} saying when to try again. */
  check(key: string): void | Promise<void>;
  /** The message for a refused member. */
  refusal(retryAt: number): string;
}

interface Entry {
  /** When the requests still inside the window were allowed, oldest first (ms). */
  times: number[];
  warned: boolean;
}

/** Counts allowed requests per key (a user id). Refused requests do not count against the member. */
export class RateLimiter implements QuestionLimiter {
  private readonly entries = new Map<string, Entry>();
  private lastSweep: number;

  /** `now` returns the time in milliseconds (default `Date.now`). */
  constructor(readonly max: number, readonly windowMs: number, private readonly now: () => number = Date.now) {
    this.lastSweep = now();
  }

  /** Records a request by `key` if it is within the limit. */
  take(key: string): RateDecision {
    const now = this.now();
    this.sweep(now);
    const entry = this.entries.get(key) ?? { times: [], warned: false };
    entry.times = entry.times.filter((time) => time > now - this.windowMs);
    this.entries.set(key, entry);
    if (entry.times.length < this.max) {
      entry.times.push(now);
      entry.warned = false;
      return { ok: true };
    }
    const firstRefusal = !entry.warned;
    entry.warned = true;
    return { ok: false, retryAt: entry.times[0]! + this.windowMs, firstRefusal };
  }

  /** Like {@link take}, but throws a {@link UserError} saying when to try again. */
  check(key: string): void {
    const decision = this.take(key);
    if (!decision.ok) throw new UserError(this.refusal(decision.retryAt));
  }

  /** The message for a refused member: the limit, and when to try again as a Discord timestamp. */
  refusal(retryAt: number): string {
    // <t:…:R> shows as "in 42 seconds" in each member's own client, and counts down.
    return `You are asking quickly: the limit is ${this.max} question${this.max === 1 ? '' : 's'} per ${Math.round(this.windowMs / 1000)} seconds. `
      + `Try again <t:${Math.ceil(retryAt / 1000)}:R>.`;
  }

  /** Members being tracked; for tests and metrics. */
  get size(): number {
    return this.entries.size;
  }

  // Forgets members whose requests have all left the window, at most once per window, so the
  // map does not grow with every member who ever asked.
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, entry] of this.entries) {
      if ((entry.times.at(-1) ?? -Infinity) <= now - this.windowMs) this.entries.delete(key);
    }
  }
}
