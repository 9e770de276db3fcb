/**
 * The manager's side of refresh under sharding: a lock so that one refresh runs at a time
 * across shards, and the relay that makes every other shard adopt the refreshed version.
 */
import type { Logger } from '../logger.js';
import { isProtocolMessage, type ManagerToShard, type ShardToManager } from './protocol.js';

/** How long the other shards may take to adopt a new version before the refresh reports without them. */
export const ADOPT_TIMEOUT_MS = 120_000;
/** A refresh lock not released by then is taken back: its shard probably died mid-refresh. */
export const LOCK_TIMEOUT_MS = 15 * 60_000;

/** What the coordinator needs of a discord.js `Shard`. */
export interface ShardHandle {
  readonly id: number;
  send(message: ManagerToShard): Promise<unknown>;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

interface PendingAdoption {
  readonly waiting: Set<number>;
  serving: number;
  readonly done: () => void;
}

interface Lock {
  readonly id: string;
  readonly since: number;
}

/** Coordinates refresh between the shards of one sharding manager. */
export class RefreshCoordinator {
  private readonly shards = new Map<number, ShardHandle>();
  private holder: Lock | undefined;
  private readonly adoptions = new Map<string, PendingAdoption>();

  constructor(
    private readonly logger: Logger,
    private readonly adoptTimeoutMs = ADOPT_TIMEOUT_MS,
  ) {}

  /** Starts listening to a shard (call it for each shard the manager creates, respawns included). */
  attach(shard: ShardHandle): void {
    this.shards.set(shard.id, shard);
    shard.on('message', (message) => {
      if (!isProtocolMessage(message)) return;
      this.handle(shard, message as ShardToManager).catch((error: unknown) => {
        this.logger.error({ err: error, shard: shard.id }, 'refresh coordination failed');
      });
    });
  }

  private async handle(from: ShardHandle, message: ShardToManager): Promise<void> {
    switch (message.mou) {
      case 'lock': {
        if (this.holder && Date.now() - this.holder.since > LOCK_TIMEOUT_MS) {
          this.logger.warn({ lock: this.holder.id }, 'taking back a refresh lock held too long');
          this.holder = undefined;
        }
        const granted = this.holder === undefined;
        if (granted) this.holder = { id: message.id, since: Date.now() };
        await from.send({ mou: 'lock', id: message.id, granted });
        return;
      }
      case 'unlock':
        if (this.holder?.id === message.id) this.holder = undefined;
        return;
      case 'adopt': {
        const serving = await this.adoptEverywhere(from, message.id, message.hash);
        this.logger.info({ event: 'refresh', version: message.hash, serving, shards: this.shards.size }, 'shards adopted the refreshed version');
        await from.send({ mou: 'adopt-result', id: message.id, serving, total: this.shards.size });
        return;
      }
      case 'adopted': {
        const pending = this.adoptions.get(message.id);
        if (!pending?.waiting.delete(from.id)) return;
        if (message.error) this.logger.warn({ shard: from.id, error: message.error }, 'a shard could not adopt the refreshed version');
        else pending.serving++;
        if (pending.waiting.size === 0) pending.done();
        return;
      }
    }
  }

  /** Asks every shard but `from` to adopt `hash`; resolves with how many shards serve it (`from` included). */
  private async adoptEverywhere(from: ShardHandle, id: string, hash: string): Promise<number> {
    const others = [...this.shards.values()].filter((shard) => shard.id !== from.id);
    let finish = () => {};
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const pending: PendingAdoption = { waiting: new Set(others.map((s) => s.id)), serving: 1, done: () => finish() };
    const timer = setTimeout(() => {
      this.logger.warn({ version: hash, missing: [...pending.waiting] }, 'shards did not adopt the refreshed version in time');
      finish();
    }, this.adoptTimeoutMs);
    this.adoptions.set(id, pending);
    try {
      if (others.length === 0) return 1;
      for (const shard of others) {
        shard.send({ mou: 'adopt', id, hash }).catch((error: unknown) => {
          this.logger.warn({ err: error, shard: shard.id }, 'could not reach a shard');
          if (pending.waiting.delete(shard.id) && pending.waiting.size === 0) pending.done();
        });
      }
      await finished;
      return pending.serving;
    } finally {
      clearTimeout(timer);
      this.adoptions.delete(id);
    }
  }
}
