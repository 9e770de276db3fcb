import { describe, expect, test } from 'vitest';
import { findAnswer, lastAnswerIn, pruneAnswers, recordAnswer, recordFeedback, unansweredQuestions } from '../../src/data/index.js';
import { answer, ASKER, DAY_MS, NOW, OTHER, useDatabase } from './records.js';

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

    expect(unansweredQuestions(db, new Date(NOW.getTime() - 30 * DAY_MS), 10)).toEqual([
      { topic: 'morocco pm', question: 'Who is Morocco’s PM?', searched: 'Who signed the MoU for Morocco?', count: 2, declined: 2, disliked: 0, lastAskedAt: new Date(NOW.getTime() - DAY_MS) },
      { topic: 'sign', question: 'when was it signed', searched: 'Who signed the MoU for Morocco?', count: 1, declined: 0, disliked: 1, lastAskedAt: new Date(NOW.getTime() - 2 * DAY_MS) },
    ]);
  });

  test('lists at most the number of groups asked for', () => {
    for (const topic of ['a', 'b', 'c']) recordAnswer(database.current, answer({ topic, declined: true }));
    expect(unansweredQuestions(database.current, new Date(0), 2)).toHaveLength(2);
  });
});

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
