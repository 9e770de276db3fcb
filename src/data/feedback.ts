/**
 * Members' 👍 and 👎 on answers, with a reason for 👎. One rating per member per answer (a
 * second click replaces the first). The asker's rating is the answer's; other members' are
 * recorded as theirs and counted apart.
 */
import type { Database } from './database.js';
import { memberKey } from './members.js';

/** Why an answer was rated 👎. */
export const FEEDBACK_REASONS = ['wrong', 'incomplete', 'outdated', 'off-topic'] as const;
export type FeedbackReason = (typeof FEEDBACK_REASONS)[number];

/** Whether a text is one of {@link FEEDBACK_REASONS}. */
export function isFeedbackReason(text: string): text is FeedbackReason {
  return (FEEDBACK_REASONS as readonly string[]).includes(text);
}

/** A click on 👍 (`up`) or 👎 (`down`), or on a reason after 👎 (`reason`, which implies 👎). */
export interface NewFeedback {
  readonly answerId: number;
  /** The Discord user id of who clicked: stored only as a keyed hash. */
  readonly memberId: string;
  readonly rating: 'up' | 'down';
  readonly reason?: FeedbackReason;
  readonly givenAt: Date;
}

/** What a click changed: whether it was the asker's, or that the answer is not (or no longer) recorded. */
export type FeedbackOutcome = { readonly ok: true; readonly byAsker: boolean } | { readonly ok: false; readonly reason: 'unknown-answer' };

/**
 * Records a member's rating of an answer, replacing their earlier one. A 👎 keeps the reason
 * already given unless a new one comes with it; a 👍 clears it.
 */
export function recordFeedback(database: Database, feedback: NewFeedback): FeedbackOutcome {
  const { sql } = database;
  const asker = sql.prepare('SELECT asker FROM answers WHERE id = ?').pluck().get(feedback.answerId) as string | undefined;
  if (asker === undefined) return { ok: false, reason: 'unknown-answer' };
  const member = memberKey(database, feedback.memberId);
  const byAsker = member === asker;
  const rating = feedback.rating === 'up' ? 1 : -1;
  sql.prepare(`
    INSERT INTO feedback (answer_id, member, by_asker, rating, reason, given_at) VALUES (@answerId, @member, @byAsker, @rating, @reason, @givenAt)
    ON CONFLICT (answer_id, member) DO UPDATE SET
      rating = excluded.rating,
      reason = CASE WHEN excluded.rating = 1 THEN NULL ELSE COALESCE(excluded.reason, feedback.reason) END,
      given_at = excluded.given_at
  `).run({ answerId: feedback.answerId, member, byAsker: byAsker ? 1 : 0, rating, reason: feedback.reason ?? null, givenAt: feedback.givenAt.getTime() });
  return { ok: true, byAsker };
}

/** 👍 and 👎 counts, and the reasons given for 👎 (`none`: no reason given). */
export interface Ratings {
  readonly up: number;
  readonly down: number;
  readonly reasons: Readonly<Record<FeedbackReason | 'none', number>>;
}

/** Feedback since a moment: the askers' ratings overall and per article, and other members' apart. */
export interface FeedbackReport {
  /** Answers given in the period, and how many of them the engine declined. */
  readonly answers: number;
  readonly declined: number;
  /** The askers' ratings: one per answer at most. */
  readonly askers: Ratings;
  /** Other members' ratings of answers they did not ask for. */
  readonly others: Ratings;
  /** The askers' ratings by article cited (an answer citing two articles counts for both), most rated first. */
  readonly articles: ReadonlyArray<{ readonly slug: string; readonly title: string; readonly up: number; readonly down: number }>;
}

function ratings(rows: ReadonlyArray<{ rating: number; reason: string | null; count: number }>): Ratings {
  const reasons: Record<FeedbackReason | 'none', number> = { wrong: 0, incomplete: 0, outdated: 0, 'off-topic': 0, none: 0 };
  let up = 0;
  let down = 0;
  for (const { rating, reason, count } of rows) {
    if (rating === 1) {
      up += count;
      continue;
    }
    down += count;
    reasons[reason !== null && isFeedbackReason(reason) ? reason : 'none'] += count;
  }
  return { up, down, reasons };
}

/**
 * The feedback on answers asked in the server `guildId` since `since`, at most `limit` articles
 * listed. Answers given in other servers and in DMs are not counted: a server's moderators see
 * their own members' ratings.
 */
export function feedbackReport(database: Database, guildId: string, since: Date, limit: number): FeedbackReport {
  const { sql } = database;
  const period = { guildId, from: since.getTime() };
  const totals = sql.prepare(`
    SELECT COUNT(*) AS answers, COALESCE(SUM(declined), 0) AS declined FROM answers WHERE guild_id = @guildId AND asked_at >= @from
  `).get(period) as { answers: number; declined: number };
  const byRater = sql.prepare(`
    SELECT f.by_asker, f.rating, f.reason, COUNT(*) AS count
    FROM feedback f JOIN answers a ON a.id = f.answer_id
    WHERE a.guild_id = @guildId AND a.asked_at >= @from
    GROUP BY f.by_asker, f.rating, f.reason
  `).all(period) as Array<{ by_asker: number; rating: number; reason: string | null; count: number }>;
  const articles = sql.prepare(`
    SELECT c.slug, MAX(c.title) AS title, SUM(f.rating = 1) AS up, SUM(f.rating = -1) AS down
    FROM feedback f
    JOIN answers a ON a.id = f.answer_id
    JOIN (SELECT DISTINCT a2.id AS answer_id, json_extract(j.value, '$.slug') AS slug, json_extract(j.value, '$.title') AS title
          FROM answers a2, json_each(a2.citations) j WHERE a2.guild_id = @guildId AND a2.asked_at >= @from) c ON c.answer_id = a.id
    WHERE f.by_asker = 1 AND a.guild_id = @guildId AND a.asked_at >= @from
    GROUP BY c.slug
    ORDER BY up + down DESC, down DESC, c.slug
    LIMIT @limit
  `).all({ ...period, limit }) as Array<{ slug: string; title: string; up: number; down: number }>;
  return {
    answers: totals.answers,
    declined: totals.declined,
    askers: ratings(byRater.filter((row) => row.by_asker === 1)),
    others: ratings(byRater.filter((row) => row.by_asker === 0)),
    articles,
  };
}
