/**
 * The answers the bot gave: one row per question answered or declined, with what the member
 * asked, where, when, the knowledge base version, what was quoted and how confident the engine
 * was. Buttons under an answer carry its row id; follow-ups read the subject stored with it;
 * moderators read the questions declined or rated 👎.
 */
import type { Subject } from '../core/index.js';
import type { Database } from './database.js';
import { memberKey } from './members.js';

/** A citation as stored: enough to show and group sources without the knowledge base. */
export interface StoredCitation {
  readonly n: number;
  readonly passageId: string;
  readonly slug: string;
  readonly title: string;
  readonly paragraph: number;
  readonly url?: string;
}

/** What is recorded of an answer. */
export interface NewAnswer {
  readonly askedAt: Date;
  /** `null` in a DM. */
  readonly guildId: string | null;
  readonly channelId: string;
  /** The asker's Discord user id: stored only as a keyed hash (`members.ts`). */
  readonly askerId: string;
  /** The question as asked. */
  readonly question: string;
  /** What the engine searched (with the words a follow-up carried). */
  readonly searched: string;
  /** The question's normalised words, by which moderators' lists group questions. */
  readonly topic: string;
  /** What a follow-up carried from the question before it. */
  readonly carried?: Subject;
  /** What the next follow-up reads. */
  readonly subject: Subject;
  /** The engine had no confident answer. */
  readonly declined: boolean;
  readonly confidence: number;
  /** The knowledge base version that answered. */
  readonly knowledgeVersion: string;
  readonly citations: readonly StoredCitation[];
  readonly snippets: ReadonlyArray<{ readonly text: string; readonly citation: number }>;
}

/** An answer as read back. */
export interface StoredAnswer extends Omit<NewAnswer, 'askerId'> {
  readonly id: number;
  /** The asker's keyed hash. */
  readonly asker: string;
}

interface AnswerRow {
  id: number; asked_at: number; guild_id: string | null; channel_id: string; asker: string; question: string;
  searched: string; topic: string; carried: string | null; subject: string; declined: number; confidence: number;
  knowledge_version: string; citations: string; snippets: string;
}

function fromRow(row: AnswerRow): StoredAnswer {
  return {
    id: row.id,
    askedAt: new Date(row.asked_at),
    guildId: row.guild_id,
    channelId: row.channel_id,
    asker: row.asker,
    question: row.question,
    searched: row.searched,
    topic: row.topic,
    ...(row.carried !== null && { carried: JSON.parse(row.carried) as Subject }),
    subject: JSON.parse(row.subject) as Subject,
    declined: row.declined === 1,
    confidence: row.confidence,
    knowledgeVersion: row.knowledge_version,
    citations: JSON.parse(row.citations) as StoredCitation[],
    snippets: JSON.parse(row.snippets) as StoredAnswer['snippets'],
  };
}

/** Records an answer; returns its row id. Throws what better-sqlite3 throws (a locked or read-only file). */
export function recordAnswer(database: Database, answer: NewAnswer): number {
  const result = database.sql.prepare(`
    INSERT INTO answers (asked_at, guild_id, channel_id, asker, question, searched, topic, carried, subject, declined, confidence, knowledge_version, citations, snippets)
    VALUES (@askedAt, @guildId, @channelId, @asker, @question, @searched, @topic, @carried, @subject, @declined, @confidence, @knowledgeVersion, @citations, @snippets)
  `).run({
    askedAt: answer.askedAt.getTime(),
    guildId: answer.guildId,
    channelId: answer.channelId,
    asker: memberKey(database, answer.askerId),
    question: answer.question,
    searched: answer.searched,
    topic: answer.topic,
    carried: answer.carried === undefined ? null : JSON.stringify(answer.carried),
    subject: JSON.stringify(answer.subject),
    declined: answer.declined ? 1 : 0,
    confidence: answer.confidence,
    knowledgeVersion: answer.knowledgeVersion,
    citations: JSON.stringify(answer.citations),
    snippets: JSON.stringify(answer.snippets),
  });
  return Number(result.lastInsertRowid);
}

/** The answer with this row id; `undefined` when there is none (never recorded, or pruned). */
export function findAnswer(database: Database, id: number): StoredAnswer | undefined {
  const row = database.sql.prepare('SELECT * FROM answers WHERE id = ?').get(id) as AnswerRow | undefined;
  return row && fromRow(row);
}

/** The last answer given in a channel (or thread); `undefined` when there is none. */
export function lastAnswerIn(database: Database, channelId: string): StoredAnswer | undefined {
  const row = database.sql.prepare('SELECT * FROM answers WHERE channel_id = ? ORDER BY id DESC LIMIT 1').get(channelId) as AnswerRow | undefined;
  return row && fromRow(row);
}

/** A question moderators should look at: declined, or rated 👎 by its asker. */
export interface UnansweredQuestion {
  /** The normalised words the questions share. */
  readonly topic: string;
  /** The latest question of the group, as asked, and what was searched for it. */
  readonly question: string;
  readonly searched: string;
  /** How often it was asked and left unanswered (declined or 👎). */
  readonly count: number;
  readonly declined: number;
  readonly disliked: number;
  readonly lastAskedAt: Date;
}

/**
 * The questions asked in the server `guildId` since `since` that were declined or rated 👎 by
 * their asker, grouped by topic, most frequent first (then most recent), at most `limit`
 * groups. Questions from other servers and from DMs are never listed: a server's moderators see
 * only their own members' questions.
 *
 * The groups are counted first, keeping the id of each group's latest question, and only the
 * `limit` groups listed are joined back to read their question: the work grows with the answers
 * in the period, not with their square. The index `answers_by_guild_time` (schema version 4)
 * serves the period and server.
 */
export function unansweredQuestions(database: Database, guildId: string, since: Date, limit: number): UnansweredQuestion[] {
  const rows = database.sql.prepare(`
    WITH unanswered AS (
      SELECT a.id, a.topic, a.asked_at, a.declined,
        EXISTS (SELECT 1 FROM feedback f WHERE f.answer_id = a.id AND f.by_asker = 1 AND f.rating = -1) AS disliked
      FROM answers a
      WHERE a.guild_id = @guildId AND a.asked_at >= @since
    ),
    groups AS (
      SELECT topic, COUNT(*) AS count, SUM(declined) AS declined, SUM(disliked) AS disliked,
        MAX(asked_at) AS last_asked_at, MAX(id) AS last_id
      FROM unanswered
      WHERE declined = 1 OR disliked = 1
      GROUP BY topic
      ORDER BY count DESC, last_asked_at DESC, last_id DESC
      LIMIT @limit
    )
    SELECT g.topic, g.count, g.declined, g.disliked, g.last_asked_at, a.question, a.searched
    FROM groups g JOIN answers a ON a.id = g.last_id
    ORDER BY g.count DESC, g.last_asked_at DESC, g.last_id DESC
  `).all({ guildId, since: since.getTime(), limit }) as Array<{ topic: string; count: number; declined: number; disliked: number; last_asked_at: number; question: string; searched: string }>;
  return rows.map((row) => ({
    topic: row.topic, question: row.question, searched: row.searched, count: row.count,
    declined: row.declined, disliked: row.disliked, lastAskedAt: new Date(row.last_asked_at),
  }));
}

/** Deletes the answers (and the feedback on them) asked before `before`; returns how many. */
export function pruneAnswers(database: Database, before: Date): number {
  return database.sql.prepare('DELETE FROM answers WHERE asked_at < ?').run(before.getTime()).changes;
}
