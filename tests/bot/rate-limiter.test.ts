import { describe, expect, test } from 'vitest';
import { UserError } from '../../src/bot/errors.js';
import { RateLimiter } from '../../src/bot/rate-limiter.js';

/** A limiter on a clock the test moves by hand. */
function limiterAt(max: number, windowMs: number) {
  const clock = { now: 1_000_000 };
  return { clock, limiter: new RateLimiter(max, windowMs, () => clock.now) };
}

describe('RateLimiter', () => {
  test('allows up to the limit in a window, then refuses until the oldest request leaves it', () => {
    const { clock, limiter } = limiterAt(2, 60_000);
    expect(limiter.take('ann')).toEqual({ ok: true });
    clock.now += 10_000;
    expect(limiter.take('ann')).toEqual({ ok: true });
    expect(limiter.take('ann')).toEqual({ ok: false, retryAt: 1_060_000, firstRefusal: true });

    clock.now = 1_060_000;
    expect(limiter.take('ann')).toEqual({ ok: true });
    expect(limiter.take('ann')).toEqual({ ok: false, retryAt: 1_070_000, firstRefusal: true });
  });

  test('says "first refusal" once until the member is allowed again', () => {
    const { clock, limiter } = limiterAt(1, 1000);
    limiter.take('ann');
    expect(limiter.take('ann')).toMatchObject({ ok: false, firstRefusal: true });
    expect(limiter.take('ann')).toMatchObject({ ok: false, firstRefusal: false });
    clock.now += 1000;
    expect(limiter.take('ann')).toEqual({ ok: true });
    expect(limiter.take('ann')).toMatchObject({ ok: false, firstRefusal: true });
  });

  test('refused requests do not extend the wait', () => {
    const { clock, limiter } = limiterAt(1, 1000);
    limiter.take('ann');
    for (let i = 0; i < 5; i++) {
      clock.now += 100;
      expect(limiter.take('ann')).toMatchObject({ ok: false, retryAt: 1_001_000 });
    }
  });

  test('counts each member separately', () => {
    const { limiter } = limiterAt(1, 1000);
    expect(limiter.take('ann')).toEqual({ ok: true });
    expect(limiter.take('bob')).toEqual({ ok: true });
    expect(limiter.take('ann').ok).toBe(false);
  });

  test('forgets members whose requests have all left the window', () => {
    const { clock, limiter } = limiterAt(1, 1000);
    limiter.take('ann');
    limiter.take('bob');
    clock.now += 1000;
    limiter.take('cat');
    expect(limiter.size).toBe(1);
  });

  test('check throws a UserError saying when to try again, as a Discord relative timestamp', () => {
    const { limiter } = limiterAt(1, 30_000);
    limiter.check('ann');
    expect(() => limiter.check('ann')).toThrow(UserError);
    expect(() => limiter.check('ann')).toThrow('You are asking quickly: the limit is 1 question per 30 seconds. Try again <t:1030:R>.');
  });
});
