/**
 * Changes waiting for a moderator's click: an article previewed by `/mou-admin add`, an article
 * `/mou-admin remove` asks about. The preview's buttons carry only an id; what they confirm is
 * kept here, in memory, for {@link CONFIRMATION_TTL_MS} (under sharding, a server's buttons come
 * back to the shard that showed them). After a restart the buttons say the preview expired.
 */
import { randomUUID } from 'node:crypto';
import type { NewArticle } from './intake.js';

/** How long a preview's buttons work, in milliseconds: Discord's own limit on answering an interaction. */
export const CONFIRMATION_TTL_MS = 15 * 60 * 1000;
/** Most previews kept at once; the oldest goes first. */
export const MAX_CONFIRMATIONS = 200;

/** Who asked, where, and the question they were shown. */
interface Asked {
  readonly userId: string;
  readonly guildId: string;
  /** The text of the preview or question, shown again if the change must wait. */
  readonly shown: string;
}

/** A change awaiting its confirmation. */
export type Pending =
  | (Asked & { readonly kind: 'add'; readonly article: NewArticle })
  | (Asked & { readonly kind: 'remove'; readonly file: string; readonly title: string });

/** What taking a confirmation found. */
export type Taken = { readonly ok: true; readonly pending: Pending } | { readonly ok: false; readonly reason: 'expired' | 'not yours' };

/** The changes awaiting a click, by id. */
export class Confirmations {
  private readonly waiting = new Map<string, { readonly pending: Pending; readonly at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Keeps `pending` and returns the id its buttons carry. */
  put(pending: Pending): string {
    this.prune();
    const id = randomUUID();
    this.waiting.set(id, { pending, at: this.now() });
    while (this.waiting.size > MAX_CONFIRMATIONS) this.waiting.delete(this.waiting.keys().next().value!);
    return id;
  }

  /**
   * Takes the change `id` for `userId`: it is gone from here until {@link Confirmations.restore}
   * puts it back, so a second click on the same button finds nothing.
   */
  take(id: string, userId: string): Taken {
    this.prune();
    const found = this.waiting.get(id);
    if (!found) return { ok: false, reason: 'expired' };
    if (found.pending.userId !== userId) return { ok: false, reason: 'not yours' };
    this.waiting.delete(id);
    return { ok: true, pending: found.pending };
  }

  /** Puts a taken change back, with a new time limit (its confirmation could not be carried out yet). */
  restore(id: string, pending: Pending): void {
    this.waiting.set(id, { pending, at: this.now() });
  }

  private prune(): void {
    const oldest = this.now() - CONFIRMATION_TTL_MS;
    for (const [id, { at }] of this.waiting) if (at < oldest) this.waiting.delete(id);
  }
}
