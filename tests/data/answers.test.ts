import { describe, expect, test } from 'vitest';
import { findAnswer, lastAnswerIn, pruneAnswers, recordAnswer, recordFeedback, unansweredQuestions, type Database } from '../../src/data/index.js';
import { answer, ASKER, DAY_MS, GUILD, NOW, OTHER, useDatabase } from './records.js';

const database = useDatabase();

describe('recordAnswer and findAnswer', () => {
  test('reads back what was recorded, with the asker as a keyed hash, never the Discord id', () => {
    const recorded = answer({ carried: { names: ['Morocco'], words: [] } });
    const id = recordAnswer(database.current, recorded);
    const { askerId, ...rest } = recorded;
    const found = findAnswer(database.current, id)!;
    expect(found).toMatchObject({ ...rest, id });
    expect(found.asker).toMatch(/^[\w-]{22}$/);
    expect(found.asker).not.toContain(askerId);
    const row = database.current.sql.prepare('SELECT * FROM answers').get();
    expect(JSON.stringify(row)).not.toContain(ASKER);
  });

  test('finds nothing for an id that was never recorded', () => {
    expect(findAnswer(database.current, 42)).toBeUndefined();
  });
});

describe('lastAnswerIn', () => {
  test('is the latest answer in that channel, not in another', () => {
    recordAnswer(database.current, answer({ question: 'first' }));
    recordAnswer(database.current, answer({ question: 'second' }));
    recordAnswer(database.current, answer({ question: 'elsewhere', channelId: '999' }));
    expect(lastAnswerIn(database.current, '1300000000000000101')?.question).toBe('second');
    expect(lastAnswerIn(database.current, '123')).toBeUndefined();
  });
});

describe('unansweredQuestions', () => {
  test('groups declined and 👎-rated questions by topic, most frequent first, with the last one asked', () => {
    const db = database.current;
    recordAnswer(db, answer({ question: 'who is the pm of morocco', topic: 'morocco pm', declined: true, daysAgo: 3 }));
    recordAnswer(db, answer({ question: 'Who is Morocco’s PM?', topic: 'morocco pm', declined: true, daysAgo: 1 }));
    const disliked = recordAnswer(db, answer({ question: 'when was it signed', topic: 'sign', daysAgo: 2 }));
    recordFeedback(db, { answerId: disliked, memberId: ASKER, rating: 'down', givenAt: NOW });
    // Answered and liked, or disliked by someone else: not listed.
    const liked = recordAnswer(db, answer({ topic: 'liked' }));
    recordFeedback(db, { answerId: liked, memberId: ASKER, rating: 'up', givenAt: NOW });
    const otherDislike = recordAnswer(db, answer({ topic: 'other' }));
    recordFeedback(db, { answerId: otherDislike, memberId: OTHER, rating: 'down', givenAt: NOW });
    // Too old for the period asked.
    recordAnswer(db, answer({ question: 'old', topic: 'old', declined: true, daysAgo: 40 }));

    expect(unansweredQuestions(db, GUILD, new Date(NOW.getTime() - 30 * DAY_MS), 10)).toEqual([
      { topic: 'morocco pm', question: 'Who is Morocco’s PM?', searched: 'Who signed the MoU for Morocco?', count: 2, declined: 2, disliked: 0, lastAskedAt: new Date(NOW.getTime() - DAY_MS) },
      { topic: 'sign', question: 'when was it signed', searched: 'Who signed the MoU for Morocco?', count: 1, declined: 0, disliked: 1, lastAskedAt: new Date(NOW.getTime() - 2 * DAY_MS) },
    ]);
  });

  test('lists at most the number of groups asked for', () => {
    for (const topic of ['a', 'b', 'c']) recordAnswer(database.current, answer({ topic, declined: true }));
    expect(unansweredQuestions(database.current, GUILD, new Date(0), 2)).toHaveLength(2);
  });

  test('lists only the questions asked in the server asked about, never those of another server or of DMs', () => {
    const db = database.current;
    recordAnswer(db, answer({ question: 'here', topic: 'here', declined: true }));
    recordAnswer(db, answer({ question: 'elsewhere', topic: 'elsewhere', declined: true, guildId: '1300000000004194305' }));
    recordAnswer(db, answer({ question: 'in a DM', topic: 'dm', declined: true, guildId: null }));
    expect(unansweredQuestions(db, GUILD, new Date(0), 10).map((q) => q.question)).toEqual(['here']);
  });

  test('gives the groups the query before it gave, on a table of mixed answers', () => {
    const db = database.current;
    const random = pseudoRandom(7);
    for (let i = 0; i < 400; i += 1) {
      const id = recordAnswer(db, answer({
        question: `question ${i}`, searched: `searched ${i}`, topic: `topic ${Math.floor(random() * 25)}`,
        declined: random() < 0.4, daysAgo: random() * 40,
      }));
      const rated = random();
      if (rated < 0.3) recordFeedback(db, { answerId: id, memberId: rated < 0.2 ? ASKER : OTHER, rating: rated < 0.25 ? 'down' : 'up', givenAt: NOW });
    }
    const since = new Date(NOW.getTime() - 30 * DAY_MS);
    const byTopic = (rows: ReadonlyArray<{ topic: string }>) => [...rows].sort((a, b) => a.topic.localeCompare(b.topic));
    const listed = unansweredQuestions(db, GUILD, since, 100);
    expect(listed.length).toBeGreaterThan(10);
    expect(byTopic(listed)).toEqual(byTopic(earlierQuery(db, since)));
  });

  test('reads one server\'s answers of the period through an index and each listed question by its id, however many answers there are', () => {
    const db = database.current;
    const insert = db.sql.prepare(`
      INSERT INTO answers (asked_at, guild_id, channel_id, asker, question, searched, topic, subject, declined, confidence, knowledge_version, citations, snippets)
      VALUES (?, ?, 'c', 'a', ?, ?, ?, '{}', ?, 0.5, 'v', '[]', '[]')`);
    db.sql.transaction(() => {
      // Half of them in the server, in 500 topics of 20 questions each; a fifth of the topics answered.
      for (let i = 0; i < 20_000; i += 1) {
        insert.run(NOW.getTime() - (20_000 - i) * 1000, i % 2 === 0 ? GUILD : null, `q${i}`, `s${i}`, `t${i % 1000}`, i % 5 === 0 ? 0 : 1);
      }
    })();
    const statements = capturePrepared(db);
    const listed = unansweredQuestions(db, GUILD, new Date(0), 15);

    expect(listed).toHaveLength(15);
    expect(listed[0]).toMatchObject({ topic: 't998', question: 'q19998', searched: 's19998' });
    expect(listed.every((q) => q.count === 20 && q.declined === 20 && Number(q.topic.slice(1)) % 2 === 0)).toBe(true);
    const plan = db.sql.prepare(`EXPLAIN QUERY PLAN ${statements[0]}`).all({ guildId: GUILD, since: 0, limit: 15 }) as Array<{ detail: string }>;
    expect(plan.map((step) => step.detail).filter((detail) => /^(SCAN|SEARCH) a\b/.test(detail))).toEqual([
      'SEARCH a USING COVERING INDEX answers_by_guild_time (guild_id=? AND asked_at>?)',
      'SEARCH a USING INTEGER PRIMARY KEY (rowid=?)',
    ]);
  });
});

/** The report's query as it was before it grouped first: two subqueries per group over the whole period. */
function earlierQuery(db: Database, since: Date) {
  const rows = db.sql.prepare(`
    WITH unanswered AS (
      SELECT a.id, a.topic, a.question, a.searched, a.asked_at, a.declined,
        EXISTS (SELECT 1 FROM feedback f WHERE f.answer_id = a.id AND f.by_asker = 1 AND f.rating = -1) AS disliked
      FROM answers a
      WHERE a.asked_at >= ?
    )
    SELECT topic, COUNT(*) AS count, SUM(declined) AS declined, SUM(disliked) AS disliked, MAX(asked_at) AS last_asked_at,
      (SELECT question FROM unanswered u2 WHERE u2.topic = u.topic AND (u2.declined = 1 OR u2.disliked = 1) ORDER BY u2.id DESC LIMIT 1) AS question,
      (SELECT searched FROM unanswered u2 WHERE u2.topic = u.topic AND (u2.declined = 1 OR u2.disliked = 1) ORDER BY u2.id DESC LIMIT 1) AS searched
    FROM unanswered u
    WHERE declined = 1 OR disliked = 1
    GROUP BY topic
  `).all(since.getTime()) as Array<{ topic: string; count: number; declined: number; disliked: number; last_asked_at: number; question: string; searched: string }>;
  return rows.map((row) => ({
    topic: row.topic, question: row.question, searched: row.searched, count: row.count,
    declined: row.declined, disliked: row.disliked, lastAskedAt: new Date(row.last_asked_at),
  }));
}

/** The SQL of the statements prepared on `db` from now on. */
function capturePrepared(db: Database): string[] {
  const statements: string[] = [];
  const prepare = db.sql.prepare.bind(db.sql);
  db.sql.prepare = ((source: string) => {
    statements.push(source);
    return prepare(source);
  }) as typeof db.sql.prepare;
  return statements;
}

/** Numbers in [0, 1) from a seed, the same on every run. */
function pseudoRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('pruneAnswers', () => {
  test('deletes answers older than the cut-off with their feedback, and keeps the rest', () => {
    const db = database.current;
    const old = recordAnswer(db, answer({ daysAgo: 91 }));
    recordFeedback(db, { answerId: old, memberId: ASKER, rating: 'down', givenAt: NOW });
    const recent = recordAnswer(db, answer({ daysAgo: 89 }));
    expect(pruneAnswers(db, new Date(NOW.getTime() - 90 * DAY_MS))).toBe(1);
    expect(findAnswer(db, old)).toBeUndefined();
    expect(findAnswer(db, recent)).toBeDefined();
    expect(db.sql.prepare('SELECT COUNT(*) FROM feedback').pluck().get()).toBe(0);
  });
});
