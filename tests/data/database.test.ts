import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DATABASE_FILE, DatabaseError, openDatabase, type Migration } from '../../src/data/database.js';
import { MIGRATIONS } from '../../src/data/migrations.js';

const NOTES: Migration[] = [
  { version: 1, name: 'notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL) STRICT;' },
  { version: 2, name: 'note authors', sql: 'ALTER TABLE notes ADD COLUMN author TEXT;' },
];

describe('openDatabase', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mou-data-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('creates the folder and the database, at the newest schema version, in WAL mode', () => {
    const database = openDatabase(path.join(dir, 'data'), MIGRATIONS);
    try {
      expect(database.version).toBe(MIGRATIONS.length);
      expect(database.file).toBe(path.join(dir, 'data', DATABASE_FILE));
      expect(database.sql.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      database.close();
    }
  });

  test('brings a database of an older schema up to date and keeps its rows', () => {
    const old = openDatabase(dir, NOTES.slice(0, 1));
    old.sql.prepare('INSERT INTO notes (text) VALUES (?)').run('kept');
    old.close();
    const database = openDatabase(dir, NOTES);
    try {
      expect(database.version).toBe(2);
      database.sql.prepare('UPDATE notes SET author = ?').run('ann');
      expect(database.sql.prepare('SELECT text, author FROM notes').all()).toEqual([{ text: 'kept', author: 'ann' }]);
    } finally {
      database.close();
    }
  });

  test('leaves the database as it was when a migration fails', () => {
    openDatabase(dir, NOTES.slice(0, 1)).close();
    const broken = [...NOTES.slice(0, 1), { version: 2, name: 'broken', sql: 'ALTER TABLE notes ADD COLUMN a TEXT; THIS IS NOT SQL;' }];
    expect(() => openDatabase(dir, broken)).toThrow(DatabaseError);
    const database = openDatabase(dir, NOTES.slice(0, 1));
    try {
      expect(database.sql.prepare('SELECT name FROM pragma_table_info(\'notes\')').all()).toEqual([{ name: 'id' }, { name: 'text' }]);
    } finally {
      database.close();
    }
  });

  test('refuses a database written by a newer version, saying so', () => {
    openDatabase(dir, NOTES).close();
    expect(() => openDatabase(dir, NOTES.slice(0, 1))).toThrow(/schema version 2, newer than this bot's 1/);
  });

  test('reports a file that is not a database, with its path', async () => {
    await writeFile(path.join(dir, DATABASE_FILE), 'not a database, just text that is long enough to have a header'.repeat(20));
    expect(() => openDatabase(dir, MIGRATIONS)).toThrow(new RegExp(`the database ${path.join(dir, DATABASE_FILE).replace(/[/.]/g, '\\$&')} cannot be used`));
  });

  test('reports a database another program holds locked, once the busy timeout has passed', () => {
    const holder = new SQLite(path.join(dir, DATABASE_FILE));
    try {
      holder.pragma('journal_mode = WAL');
      holder.exec('BEGIN EXCLUSIVE');
      expect(() => openDatabase(dir, MIGRATIONS, { busyTimeoutMs: 100 })).toThrow(/cannot be used \(SQLITE_BUSY: database is locked\); check that DATA_DIR is a folder the bot may write, and that no other program holds the file/);
    } finally {
      holder.close();
    }
  });

  test('reports a database already up to date that another program holds locked, though reading it would succeed', () => {
    openDatabase(dir, MIGRATIONS).close();
    const holder = new SQLite(path.join(dir, DATABASE_FILE));
    try {
      holder.exec('BEGIN EXCLUSIVE');
      expect(() => openDatabase(dir, MIGRATIONS, { busyTimeoutMs: 100 })).toThrow(/cannot be used \(SQLITE_BUSY: database is locked\)/);
    } finally {
      holder.close();
    }
  });

  test('reports a DATA_DIR that is a file, not a folder', async () => {
    await writeFile(path.join(dir, 'data'), 'a file where the folder should be');
    expect(() => openDatabase(path.join(dir, 'data'), MIGRATIONS)).toThrow(/cannot be used \(EEXIST: file already exists/);
  });

  test('refuses migrations that are not numbered 1, 2, 3…', () => {
    expect(() => openDatabase(dir, [NOTES[1]!])).toThrow('database: migration "note authors" has version 2; expected 1');
  });
});
