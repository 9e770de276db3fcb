/**
 * The bot under pressure: Discord rate limits and dropped connections, many questions at once,
 * members asking too fast, and errors nobody expected.
 */
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBot, type BotKnowledge } from '../../src/bot/client.js';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { afterEach, describe, expect, test } from 'vitest';
import { formatAnswer, KnowledgeBase, openArticleIndex, type KnowledgeReader } from '../../src/core/index.js';
import { FAKE_IDS, FakeDiscord } from '../fake-discord/index.js';
import { KNOWLEDGE_DIR } from '../helpers.js';
import { bodyOf, repliesTo, SEED_TITLE, startBot, stopAll, waitForMessageReply } from './harness.js';

afterEach(stopAll);

const DISCORD = { style: 'discord', maxChars: 2000 } as const;

/** A knowledge base whose index fails to answer, as a bug in the engine would. */
async function failingKnowledgeBase(dir: string): Promise<BotKnowledge> {
  const real = await KnowledgeBase.open(dir);
  const broken: KnowledgeReader = { ...real.reader, answer: async () => { throw new Error('ranking table is corrupt'); } };
  return { reader: broken, refresh: (options) => real.refresh(options), flushCache: () => real.flushCache(), adopt: (hash) => real.adopt(hash) };
}

describe('Discord failures', () => {
  test('when the REST server answers 429 once, the reply still arrives', async () => {
    const { fake } = await startBot();
    fake.failNext((r) => r.path.endsWith('/callback'), { status: 429, retryAfterSeconds: 0.1 });
    const sent = fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question: 'Who signed the MoU?' } });

    expect(bodyOf(await fake.waitForReply(sent)).data.content).toContain(`[1] ${SEED_TITLE}`);
    expect(fake.requestsFor(sent).map((r) => r.status)).toEqual([429, 204]);
  });

  test('after the gateway drops the connection, the bot resumes and answers the next interaction', async () => {
    const { fake, logs } = await startBot();
    fake.dropConnections();
    await fake.waitForResume();
    const sent = fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question: 'Who signed the MoU?' } });

    expect(bodyOf(await fake.waitForReply(sent)).data.content).toContain(`[1] ${SEED_TITLE}`);
    expect(fake.identifies).toHaveLength(1);
    expect(logs().map((line) => line.msg)).toEqual(expect.arrayContaining(['gateway connection lost; reconnecting', 'gateway resumed']));
  });
});

describe('load', () => {
  test('50 questions at once are all answered, each to its own interaction', async () => {
    const { fake, knowledgeDir } = await startBot();
    const index = await openArticleIndex(knowledgeDir);
    const topics = ['the MoU', 'maritime security', 'counter-terrorism', 'cyber defence', 'Rajnath Singh', 'Abdellatif Loudiyi',
      'King Mohammed VI', 'Make in India', 'joint exercises', 'North Africa'];
    const questions = Array.from({ length: 50 }, (_, i) => `${['What about', 'Tell me about', 'Who spoke of', 'Why', 'When was'][i % 5]} ${topics[i % topics.length]}?`);

    const sent = questions.map((question) => fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question } }));
    const replies = await Promise.all(sent.map((interaction) => fake.waitForReply(interaction)));

    replies.forEach((reply, i) => {
      expect(reply.path).toBe(`/interactions/${sent[i]!.id}/${sent[i]!.token}/callback`);
      expect(bodyOf(reply).data.content).toBe(formatAnswer(index.answer(questions[i]!), DISCORD));
    });
    expect(fake.requests.filter((r) => r.status >= 400)).toEqual([]);
  });
});

describe('rate limit', () => {
  test('a member over the limit is told privately when to try again; others are not affected', async () => {
    const { fake } = await startBot({ env: { RATE_LIMIT_MAX: '2', RATE_LIMIT_WINDOW_SECONDS: '60' } });
    const ask = (user: 'member' | 'moderator') => fake.slashCommand({ name: 'mou', subcommand: 'ask', user, options: { question: 'Who signed the MoU?' } });
    await fake.waitForReply(ask('member'));
    await fake.waitForReply(ask('member'));
    const started = Math.floor(Date.now() / 1000);

    const { data } = bodyOf(await fake.waitForReply(ask('member')));
    expect(data.flags).toBe(64);
    const match = /^You are asking quickly: the limit is 2 questions per 60 seconds\. Try again <t:(\d+):R>\.$/.exec(data.content);
    expect(match).not.toBeNull();
    const retryAt = Number(match![1]);
    expect(retryAt).toBeGreaterThanOrEqual(started + 59);
    expect(retryAt).toBeLessThanOrEqual(started + 61);
    expect(bodyOf(await fake.waitForReply(ask('moderator'))).data.content).toContain(`[1] ${SEED_TITLE}`);
  });

  test('a member mentioning the bot too fast is told once when to try again, then ignored until then', async () => {
    const { fake } = await startBot({ env: { RATE_LIMIT_MAX: '1' } });
    await waitForMessageReply(fake, fake.message({ content: 'Who signed the MoU?', mentionsBot: true }));
    const refused = fake.message({ content: 'And when?', mentionsBot: true });
    const ignored = fake.message({ content: 'Hello?', mentionsBot: true });
    const otherMember = fake.message({ content: 'Who signed the MoU?', mentionsBot: true, author: 'moderator' });

    expect(bodyOf(await waitForMessageReply(fake, refused)).content).toMatch(/^You are asking quickly: the limit is 1 question per 60 seconds\. Try again <t:\d+:R>\.$/);
    await waitForMessageReply(fake, otherMember);
    expect(repliesTo(fake, ignored)).toEqual([]);
  });
});

describe('error boundary', () => {
  test('an unexpected error is logged with its stack, and the member sees the same error id privately', async () => {
    const dir = fileURLToPath(new URL('../fixtures/seed-knowledge/', import.meta.url));
    const { fake, logs } = await startBot({ knowledgeBase: await failingKnowledgeBase(dir) });
    const sent = fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question: 'Who signed the MoU?' } });

    expect(bodyOf(await fake.waitForReply(sent))).toEqual({
      type: 4,
      data: expect.objectContaining({
        content: `Something went wrong on my side, sorry. If it keeps happening, give a moderator this error id: \`${sent.id}\``,
        flags: 64,
        allowed_mentions: { parse: [], replied_user: false },
      }),
    });
    const line = logs().find((l) => l.msg === 'unexpected error');
    expect(line).toMatchObject({ level: 50, errorId: sent.id, command: 'mou ask', userId: FAKE_IDS.memberUserId });
    expect((line!.err as { stack: string }).stack).toMatch(/^Error: ranking table is corrupt\n\s+at /);
  });

  test('an unexpected error while answering a message is replied to with the message id as error id', async () => {
    const dir = fileURLToPath(new URL('../fixtures/seed-knowledge/', import.meta.url));
    const { fake, logs } = await startBot({ knowledgeBase: await failingKnowledgeBase(dir) });
    const sent = fake.message({ content: 'Who signed the MoU?', mentionsBot: true });

    expect(bodyOf(await waitForMessageReply(fake, sent)).content)
      .toBe(`Something went wrong on my side, sorry. If it keeps happening, give a moderator this error id: \`${sent.id}\``);
    expect(logs().find((l) => l.msg === 'unexpected error')).toMatchObject({ level: 50, errorId: sent.id, messageId: sent.id });
  });

  test('a command the bot does not know is logged and the member is told', async () => {
    const { fake, logs } = await startBot();
    const sent = fake.slashCommand({ name: 'mou-old', options: { question: 'Who signed?' } });

    expect(bodyOf(await fake.waitForReply(sent)).data).toMatchObject({
      content: 'I do not know this command (it may have been removed). Try `/mou ask` instead.',
      flags: 64,
    });
    expect(logs().find((l) => l.level === 40)).toMatchObject({
      msg: 'unknown command; run `npm run deploy-commands` to update the registered commands', command: 'mou-old',
    });
  });
});

describe('the bot\'s database', () => {
  test('is opened in DATA_DIR at start', async () => {
    const { logs, config } = await startBot();
    expect(logs().find((line) => line.msg === 'database ready')).toMatchObject({ file: `${config.dataDir}/mou-bot.sqlite`, schema: expect.any(Number) });
  });

  test('when it cannot be used, is reported at start with its path, and the bot still answers', async () => {
    const { fake, logs } = await startBot({ env: { DATA_DIR: '/dev/null/data' } });
    const failure = logs().find((line) => line.msg.startsWith('the database cannot be used'));
    expect(failure?.err).toMatchObject({ message: expect.stringContaining('the database /dev/null/data/mou-bot.sqlite cannot be used') });
    const sent = fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question: 'Who signed the MoU?' } });
    expect(bodyOf(await fake.waitForReply(sent)).data.content).toContain(`[1] ${SEED_TITLE}`);
  });
});

describe('a slow answer', () => {
  test('is deferred before Discord\'s 3-second deadline and arrives as an edit', async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'mou-slow-')), 'knowledge');
    await cp(KNOWLEDGE_DIR, dir, { recursive: true });
    const real = await KnowledgeBase.open(dir);
    const slow: BotKnowledge = {
      reader: { ...real.reader, answer: async (...args) => {
        await new Promise((resolve) => setTimeout(resolve, 2500));
        return real.reader.answer(...args);
      } },
      refresh: (options) => real.refresh(options), flushCache: () => real.flushCache(), adopt: (hash) => real.adopt(hash),
    };
    const { fake } = await startBot({ knowledgeBase: slow });
    const sent = fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question: 'Who signed the MoU?' } });
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.status < 400 && r.path === `/webhooks/${FAKE_IDS.applicationId}/${sent.token}/messages/@original`, 10_000);
    expect(bodyOf(fake.requestsFor(sent)[0]!)).toMatchObject({ type: 5 });
    expect(bodyOf(edit).content).toContain(SEED_TITLE);
  });
});

describe('stopping while the bot starts', () => {
  test('leaves nothing open and never logs in to Discord', async () => {
    const fake = await FakeDiscord.start();
    const root = await mkdtemp(path.join(tmpdir(), 'mou-stop-'));
    await cp(KNOWLEDGE_DIR, path.join(root, 'knowledge'), { recursive: true });
    const config = parseConfig({
      DISCORD_TOKEN: FAKE_IDS.token, DISCORD_CLIENT_ID: FAKE_IDS.applicationId, DISCORD_API_URL: fake.apiUrl,
      KNOWLEDGE_DIR: path.join(root, 'knowledge'), DATA_DIR: path.join(root, 'data'), LOG_LEVEL: 'silent', SENTENCE_MEANINGS: 'false',
    });
    try {
      const bot = createBot({ config, logger: createLogger('silent') });
      const starting = bot.start();
      // The knowledge worker takes about a second to open: the stop comes while it does.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await bot.stop();
      await starting;
      expect(fake.identifies).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});
