/**
 * The bot's own records (answers given, feedback, moderators' changes) in an embedded SQLite
 * database (better-sqlite3) under `DATA_DIR`. One process writes it: the bot (each shard under
 * sharding, with SQLite's lock and a busy timeout between them). Its schema is versioned: the
 * migrations not yet applied run in order at start, each in one transaction, so a database of
 * any earlier version is brought up to date and a failed migration leaves it as it was.
 *
 * Nothing here is needed to answer a question: a database that cannot be opened is reported,
 * and the bot answers without it.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';

/** A day in milliseconds: records are kept, pruned and reported on in days. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** The database file's name inside `DATA_DIR`. */
export const DATABASE_FILE = 'mou-bot.sqlite';
/**
 * How long a write waits for another process's lock before failing, in milliseconds: long
 * enough for another shard's write, short enough that an answer is not held up for long.
 * Range 100 to 10,000; default 5,000.
 */
export const BUSY_TIMEOUT_MS = 5_000;

/** What better-sqlite3 throws when a statement fails (the file locked, read-only or full…). */
export const SqliteError = SQLite.SqliteError;

/** One step of the schema: applied once, in order of `version`, inside a transaction. */
export interface Migration {
  /** 1, 2, 3…: each migration's version is one more than the one before it. */
  readonly version: number;
  /** What it does, for the log. */
  readonly name: string;
  /** The SQL it runs. */
  readonly sql: string;
}

/** The database could not be opened or brought up to date; `message` says what to check. */
export class DatabaseError extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'DatabaseError';
  }
}

/** An open database, its schema at the newest version. */
export interface Database {
  /** The better-sqlite3 connection, for the modules that keep records. */
  readonly sql: SQLite.Database;
  /** Absolute path of the database file. */
  readonly file: string;
  /** The schema version now (the last migration applied). */
  readonly version: number;
  close(): void;
}

/** Checks that migrations are numbered 1, 2, 3… in order; throws naming the first that is not. */
function checkMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((migration, i) => {
    if (migration.version !== i + 1) throw new Error(`database: migration "${migration.name}" has version ${migration.version}; expected ${i + 1}`);
  });
}

/**
 * Opens (creating when missing) the database in `dir` and applies the migrations it has not
 * had yet. A write waits `busyTimeoutMs` ({@link BUSY_TIMEOUT_MS} by default) for another
 * process's lock, and the write lock is taken once while opening so that a database another
 * process holds is found now, not at the first write. Throws {@link DatabaseError} when the folder
 * or file cannot be written, the file is not a database, another process holds it locked, or it
 * was written by a newer version.
 */
export function openDatabase(dir: string, migrations: readonly Migration[], options: { readonly busyTimeoutMs?: number } = {}): Database {
  checkMigrations(migrations);
  const file = path.resolve(dir, DATABASE_FILE);
  let sql: SQLite.Database | undefined;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    sql = new SQLite(file, { timeout: options.busyTimeoutMs ?? BUSY_TIMEOUT_MS });
    // Write-ahead logging: readers never wait for the writer, and a crash loses no commit.
    sql.pragma('journal_mode = WAL');
    sql.pragma('foreign_keys = ON');
    const version = migrate(sql, migrations);
    checkWritable(sql);
    const open = sql;
    return { sql: open, file, version, close: () => open.close() };
  } catch (error) {
    sql?.close();
    if (error instanceof DatabaseError) throw error;
    throw new DatabaseError(`the database ${file} cannot be used (${describe(error)}); check that DATA_DIR is a folder the bot may write, and that no other program holds the file`, { cause: error });
  }
}

/**
 * Takes the write lock and lets it go, waiting the busy timeout for it like any write. A database
 * already up to date is only read while opening, and reading succeeds beside another program's
 * lock; without this check the first answer or click would be the one to find it locked.
 */
function checkWritable(sql: SQLite.Database): void {
  sql.exec('BEGIN IMMEDIATE');
  sql.exec('ROLLBACK');
}

function describe(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  if (message === undefined) return String(error);
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}

/** Applies the migrations after the database's `user_version`; returns the version reached. */
function migrate(sql: SQLite.Database, migrations: readonly Migration[]): number {
  const current = sql.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new DatabaseError(`the database ${sql.name} has schema version ${current}, newer than this bot's ${migrations.length}; run the newer bot, or move the file away to start afresh`);
  }
  for (const migration of migrations.slice(current)) {
    sql.transaction(() => {
      sql.exec(migration.sql);
      sql.pragma(`user_version = ${migration.version}`);
    })();
  }
  return migrations.length;
}
