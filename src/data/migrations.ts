/**
 * The database's schema, as migrations applied in order (see `database.ts`). Never change a
 * migration that has shipped: add the next one.
 */
import type { Migration } from './database.js';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'the bot\'s records start',
    sql: `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;`,
  },
];
