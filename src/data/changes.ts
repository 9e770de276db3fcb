/**
 * The moderators' change log: every article added or removed from Discord, every undo and every
 * refresh, with who, when, where, and the knowledge base version before and after. `undo` reads
 * it to find what to revert; `history` lists it. Kept for good: a change is a few hundred bytes.
 */
import type { Database, Migration } from './database.js';

/** The change log's table (schema version 3). */
export const CHANGES_MIGRATION: Migration = {
  version: 3,
  name: 'moderators\' changes to the knowledge base',
  sql: `
    CREATE TABLE changes (
      id INTEGER PRIMARY KEY,
      at INTEGER NOT NULL,
      guild_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      user_name TEXT NOT NULL,
      action TEXT NOT NULL CHECK (action IN ('added', 'removed', 'refreshed')),
      title TEXT,
      file TEXT,
      trash_file TEXT,
      version_before TEXT NOT NULL,
      version_after TEXT NOT NULL,
      undoes INTEGER REFERENCES changes (id),
      undone_by INTEGER REFERENCES changes (id),
      not_undoable TEXT
    ) STRICT;
    CREATE INDEX changes_by_guild ON changes (guild_id, id);
  `,
};

/**
 * The hash of an added article's file as written (schema version 5), so that `undo` can tell
 * a file changed by hand since from the one it added. Changes recorded before have none.
 */
export const CHANGES_FILE_HASH_MIGRATION: Migration = {
  version: 5,
  name: 'the hash of each added file',
  sql: 'ALTER TABLE changes ADD COLUMN file_hash TEXT;',
};

/** Changes `history` lists: the newest this many. */
export const HISTORY_LENGTH = 20;

/** What a change did to the knowledge base. */
export type ChangeAction = 'added' | 'removed' | 'refreshed';

/** A change to record. */
export interface NewChange {
  /** The server the moderator was in. */
  readonly guildId: string;
  readonly userId: string;
  /** The moderator's name at the time, as shown in the history. */
  readonly userName: string;
  readonly action: ChangeAction;
  /** The article's title (added and removed). */
  readonly title?: string;
  /** The article's file name in the knowledge folder (added and removed). */
  readonly file?: string;
  /** Its name in the trash folder (removed). */
  readonly trashFile?: string;
  /** The hash of the file's bytes as written (added; see `articleFileHash`). */
  readonly fileHash?: string;
  /** The knowledge base version hashes before and after the change's refresh. */
  readonly versionBefore: string;
  readonly versionAfter: string;
  /** The id of the change this one undoes. */
  readonly undoes?: number;
  readonly at?: Date;
}

/** A recorded change. */
export interface ChangeRecord extends Omit<NewChange, 'at'> {
  readonly id: number;
  readonly at: Date;
  /** The change that undid this one. */
  readonly undoneBy?: number;
  /** Why `undo` passed over this change (its article had been changed or deleted since). */
  readonly notUndoable?: string;
}

interface ChangeRow {
  id: number;
  at: number;
  guild_id: string;
  user_id: string;
  user_name: string;
  action: ChangeAction;
  title: string | null;
  file: string | null;
  trash_file: string | null;
  file_hash: string | null;
  version_before: string;
  version_after: string;
  undoes: number | null;
  undone_by: number | null;
  not_undoable: string | null;
}

function fromRow(row: ChangeRow): ChangeRecord {
  return {
    id: row.id,
    at: new Date(row.at),
    guildId: row.guild_id,
    userId: row.user_id,
    userName: row.user_name,
    action: row.action,
    versionBefore: row.version_before,
    versionAfter: row.version_after,
    ...(row.title !== null && { title: row.title }),
    ...(row.file !== null && { file: row.file }),
    ...(row.trash_file !== null && { trashFile: row.trash_file }),
    ...(row.file_hash !== null && { fileHash: row.file_hash }),
    ...(row.undoes !== null && { undoes: row.undoes }),
    ...(row.undone_by !== null && { undoneBy: row.undone_by }),
    ...(row.not_undoable !== null && { notUndoable: row.not_undoable }),
  };
}

/**
 * Records a change and returns it with its id. A change that undoes another marks that one as
 * undone, in the same transaction.
 */
export function recordChange(database: Database, change: NewChange): ChangeRecord {
  const { sql } = database;
  return sql.transaction(() => {
    const { lastInsertRowid } = sql.prepare(`
      INSERT INTO changes (at, guild_id, user_id, user_name, action, title, file, trash_file, file_hash, version_before, version_after, undoes)
      VALUES (@at, @guildId, @userId, @userName, @action, @title, @file, @trashFile, @fileHash, @versionBefore, @versionAfter, @undoes)
    `).run({
      at: (change.at ?? new Date()).getTime(),
      guildId: change.guildId,
      userId: change.userId,
      userName: change.userName,
      action: change.action,
      title: change.title ?? null,
      file: change.file ?? null,
      trashFile: change.trashFile ?? null,
      fileHash: change.fileHash ?? null,
      versionBefore: change.versionBefore,
      versionAfter: change.versionAfter,
      undoes: change.undoes ?? null,
    });
    const id = Number(lastInsertRowid);
    if (change.undoes !== undefined) sql.prepare('UPDATE changes SET undone_by = ? WHERE id = ?').run(id, change.undoes);
    return fromRow(sql.prepare('SELECT * FROM changes WHERE id = ?').get(id) as ChangeRow);
  })();
}

/**
 * The change `undo` reverts next in a server: its newest add or remove that is not itself an
 * undo, has not been undone, and was not passed over; `undefined` when there is none.
 */
export function lastUndoable(database: Database, guildId: string): ChangeRecord | undefined {
  const row = database.sql.prepare(`
    SELECT * FROM changes
    WHERE guild_id = ? AND action IN ('added', 'removed') AND undoes IS NULL AND undone_by IS NULL AND not_undoable IS NULL
    ORDER BY id DESC LIMIT 1
  `).get(guildId) as ChangeRow | undefined;
  return row && fromRow(row);
}

/** Marks a change as one `undo` passes over from now on, with the reason (shown in the history). */
export function markNotUndoable(database: Database, id: number, reason: string): void {
  database.sql.prepare('UPDATE changes SET not_undoable = ? WHERE id = ?').run(reason, id);
}

/** A server's newest changes, newest first. */
export function recentChanges(database: Database, guildId: string, limit = HISTORY_LENGTH): ChangeRecord[] {
  const rows = database.sql.prepare('SELECT * FROM changes WHERE guild_id = ? ORDER BY id DESC LIMIT ?').all(guildId, limit) as ChangeRow[];
  return rows.map(fromRow);
}
