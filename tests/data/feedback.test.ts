import { describe, expect, test } from 'vitest';
import { feedbackReport, memberKey, recordAnswer, recordFeedback } from '../../src/data/index.js';
import { answer, ASKER, GUILD, NOW, OTHER, useDatabase } from './records.js';

const database = useDatabase();

function ratingsOf(answerId: number) {
  return database.current.sql.prepare('SELECT by_asker, rating, reason FROM feedback WHERE answer_id = ? ORDER BY by_asker DESC').all(answerId);
}

describe('recordFeedback', () => {
  test('the asker\'s rating counts once: a second click replaces the first', () => {
    const id = recordAnswer(database.current, answer());
    expect(recordFeedback(database.current, { answerId: id, memberId: ASKER, rating: 'up', givenAt: NOW })).toEqual({ ok: true, byAsker: true });
    expect(recordFeedback(database.current, { answerId: id, memberId: ASKER, rating: 'down', givenAt: NOW })).toEqual({ ok: true, byAsker: true });
    expect(ratingsOf(id)).toEqual([{ by_asker: 1, rating: -1, reason: null }]);
  });

  test('another member\'s click is recorded as theirs, beside the asker\'s', () => {
    const id = recordAnswer(database.current, answer());
    recordFeedback(database.current, { answerId: id, memberId: ASKER, rating: 'up', givenAt: NOW });
    expect(recordFeedback(database.current, { answerId: id, memberId: OTHER, rating: 'down', givenAt: NOW })).toEqual({ ok: true, byAsker: false });
    expect(ratingsOf(id)).toEqual([{ by_asker: 1, rating: 1, reason: null }, { by_asker: 0, rating: -1, reason: null }]);
  });

  test('a reason comes with 👎, stays when 👎 is clicked again, and goes with 👍', () => {
    const id = recordAnswer(database.current, answer());
    recordFeedback(database.current, { answerId: id, memberId: ASKER, rating: 'down', reason: 'outdated', givenAt: NOW });
    recordFeedback(database.current, { answerId: id, memberId: ASKER, rating: 'down', givenAt: NOW });
    expect(ratingsOf(id)).toEqual([{ by_asker: 1, rating: -1, reason: 'outdated' }]);
    recordFeedback(database.current, { answerId: id, memberId: ASKER, rating: 'up', givenAt: NOW });
    expect(ratingsOf(id)).toEqual([{ by_asker: 1, rating: 1, reason: null }]);
  });

  test('refuses feedback on an answer that is not recorded', () => {
    expect(recordFeedback(database.current, { answerId: 7, memberId: ASKER, rating: 'up', givenAt: NOW })).toEqual({ ok: false, reason: 'unknown-answer' });
  });

  test('stores members only as keyed hashes, the same for the same member', () => {
    const id = recordAnswer(database.current, answer());
    recordFeedback(database.current, { answerId: id, memberId: OTHER, rating: 'up', givenAt: NOW });
    const { member } = database.current.sql.prepare('SELECT member FROM feedback').get() as { member: string };
    expect(member).toBe(memberKey(database.current, OTHER));
    expect(member).not.toBe(memberKey(database.current, ASKER));
    expect(member).not.toContain(OTHER);
  });
});

describe('feedbackReport', () => {
  test('counts the askers\' ratings overall and per article, reasons, and other members\' apart, in one server only', () => {
    const db = database.current;
    const port = { n: 2, passageId: 'port#1', slug: 'port', title: 'Port opens', paragraph: 1 };
    const a = recordAnswer(db, answer());
    const b = recordAnswer(db, answer({ citations: [...answer().citations, port] }));
    const c = recordAnswer(db, answer({ citations: [port] }));
    recordAnswer(db, answer({ declined: true, citations: [] }));
    recordFeedback(db, { answerId: a, memberId: ASKER, rating: 'up', givenAt: NOW });
    recordFeedback(db, { answerId: b, memberId: ASKER, rating: 'down', reason: 'wrong', givenAt: NOW });
    recordFeedback(db, { answerId: c, memberId: ASKER, rating: 'down', givenAt: NOW });
    recordFeedback(db, { answerId: a, memberId: OTHER, rating: 'down', reason: 'incomplete', givenAt: NOW });
    // Rated in another server and in a DM: not this server's to read.
    for (const guildId of ['1300000000004194305', null]) {
      const elsewhere = recordAnswer(db, answer({ guildId, citations: [port] }));
      recordFeedback(db, { answerId: elsewhere, memberId: ASKER, rating: 'down', reason: 'outdated', givenAt: NOW });
    }

    expect(feedbackReport(db, GUILD, new Date(0), 10)).toEqual({
      answers: 4,
      declined: 1,
      askers: { up: 1, down: 2, reasons: { wrong: 1, incomplete: 0, outdated: 0, 'off-topic': 0, none: 1 } },
      others: { up: 0, down: 1, reasons: { wrong: 0, incomplete: 1, outdated: 0, 'off-topic': 0, none: 0 } },
      // Most rated first; of those rated as often, most 👎 first.
      articles: [
        { slug: 'port', title: 'Port opens', up: 0, down: 2 },
        { slug: 'india-morocco-defence-mou', title: 'India and Morocco sign defence MoU', up: 1, down: 1 },
      ],
    });
  });
});
