/**
 * Starting the real bot in-process against the fake Discord, with a temporary copy of the
 * knowledge folder and an in-memory log, and stopping everything after each test.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'vitest';
import * as SourceBot from '../../src/bot/client.js';
import type { Bot, BotOptions } from '../../src/bot/client.js';
import { deployCommands } from '../../src/bot/deploy.js';
import { parseConfig, type Config } from '../../src/config.js';
import * as SourceCore from '../../src/core/index.js';
import { createLogger } from '../../src/logger.js';
import { importCompiled } from '../compiled.js';
import { FAKE_IDS, FakeDiscord, type FakeDiscordOptions, type InjectedMessage, type RecordedRequest } from '../fake-discord/index.js';

/** The seed article's title: what answers from the shipped knowledge folder cite. */
export const SEED_TITLE = 'India and Morocco sign defence Memorandum of Understanding in Rabat';
export const FIXTURES = new URL('./fixtures/', import.meta.url);

/** One parsed log line. */
export type LogLine = Record<string, unknown> & { level: number; msg: string };

export interface Harness {
  readonly fake: FakeDiscord;
  /** The bot running now (another one after {@link Harness.restart}). */
  readonly bot: Bot;
  readonly config: Config;
  /** The temporary knowledge folder the bot serves; tests may add or break files in it. */
  readonly knowledgeDir: string;
  /** Every log line so far. */
  logs(): LogLine[];
  /** Copies a fixture article into the knowledge folder. */
  addFixture(name: string): Promise<void>;
  /** Writes a file into the knowledge folder. */
  writeArticle(name: string, text: string): Promise<void>;
  /** Stops the bot and starts a new one with the same configuration, folders and fake Discord. */
  restart(): Promise<void>;
}

export interface HarnessOptions {
  /** Configuration variables, as in `.env`, over the test defaults (a function when they need the fake's address). */
  readonly env?: Readonly<Record<string, string>> | ((fake: FakeDiscord) => Readonly<Record<string, string>>);
  readonly fake?: FakeDiscordOptions;
  /** Fixture files copied into the knowledge folder besides the seed article. */
  readonly fixtures?: readonly string[];
  /** Articles written into the knowledge folder before the bot starts, by file name. */
  readonly articles?: Readonly<Record<string, string>>;
  readonly knowledgeBase?: BotOptions['knowledgeBase'];
  /**
   * Serve the knowledge folder from a knowledge worker thread, as `npm start` does. By default the
   * test opens it in its own thread instead: answers and refreshes are the same, and the
   * language data is loaded once per test process rather than once per bot. The worker itself
   * is tested in `knowledge-worker.test.ts`, `faults.test.ts` and by the tests that start the bot
   * as a process.
   */
  readonly worker?: boolean;
  /** Runs before the bot starts, e.g. to put something in the way of its database. */
  readonly beforeStart?: (config: Config) => Promise<void> | void;
  /**
   * Start the bot, and the knowledge base the harness opens for it, from the compiled sources
   * (see `compiled.ts`), as a build runs: the threads it starts (to read a web page, to analyse a
   * large article) run plain JavaScript instead of loading tsx each time. A `knowledgeBase`
   * given with it must come from the compiled sources too, since the bot tells errors apart by
   * class.
   */
  readonly compiled?: boolean;
}

/** The bot and the answer engine, from the sources or compiled. */
async function modules(compiled: boolean): Promise<{ createBot: typeof SourceBot.createBot; KnowledgeBase: typeof SourceCore.KnowledgeBase }> {
  if (!compiled) return { createBot: SourceBot.createBot, KnowledgeBase: SourceCore.KnowledgeBase };
  const [{ createBot }, { KnowledgeBase }] = await Promise.all([
    importCompiled<typeof SourceBot>('src/bot/client.ts'), importCompiled<typeof SourceCore>('src/core/index.ts'),
  ]);
  return { createBot, KnowledgeBase };
}

const cleanups: Array<() => Promise<void>> = [];

/** Stops every bot and fake started by {@link startBot}; call it in `afterEach`. */
export async function stopAll(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

/**
 * Starts a fake Discord, registers the commands in it (as `npm run deploy-commands` would),
 * and starts the bot with a fresh knowledge folder. Generous rate limits unless `env` sets them.
 */
export async function startBot(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await FakeDiscord.start(options.fake);
  cleanups.push(async () => {
    await fake.close();
    expect(fake.errors).toEqual([]);
  });
  // The knowledge folder sits in its own temporary folder, with the index cache beside it.
  const root = await mkdtemp(path.join(tmpdir(), 'mou-bot-'));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const knowledgeDir = path.join(root, 'knowledge');
  await cp(new URL('../fixtures/seed-knowledge/', import.meta.url), knowledgeDir, { recursive: true });
  const addFixture = async (name: string) => writeFile(path.join(knowledgeDir, name), await readFile(new URL(name, FIXTURES)));
  for (const name of options.fixtures ?? []) await addFixture(name);
  for (const [name, text] of Object.entries(options.articles ?? {})) await writeFile(path.join(knowledgeDir, name), text);

  const config = parseConfig({
    DISCORD_TOKEN: FAKE_IDS.token,
    DISCORD_CLIENT_ID: FAKE_IDS.applicationId,
    DISCORD_API_URL: fake.apiUrl,
    KNOWLEDGE_DIR: knowledgeDir,
    DATA_DIR: path.join(root, 'data'),
    RATE_LIMIT_MAX: '1000',
    LOG_LEVEL: 'debug',
    // The sentence encoder's worker is started only by the tests that are about it.
    SENTENCE_MEANINGS: 'false',
    // The fake's first server is the operator's, where moderator commands work.
    ADMIN_GUILD_IDS: FAKE_IDS.guildId,
    ...(typeof options.env === 'function' ? options.env(fake) : options.env),
  });
  await deployCommands(config);

  const lines: string[] = [];
  const logger = createLogger(config.logLevel, new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  }), [config.discordToken]);
  await options.beforeStart?.(config);
  const { createBot, KnowledgeBase } = await modules(options.compiled ?? false);
  let knowledgeBase = options.knowledgeBase;
  if (!knowledgeBase && !options.worker) {
    const opened = await KnowledgeBase.open(config.knowledgeDir, {
      ...(config.indexCachePath !== undefined && { cachePath: config.indexCachePath }),
      meanings: config.sentenceMeanings, logger,
    });
    cleanups.push(() => opened.close());
    knowledgeBase = opened;
  }
  const newBot = () => createBot({ config, logger, ...(knowledgeBase && { knowledgeBase }) });
  let bot = newBot();
  // Destroying the client first closes its sockets cleanly before the fake goes away.
  cleanups.push(() => bot.stop());
  await bot.start();
  return {
    fake, config, knowledgeDir, addFixture,
    get bot() {
      return bot;
    },
    logs: () => lines.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as LogLine),
    writeArticle: (name, text) => writeFile(path.join(knowledgeDir, name), text),
    async restart() {
      await bot.stop();
      bot = newBot();
      await bot.start();
    },
  };
}

/**
 * The JSON body of a request the bot made, loosely typed: tests read Discord's payload fields by
 * name and assert on their values.
 */
// biome-ignore lint/suspicious/noExplicitAny: Discord payloads are read field by field in tests.
export type Body = Record<string, any>;

/** The JSON body the bot sent. */
export function bodyOf(request: RecordedRequest): Body {
  return request.body as Body;
}

/** Resolves with the bot's successful reply to an injected message. */
export function waitForMessageReply(fake: FakeDiscord, message: InjectedMessage): Promise<RecordedRequest> {
  return fake.waitForRequest((r) => r.method === 'POST' && r.status < 400 && r.path === `/channels/${message.channelId}/messages`
    && bodyOf(r).message_reference?.message_id === message.id);
}

/** The bot's replies to a message, successful or not. */
export function repliesTo(fake: FakeDiscord, message: InjectedMessage): RecordedRequest[] {
  return fake.requests.filter((r) => r.method === 'POST' && bodyOf(r)?.message_reference?.message_id === message.id);
}

/**
 * The message of an interaction's reply (content, embeds, components): its first response's, or,
 * when the bot deferred it (a slow answer), the one it filled in later.
 */
export async function replyMessage(fake: FakeDiscord, sent: { token: string }, timeoutMs?: number): Promise<Body> {
  const { type, data } = bodyOf(await fake.waitForReply(sent, timeoutMs));
  return type === 5 ? deferredMessage(fake, sent, timeoutMs) : data;
}

/** The text of an interaction's reply (see {@link replyMessage}). */
export async function replyText(fake: FakeDiscord, sent: { token: string }, timeoutMs?: number): Promise<string> {
  return (await replyMessage(fake, sent, timeoutMs)).content as string;
}

/** Resolves with the message of an interaction's deferred reply once the bot has filled it in. */
async function deferredMessage(fake: FakeDiscord, sent: { token: string }, timeoutMs?: number): Promise<Body> {
  const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.status < 400
    && r.path === `/webhooks/${FAKE_IDS.applicationId}/${sent.token}/messages/@original`, timeoutMs);
  return bodyOf(edit);
}

/** Resolves with the text of an interaction's deferred reply once the bot has filled it in. */
export async function deferredReply(fake: FakeDiscord, sent: { token: string }, timeoutMs?: number): Promise<string> {
  return (await deferredMessage(fake, sent, timeoutMs)).content as string;
}
