/**
 * The bot's own records: an embedded SQLite database with a versioned schema (`database.ts`,
 * `migrations.ts`), one module per concern: answers given (`answers.ts`), feedback on them
 * (`feedback.ts`), members as keyed hashes (`members.ts`), and moderators' changes to the
 * knowledge base (`changes.ts`).
 */
export * from './answers.js';
export * from './changes.js';
export * from './database.js';
export * from './feedback.js';
export { memberKey } from './members.js';
export { MIGRATIONS } from './migrations.js';
