/**
 * The bot's use of its database for what members do: an answer is recorded when it is given,
 * and buttons and moderators' reports read the records. Answering never depends on them: a
 * record that cannot be written is logged and the answer goes out without it; what needs the
 * records (feedback, "show paragraph", reports) says plainly that it cannot work just now.
 */
import { SqliteError, type Database } from '../data/index.js';
import type { Logger } from '../logger.js';
import { UserError } from './errors.js';

/** What the records need from the bot's context. */
export interface RecordsContext {
  /** `undefined` when the database could not be opened at start (logged then). */
  readonly records: Database | undefined;
  readonly logger: Logger;
}

/**
 * Runs `work` on the database. Throws a {@link UserError} that says what cannot be done
 * (`doing`: "take feedback") when there is no database, or when it fails (locked by another
 * process past the busy timeout, read-only, full): logged as a warning, never a crash.
 */
export function useRecords<T>(context: RecordsContext, doing: string, work: (database: Database) => T): T {
  if (!context.records) throw new UserError(`My records are unavailable, so I cannot ${doing} right now. A moderator can see why in the bot's log.`);
  try {
    return work(context.records);
  } catch (error) {
    if (!(error instanceof SqliteError)) throw error;
    context.logger.warn({ err: error, doing }, 'the database failed');
    throw new UserError(`My records could not be reached just now, so I cannot ${doing}. Please try again in a moment.`);
  }
}

/**
 * Runs `work` on the database for something that may go without it (recording an answer):
 * its result, or `undefined` when there is no database or it failed (logged).
 */
export function tryRecords<T>(context: RecordsContext, doing: string, work: (database: Database) => T): T | undefined {
  if (!context.records) return undefined;
  try {
    return work(context.records);
  } catch (error) {
    if (!(error instanceof SqliteError)) throw error;
    context.logger.warn({ err: error, doing }, 'the database failed; going on without it');
    return undefined;
  }
}
