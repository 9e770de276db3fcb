/**
 * The database's schema, as migrations applied in order (see `database.ts`). Never change a
 * migration that has shipped: add the next one. The change log's migration lives beside the code
 * that reads and writes it (`changes.ts`), as do its later changes.
 */
import { CHANGES_FILE_HASH_MIGRATION, CHANGES_MIGRATION } from './changes.js';
import type { Migration } from './database.js';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'the bot\'s records start',
    sql: `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;`,
  },
  {
    version: 2,
    name: 'answers and feedback',
    // Times are milliseconds since 1970 (UTC). Members appear only as keyed hashes (`members.ts`).
    // JSON columns: `carried` and `subject` (what a follow-up carried, what the next one reads),
    // `citations` ([{ passageId, slug, title, paragraph, … }]) and `snippets` ([{ text, citation }]).
    sql: `
      CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        asked_at INTEGER NOT NULL,
        guild_id TEXT,
        channel_id TEXT NOT NULL,
        asker TEXT NOT NULL,
        question TEXT NOT NULL,
        searched TEXT NOT NULL,
        topic TEXT NOT NULL,
        carried TEXT,
        subject TEXT NOT NULL,
        declined INTEGER NOT NULL CHECK (declined IN (0, 1)),
        confidence REAL NOT NULL,
        knowledge_version TEXT NOT NULL,
        citations TEXT NOT NULL,
        snippets TEXT NOT NULL
      ) STRICT;
      CREATE INDEX answers_by_time ON answers (asked_at);
      CREATE INDEX answers_by_channel ON answers (channel_id, id);
      CREATE TABLE feedback (
        answer_id INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
        member TEXT NOT NULL,
        by_asker INTEGER NOT NULL CHECK (by_asker IN (0, 1)),
        rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
        reason TEXT CHECK (reason IN ('wrong', 'incomplete', 'outdated', 'off-topic')),
        given_at INTEGER NOT NULL,
        PRIMARY KEY (answer_id, member)
      ) STRICT;
      CREATE INDEX feedback_by_time ON feedback (given_at);
    `,
  },
  CHANGES_MIGRATION,
  {
    version: 4,
    name: 'an index for the moderators\' reports',
    // The reports read one server's answers of a period (`unansweredQuestions`, `feedbackReport`); with the
    // topic and `declined` in the index, grouping them reads the index alone.
    sql: `CREATE INDEX answers_by_guild_time ON answers (guild_id, asked_at, topic, declined);`,
  },
  CHANGES_FILE_HASH_MIGRATION,
];
