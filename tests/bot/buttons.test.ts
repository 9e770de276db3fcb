/**
 * The buttons under an answer, feedback that persists, and moderators' reports, end to end: the
 * fake Discord clicks the buttons of the messages the bot sent. One bot serves the first group
 * of tests (its database grows as they go); a bot whose database cannot be used, and one that
 * finds a database of an older schema, are started apart.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_FILE, DAY_MS, findAnswer, MIGRATIONS, openDatabase, recordAnswer, recordFeedback, type NewAnswer } from '../../src/data/index.js';
import { FAKE_IDS, type Json } from '../fake-discord/index.js';
import { type Body, bodyOf, deferredReply, SEED_TITLE, startBot, stopAll, waitForMessageReply, type Harness } from './harness.js';

const EPHEMERAL = 64;

/** The custom ids of a message's buttons, row by row flattened. */
function buttonIds(message: Json | Body): string[] {
  return ((message.components ?? []) as Array<{ components: Array<{ custom_id: string }> }>).flatMap((row) => row.components.map((b) => b.custom_id));
}

/** Asks with `/mou ask` and returns the answer's text, buttons and message id. */
async function ask(h: Harness, question: string): Promise<{ content: string; ids: string[]; messageId: string }> {
  const sent = h.fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question } });
  const { data } = bodyOf(await h.fake.waitForReply(sent));
  return { content: data.content, ids: buttonIds(data), messageId: String(h.fake.originalMessage(sent)!.id) };
}

/** Clicks a button and returns the callback the bot answered with. */
async function click(h: Harness, messageId: string, customId: string, user: 'member' | 'moderator' = 'member'): Promise<{ type: number; data: Body }> {
  const sent = h.fake.clickButton({ messageId, customId, user });
  return bodyOf(await h.fake.waitForReply(sent)) as { type: number; data: Body };
}

/** A moderator's `/mou-admin` report, of the last `days` when given: deferred privately, then filled in. */
async function report(h: Harness, subcommand: 'unanswered' | 'feedback', days?: number): Promise<string> {
  const sent = h.fake.slashCommand({ name: 'mou-admin', subcommand, user: 'moderator', ...(days !== undefined && { options: { days } }) });
  expect(bodyOf(await h.fake.waitForReply(sent))).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
  return deferredReply(h.fake, sent);
}

/** The error the bot logged at start for a database it cannot use. */
function databaseProblem(h: Harness): string | undefined {
  const problem = h.logs().find((line) => line.msg.startsWith('the database cannot be used'));
  expect(problem?.level).toBe(50);
  return (problem?.err as { message: string } | undefined)?.message;
}

/** Asks a question the bot answers, and checks that the answer is given and its feedback button refused. */
async function expectAnswerWithoutRecords(h: Harness, button: 'up' | 'down'): Promise<void> {
  const answer = await ask(h, 'Who signed the MoU for Morocco?');
  expect(answer.content).toContain('Abdellatif Loudiyi');
  expect(answer.ids).toEqual(['mou:show:-', 'mou:more:-', 'mou:up:-', 'mou:down:-']);
  expect((await click(h, answer.messageId, `mou:${button}:-`)).data).toMatchObject({
    flags: EPHEMERAL,
    content: 'I kept no record of this answer (my records were unavailable when I gave it), so I cannot take feedback on this answer. Ask again for an answer with working buttons.',
  });
}

describe('with the database', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startBot({ fixtures: ['container-terminal.md'] });
  });
  afterAll(stopAll);

  test('Show paragraph shows the quoted paragraph in full, to the clicker alone, with the quote marked', async () => {
    const answer = await ask(h, 'Who signed the MoU for Morocco?');
    const [show, more, up, down] = answer.ids;
    expect([show, more, up, down]).toEqual([expect.stringMatching(/^mou:show:\d+$/), expect.stringMatching(/^mou:more:\d+$/), expect.stringMatching(/^mou:up:\d+$/), expect.stringMatching(/^mou:down:\d+$/)]);

    const { type, data } = await click(h, answer.messageId, show!);
    expect(type).toBe(4);
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.content).toMatch(new RegExp(`^\\*\\*${SEED_TITLE}\\*\\* · ¶ 2\\n> \\*\\*The MoU, signed with Morocco’s Defence Minister Abdellatif Loudiyi`));
  });

  test('More lists the next best passages, not the paragraphs the answer quoted', async () => {
    const answer = await ask(h, 'Who signed the MoU for Morocco?');
    const quoted = /¶ ([\d, ]+)$/m.exec(answer.content)![1]!.split(', ');

    const { data } = await click(h, answer.messageId, answer.ids[1]!);
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.content).toMatch(/^\*\*More from the articles\*\*\n\n1\. /);
    const shown = [...data.content.matchAll(/¶ ([\d, ]+)$/gm)].flatMap((m) => m[1]!.split(', '));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((n) => quoted.includes(n))).toEqual([]);
  });

  test('👍 and 👎 with a reason are stored, the asker\'s once, other members\' as theirs, and counted in /mou-admin feedback', async () => {
    const answer = await ask(h, 'When did King Mohammed VI meet Narendra Modi?');
    const [, , up, down] = answer.ids;

    expect(await click(h, answer.messageId, up!)).toMatchObject({ type: 4, data: { flags: EPHEMERAL, content: 'Thanks for the 👍.' } });
    // The asker changes their mind: their 👎 replaces their 👍.
    const asked = await click(h, answer.messageId, down!);
    expect(asked.data.content).toMatch(/^Thanks for the 👎: moderators see the answers rated this way, to add or fix articles\. What was wrong with it\?$/);
    const reasons = buttonIds(asked.data);
    expect(reasons).toEqual(['wrong', 'incomplete', 'outdated', 'off-topic'].map((reason) => `${down!.replace('down', 'why')}:${reason}`));
    const reasonMessage = String(h.fake.messagesIn(h.fake.ids.channelId).at(-1)!.id);
    expect(await click(h, reasonMessage, reasons[2]!)).toMatchObject({ type: 7, data: { content: 'Thanks: noted as outdated.', components: [] } });

    // Someone else's click is theirs.
    const other = await click(h, answer.messageId, up!, 'moderator');
    expect(other.data.content).toBe('Thanks for the 👍. It is noted as your view; the rating that counts for the answer is the asker\'s.');

    const feedback = await report(h, 'feedback');
    expect(feedback).toContain('\nAskers: 👍 0 · 👎 1 (wrong 0, incomplete 0, outdated 1, off-topic 0, no reason 0)\n');
    expect(feedback).toContain('\nOther members: 👍 1 · 👎 0\n');
    expect(feedback).toContain(`\n• ${SEED_TITLE}: 👍 0 · 👎 1`);
  });

  test('/mou-admin unanswered lists a declined question after it was asked in the server, not those of other servers or DMs, and a member cannot use it', async () => {
    const declined = await ask(h, 'What is the capital of France?');
    expect(declined.content).toMatch(/^I could not find a confident answer/);
    // No paragraph to show; the closest passages instead of more.
    expect(declined.ids.map((id) => id.split(':')[1])).toEqual(['more', 'up', 'down']);
    for (const where of [{ guildId: FAKE_IDS.otherGuildId }, { dm: true }]) {
      const elsewhere = h.fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question: 'What is the capital of Peru?' }, ...where });
      expect(bodyOf(await h.fake.waitForReply(elsewhere)).data.content).toMatch(/^I could not find a confident answer/);
    }

    const unanswered = await report(h, 'unanswered');
    expect(unanswered).toMatch(/\n\d+\. “What is the capital of France\?” ×1 \(declined 1\) · last <t:\d+:R>/);
    expect(unanswered).not.toContain('Peru');
    const refused = h.fake.slashCommand({ name: 'mou-admin', subcommand: 'unanswered' });
    expect(bodyOf(await h.fake.waitForReply(refused)).data.content).toMatch(/^Only moderators can do this/);
  });

  test('a button of an answer that is no longer recorded says so, to the clicker alone', async () => {
    const answer = await ask(h, 'Where did Rajnath Singh visit?');
    const { data } = await click(h, answer.messageId, 'mou:show:99999');
    expect(data).toMatchObject({ flags: EPHEMERAL, content: 'I no longer have a record of this answer (answers are kept for 90 days), so I cannot show this answer\'s paragraphs. Ask again for a fresh answer.' });
  });

  test('after a restart with the same database, every button of earlier answers works and the records are kept', async () => {
    const answer = await ask(h, 'Who signed the MoU for Morocco?');
    const [show, more, up, down] = answer.ids;
    // The reasons are offered before the restart and picked after it.
    const reasons = buttonIds((await click(h, answer.messageId, down!)).data);
    const reasonMessage = String(h.fake.messagesIn(h.fake.ids.channelId).at(-1)!.id);
    await h.restart();

    expect((await click(h, answer.messageId, show!)).data.content).toMatch(new RegExp(`^\\*\\*${SEED_TITLE}\\*\\* · ¶ 2\\n`));
    expect((await click(h, answer.messageId, more!)).data.content).toMatch(/^\*\*More from the articles\*\*\n\n1\. /);
    expect((await click(h, reasonMessage, reasons[0]!)).data).toMatchObject({ content: 'Thanks: noted as wrong.', components: [] });
    expect((await click(h, answer.messageId, up!, 'moderator')).data.content).toMatch(/^Thanks for the 👍\. It is noted as your view/);
    expect((await click(h, answer.messageId, down!)).data.content).toMatch(/^Thanks for the 👎/);
    const id = Number(/\d+$/.exec(show!)![0]);
    const database = openDatabase(h.config.dataDir, MIGRATIONS);
    try {
      expect(database.sql.prepare('SELECT by_asker, rating, reason FROM feedback WHERE answer_id = ? ORDER BY by_asker').all(id))
        .toEqual([{ by_asker: 0, rating: 1, reason: null }, { by_asker: 1, rating: -1, reason: 'wrong' }]);
    } finally {
      database.close();
    }
    expect(await report(h, 'unanswered')).toContain('“What is the capital of France?”');
  });
});

describe('with a rate limit of two questions a minute', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startBot({ env: { RATE_LIMIT_MAX: '2', RATE_LIMIT_WINDOW_SECONDS: '60' } });
  });
  afterAll(stopAll);

  test('each click on More counts as a search; past the limit it is refused to the clicker alone, while Show paragraph still works', async () => {
    const answer = await ask(h, 'Who signed the MoU for Morocco?');
    const [show, more] = answer.ids;
    expect((await click(h, answer.messageId, more!)).data.content).toMatch(/^\*\*More from the articles\*\*/);

    const refused = await click(h, answer.messageId, more!);
    expect(refused).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(refused.data.content).toMatch(/^You are asking quickly: the limit is 2 questions per 60 seconds\. Try again <t:\d+:R>\.$/);
    expect((await click(h, answer.messageId, show!)).data.content).toMatch(new RegExp(`^\\*\\*${SEED_TITLE}\\*\\*`));
  });
});

describe('with a database the bot cannot use', () => {
  let h: Harness;
  beforeAll(async () => {
    // A file where the database's folder should be.
    h = await startBot({ beforeStart: (config) => writeFile(config.dataDir, 'not a folder') });
  });
  afterAll(stopAll);

  test('is reported clearly at start, and the bot still answers, with buttons that say why they cannot work', async () => {
    expect(databaseProblem(h)).toContain(`the database ${path.join(h.config.dataDir, 'mou-bot.sqlite')} cannot be used (EEXIST`);
    await expectAnswerWithoutRecords(h, 'up');
    expect(await report(h, 'feedback')).toBe('My records are unavailable, so I cannot count feedback right now. A moderator can see why in the bot\'s log.');
  });

  test('a reply to an answer is still read with the question that answer replied to', async () => {
    const question = h.fake.message({ content: 'When did King Mohammed VI meet Narendra Modi?', mentionsBot: true });
    await waitForMessageReply(h.fake, question);
    const answer = h.fake.messagesIn(question.channelId).at(-1)!;

    const followUp = h.fake.message({ content: 'and where?', replyTo: String(answer.id) });
    const { content } = bodyOf(await waitForMessageReply(h.fake, followUp));
    expect(content).toMatch(/^-# Read with your previous question: King Mohammed VI, Narendra Modi, meet\n/);
    expect(content).toContain('during his India visit in 2015');
  });
});

describe('with a database already up to date that another program holds locked', () => {
  let h: Harness;
  let holder: SQLite.Database | undefined;
  beforeAll(async () => {
    h = await startBot({
      beforeStart: (config) => {
        openDatabase(config.dataDir, MIGRATIONS).close();
        holder = new SQLite(path.join(config.dataDir, DATABASE_FILE));
        holder.exec('BEGIN EXCLUSIVE');
      },
    });
  });
  afterAll(async () => {
    holder?.close();
    await stopAll();
  });

  test('is reported at start once the busy timeout has passed, and feedback is refused with a message while the bot still answers', async () => {
    expect(databaseProblem(h)).toContain('cannot be used (SQLITE_BUSY: database is locked)');
    expect(h.logs().find((line) => line.msg === 'database ready')).toBeUndefined();
    await expectAnswerWithoutRecords(h, 'down');
    expect(h.logs().filter((line) => line.level === 40 && /database is locked/.test(JSON.stringify(line)))).toEqual([]);
  });
});

describe('with a database from before', () => {
  test('deletes the answers older than DATA_RETENTION_DAYS at start, and keeps the others', async () => {
    const ids: number[] = [];
    const h = await startBot({
      env: { DATA_RETENTION_DAYS: '30' },
      beforeStart: (config) => {
        const database = openDatabase(config.dataDir, MIGRATIONS);
        const answer = (daysAgo: number): NewAnswer => ({
          askedAt: new Date(Date.now() - daysAgo * DAY_MS), guildId: null, channelId: '1', askerId: '2', question: 'q', searched: 'q',
          topic: 'q', subject: { names: [], words: ['q'] }, declined: true, confidence: 0, knowledgeVersion: 'v', citations: [], snippets: [],
        });
        ids.push(recordAnswer(database, answer(31)), recordAnswer(database, answer(29)));
        database.close();
      },
    });
    try {
      expect(h.logs().find((line) => line.msg.startsWith('deleted answers older than DATA_RETENTION_DAYS'))).toMatchObject({ deleted: 1 });
      const database = openDatabase(h.config.dataDir, MIGRATIONS);
      try {
        expect(ids.map((id) => findAnswer(database, id) !== undefined)).toEqual([false, true]);
      } finally {
        database.close();
      }
    } finally {
      await stopAll();
    }
  });

  test('/mou-admin unanswered and feedback cover the last 30 days, or the `days` asked for', async () => {
    const h = await startBot({
      beforeStart: (config) => {
        const database = openDatabase(config.dataDir, MIGRATIONS);
        const answer = (question: string, daysAgo: number): number => recordAnswer(database, {
          askedAt: new Date(Date.now() - daysAgo * DAY_MS), guildId: FAKE_IDS.guildId, channelId: FAKE_IDS.channelId, askerId: FAKE_IDS.memberUserId,
          question, searched: question, topic: question.toLowerCase(), subject: { names: [], words: [] }, declined: true, confidence: 0, knowledgeVersion: 'v', citations: [], snippets: [],
        });
        const feedback = (answerId: number, rating: 'up' | 'down', daysAgo: number) => recordFeedback(database, { answerId, memberId: FAKE_IDS.memberUserId, rating, givenAt: new Date(Date.now() - daysAgo * DAY_MS) });
        feedback(answer('Who built the old harbour?', 40), 'up', 40);
        feedback(answer('Who runs the new terminal?', 5), 'down', 5);
        database.close();
      },
    });
    try {
      const recent = await report(h, 'unanswered');
      expect(recent).toContain('in the last 30 days');
      expect(recent).toContain('“Who runs the new terminal?”');
      expect(recent).not.toContain('old harbour');
      const longer = await report(h, 'unanswered', 60);
      expect(longer).toContain('in the last 60 days');
      expect(longer).toContain('“Who built the old harbour?”');
      expect(await report(h, 'unanswered', 1)).toMatch(/^No question was declined or rated 👎 in the last day\.$/);

      expect(await report(h, 'feedback')).toContain('\nAskers: 👍 0 · 👎 1 ');
      expect(await report(h, 'feedback', 60)).toContain('\nAskers: 👍 1 · 👎 1 ');
    } finally {
      await stopAll();
    }
  });

  test('brings one of an older schema up to date at start, keeping what it held', async () => {
    const h = await startBot({
      beforeStart: async (config) => {
        await mkdir(config.dataDir, { recursive: true });
        const old = openDatabase(config.dataDir, MIGRATIONS.slice(0, 1));
        old.sql.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('kept', 'yes');
        old.close();
      },
    });
    try {
      expect(h.logs().find((line) => line.msg === 'database ready')).toMatchObject({ schema: MIGRATIONS.length });
      expect((await ask(h, 'Who signed the MoU for Morocco?')).ids[0]).toBe('mou:show:1');
      const database = openDatabase(h.config.dataDir, MIGRATIONS);
      try {
        expect(database.sql.prepare('SELECT value FROM meta WHERE key = ?').pluck().get('kept')).toBe('yes');
      } finally {
        database.close();
      }
    } finally {
      await stopAll();
    }
  });
});
