/**
 * One rate limit per member across shards: shards ask the manager's limiter over their process
 * channel (here an in-memory pair of channels), and decide alone when the manager is silent.
 */
import { fork } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { UserError } from '../../src/bot/errors.js';
import { RateLimiter } from '../../src/bot/rate-limiter.js';
import { createLogger } from '../../src/logger.js';
import { serveRateLimit, SharedRateLimiter } from '../../src/sharding/rate-limit.js';
import type { ManagerChannel } from '../../src/sharding/protocol.js';

function recordingLogger() {
  const lines: Array<{ msg: string }> = [];
  const logger = createLogger('info', new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as { msg: string });
      done();
    },
  }));
  return { lines, logger };
}

/** A shard process's channel to the manager and the manager's handle on that shard, joined in memory. */
function shardPair() {
  const toShard = new EventEmitter();
  const toManager = new EventEmitter();
  const channel: ManagerChannel = {
    send: (message) => setImmediate(() => toManager.emit('message', message)),
    on: (event, listener) => toShard.on(event, listener),
    off: (event, listener) => toShard.off(event, listener),
  };
  const shard = {
    send: async (message: unknown) => {
      setImmediate(() => toShard.emit('message', message));
    },
    on: (event: 'message', listener: (message: unknown) => void) => toManager.on(event, listener),
  };
  return { channel, shard };
}

describe('SharedRateLimiter', () => {
  test('a member is limited once across shards, not once per shard', async () => {
    const { logger } = recordingLogger();
    const managerLimiter = new RateLimiter(3, 60_000);
    const shards = [shardPair(), shardPair()];
    for (const { shard } of shards) serveRateLimit(shard, managerLimiter, logger);
    const [zero, one] = shards.map(({ channel }) => new SharedRateLimiter(channel, new RateLimiter(3, 60_000), logger));

    expect(await zero!.take('ann')).toEqual({ ok: true });
    expect(await one!.take('ann')).toEqual({ ok: true });
    expect(await zero!.take('ann')).toEqual({ ok: true });
    expect(await one!.take('ann')).toMatchObject({ ok: false, firstRefusal: true });
    await expect(zero!.check('ann')).rejects.toThrow(UserError);
    await expect(zero!.check('ann')).rejects.toThrow(/^You are asking quickly: the limit is 3 questions per 60 seconds\. Try again <t:\d+:R>\.$/);
    expect(await one!.take('bob')).toEqual({ ok: true });
  });

  test('answers many questions at once, each with its own decision', async () => {
    const { logger } = recordingLogger();
    const { channel, shard } = shardPair();
    serveRateLimit(shard, new RateLimiter(10, 60_000), logger);
    const limiter = new SharedRateLimiter(channel, new RateLimiter(10, 60_000), logger);

    const decisions = await Promise.all(Array.from({ length: 15 }, () => limiter.take('ann')));
    expect(decisions.filter((decision) => decision.ok)).toHaveLength(10);
  });

  test('when the manager does not answer, the shard decides with its own limit and says so', async () => {
    const { lines, logger } = recordingLogger();
    const { channel } = shardPair();
    const limiter = new SharedRateLimiter(channel, new RateLimiter(1, 60_000), logger, 20);

    expect(await limiter.take('ann')).toEqual({ ok: true });
    expect(await limiter.take('ann')).toMatchObject({ ok: false });
    expect(lines.map((line) => line.msg)).toContain('the sharding manager did not answer a rate-limit question; this shard decided alone');
  });
});

describe('a shard whose manager has gone', () => {
  test('decides rate limits alone and refuses to refresh, instead of crashing on a closed channel', async () => {
    const shard = fork(fileURLToPath(new URL('./fixtures/orphan-shard.ts', import.meta.url)), {
      execArgv: ['--import', import.meta.resolve('tsx')], stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let stdout = '';
    let stderr = '';
    shard.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
    shard.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    await once(shard, 'message');
    // As when the manager exits: the shard's channel closes.
    shard.disconnect();
    const [code] = await once(shard, 'exit') as [number | null];

    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      // The shard's own limit of one question: the second is refused.
      decisions: [true, false],
      refresh: 'the sharding manager cannot be reached (its channel is closed: has it stopped?); "lock" was not sent',
    });
    expect(stderr).toContain('the sharding manager cannot be reached for a rate-limit question; this shard decided alone');
  }, 20_000);
});
