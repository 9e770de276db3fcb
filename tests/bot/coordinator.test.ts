import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { RefreshCoordinator, type ShardHandle } from '../../src/sharding/coordinator.js';
import type { ManagerToShard } from '../../src/sharding/protocol.js';

const silent = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));

/** A shard that records what the manager sends it and can answer adoption requests. */
function fakeShard(id: number, adopt?: (hash: string) => string | null) {
  const sent: ManagerToShard[] = [];
  let listener: (message: unknown) => void = () => {};
  const shard: ShardHandle = {
    id,
    send: async (message) => {
      sent.push(message);
      if (message.mou === 'adopt' && adopt) {
        const hash = adopt(message.hash);
        setImmediate(() => listener(hash === null ? { mou: 'adopted', id: message.id, hash: null, error: 'broken' } : { mou: 'adopted', id: message.id, hash }));
      }
    },
    on: (_event, handler) => {
      listener = handler;
    },
  };
  return { shard, sent, receive: (message: unknown) => listener(message) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('RefreshCoordinator', () => {
  test('grants one refresh lock at a time across shards', async () => {
    const coordinator = new RefreshCoordinator(silent);
    const [a, b] = [fakeShard(0), fakeShard(1)];
    coordinator.attach(a.shard);
    coordinator.attach(b.shard);
    a.receive({ mou: 'lock', id: 'r1' });
    b.receive({ mou: 'lock', id: 'r2' });
    await settle();
    expect(a.sent).toEqual([{ mou: 'lock', id: 'r1', granted: true }]);
    expect(b.sent).toEqual([{ mou: 'lock', id: 'r2', granted: false }]);
    a.receive({ mou: 'unlock', id: 'r1' });
    b.receive({ mou: 'lock', id: 'r3' });
    await settle();
    expect(b.sent.at(-1)).toEqual({ mou: 'lock', id: 'r3', granted: true });
  });

  test('has every other shard adopt the new version and counts those that do', async () => {
    const coordinator = new RefreshCoordinator(silent);
    const builder = fakeShard(0);
    const follower = fakeShard(1, (hash) => hash);
    const broken = fakeShard(2, () => null);
    for (const s of [builder, follower, broken]) coordinator.attach(s.shard);
    builder.receive({ mou: 'adopt', id: 'r1', hash: 'abc' });
    await settle();
    expect(follower.sent).toEqual([{ mou: 'adopt', id: 'r1', hash: 'abc' }]);
    expect(builder.sent).toEqual([{ mou: 'adopt-result', id: 'r1', serving: 2, total: 3 }]);
  });

  test('reports without a shard that never answers, after the timeout', async () => {
    const coordinator = new RefreshCoordinator(silent, 50);
    const builder = fakeShard(0);
    coordinator.attach(builder.shard);
    coordinator.attach(fakeShard(1).shard);
    builder.receive({ mou: 'adopt', id: 'r1', hash: 'abc' });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(builder.sent).toEqual([{ mou: 'adopt-result', id: 'r1', serving: 1, total: 2 }]);
  });

  test('ignores messages that are not about refresh', async () => {
    const coordinator = new RefreshCoordinator(silent);
    const shard = fakeShard(0);
    coordinator.attach(shard.shard);
    shard.receive({ _ready: true });
    shard.receive('hello');
    await settle();
    expect(shard.sent).toEqual([]);
  });
});
