/** The bot's own records: an embedded SQLite database with a versioned schema. */
export * from './database.js';
export { MIGRATIONS } from './migrations.js';
