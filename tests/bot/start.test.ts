/**
 * `npm start` (`src/cli/start.ts`) as a child process: the message without a token, a real start
 * against the fake Discord followed by a clean shutdown on SIGTERM, a supervisor that signals
 * only npm, a second signal, an article the bot's user cannot read (at start and at refresh), a
 * token pasted into the wrong variable, and the exit status that tells a supervisor whether
 * restarting can help (78 for a configuration error, 1 otherwise), for `npm start` and
 * `npm run start:sharded`.
 */
import { execFile, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
import { chmod, chown, cp, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, test } from 'vitest';
import { FAKE_IDS, FakeDiscord } from '../fake-discord/index.js';
import { botEnv, type Started, startProcess, stopProcesses } from './bot-process.js';
import { bodyOf, deferredReply, replyText, SEED_TITLE } from './harness.js';
import { compiled } from '../compiled.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** The entry points as JavaScript, started with plain node as a build is (see `compiled.ts`). */
const BOT = compiled('src/cli/start.ts');
const SHARDED = compiled('src/cli/start-sharded.ts');
/** sysexits.h's EX_CONFIG: what the bot exits with when only the operator can fix the problem. */
const EX_CONFIG = 78;

const SEED_DIR = path.join(ROOT, 'tests', 'fixtures', 'seed-knowledge');
const FERRY_TITLE = 'Island ferry adds a late-evening sailing for the summer';
const FERRY_QUESTION = 'At what time does the extra ferry sailing from the mainland run?';

const fakes: FakeDiscord[] = [];
const dirs: string[] = [];
/** Folder modes a test changed, put back after it. */
const modes: Array<readonly [string, number]> = [];
afterEach(async () => {
  await stopProcesses();
  for (const fake of fakes.splice(0)) await fake.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  for (const [dir, mode] of modes.splice(0).reverse()) await chmod(dir, mode);
});

/**
 * Lets other users pass through the folders above `dir` (a checkout in a private temporary
 * folder, mode 0700, shuts out the unprivileged user the bot runs as here): adds others'
 * execute bit, not read, where it is missing, until the test ends.
 */
async function letOthersThrough(dir: string): Promise<void> {
  for (let at = dir; ; at = path.dirname(at)) {
    const mode = (await stat(at)).mode & 0o7777;
    if ((mode & 0o001) === 0) {
      modes.push([at, mode]);
      await chmod(at, mode | 0o001);
    }
    if (path.dirname(at) === at) break;
  }
}

/**
 * How to spawn the bot so that file permissions bind it: root reads every file, so as root it
 * runs as an unprivileged user (as it should in production), with `root` (its working folder)
 * its own and `readable` folders open to it.
 */
async function unprivileged(root: string, ...readable: string[]): Promise<SpawnOptions> {
  if (process.getuid?.() !== 0) return {};
  const user = { uid: 65534, gid: 65534 };
  await letOthersThrough(ROOT);
  for (const dir of [root, ...readable]) await chmod(dir, 0o755);
  await chown(root, user.uid, user.gid);
  return user;
}

/** An empty working folder, so that no developer's .env is read. */
async function emptyDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mou-bot-start-'));
  dirs.push(dir);
  return dir;
}

async function startFake(options: Parameters<typeof FakeDiscord.start>[0] = {}): Promise<FakeDiscord> {
  const fake = await FakeDiscord.start(options);
  fakes.push(fake);
  return fake;
}

/** A port on 127.0.0.1 where nothing listens: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Runs an entry point against the fake Discord until it exits: its exit status, and the run for its output. */
async function runToExit(script: string, fake: FakeDiscord, env: Record<string, string>): Promise<{ code: number | null; run: Started }> {
  const run = startProcess(process.execPath, [script], botEnv(fake, SEED_DIR, env), { cwd: await emptyDir() });
  const [code] = (await once(run.child, 'exit')) as [number | null];
  return { code, run };
}

describe('npm start', () => {
  test('without a token, exits 78 (a configuration error) and says how to set one up and that npm run chat needs none', async () => {
    const error = await promisify(execFile)(process.execPath, [BOT], { cwd: await emptyDir(), env: { PATH: process.env.PATH } })
      .then(() => undefined, (e: { code: number; stdout: string; stderr: string }) => e);

    expect(error).toMatchObject({ code: EX_CONFIG, stdout: '' });
    expect(error!.stderr).toContain('DISCORD_TOKEN is missing. Create an application in the Discord Developer Portal');
    expect(error!.stderr).toContain('Bot → Reset Token');
    expect(error!.stderr).toContain('To try the answers without Discord, run `npm run chat`.');
  });

  test('connects, answers, and on SIGTERM disconnects and exits 0 without ever printing the token', async () => {
    const fake = await startFake();
    const bot = startProcess(process.execPath, [BOT], botEnv(fake, SEED_DIR), { cwd: await emptyDir() });

    // The child loads tsx and the WordNet thesaurus before it connects.
    await fake.waitForReady(1, 20_000);
    const sent = fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question: 'Who signed the MoU?' } });
    expect(bodyOf(await fake.waitForReply(sent)).data.content).toContain(`[1] ${SEED_TITLE}`);

    const exited = once(bot.child, 'exit');
    bot.child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    // Every line is a JSON log line.
    expect(bot.messages()).toHaveLength(bot.output().trim().split('\n').length);
    expect(bot.messages()).toEqual(expect.arrayContaining(['connecting to Discord', 'ready', 'shutting down', 'disconnected from Discord']));
    // A deliberate disconnect is not reported as a lost connection.
    expect(bot.messages()).not.toContain('gateway connection lost; reconnecting');
    expect(bot.output()).not.toContain(FAKE_IDS.token);
  }, 30_000);

  test('a second signal exits at once, and leaves no temporary cache file of a save it cut short', async () => {
    const fake = await startFake();
    const root = await emptyDir();
    const cache = path.join(root, 'index.jsonl');
    const bot = startProcess(process.execPath, [BOT], botEnv(fake, SEED_DIR, { INDEX_CACHE_PATH: cache }), { cwd: root });
    await fake.waitForReady(1, 30_000);
    // What a save under way looks like: the knowledge worker writes it in the bot's process.
    await writeFile(`${cache}.${bot.child.pid}.1700000000000.tmp`, 'half a cache');

    const exited = once(bot.child, 'exit');
    bot.child.kill('SIGTERM');
    bot.child.kill('SIGTERM');
    await exited;
    expect(bot.messages()).toContain('shutting down');
    expect((await readdir(root)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 30_000);

  test('an article the bot\'s user cannot read is skipped at start with a warning naming it; the bot serves the rest', async () => {
    const fake = await startFake();
    const root = await emptyDir();
    const knowledgeDir = path.join(root, 'knowledge');
    await cp(SEED_DIR, knowledgeDir, { recursive: true });
    await writeFile(path.join(knowledgeDir, 'locked.md'), '---\ntitle: Locked\n---\nNobody may read this.\n');
    await chmod(path.join(knowledgeDir, 'locked.md'), 0o000);
    const user = await unprivileged(root, knowledgeDir);
    const bot = startProcess(process.execPath, [BOT], botEnv(fake, knowledgeDir), { cwd: root, ...user });
    await fake.waitForReady(1, 30_000);

    expect(bot.lines()).toContainEqual(expect.objectContaining({
      msg: 'article skipped: fix it, then refresh', level: 40, file: 'locked.md', problem: 'cannot be read: permission denied (EACCES); let the bot\'s user read it',
    }));
    const sent = fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question: 'Who signed the MoU?' } });
    expect(bodyOf(await fake.waitForReply(sent, 20_000)).data.content).toContain(`[1] ${SEED_TITLE}`);
  }, 60_000);

  test('an article the bot\'s user cannot read at refresh is named in the report, and its old version keeps serving', async () => {
    const fake = await startFake();
    const root = await emptyDir();
    const knowledgeDir = path.join(root, 'knowledge');
    await cp(SEED_DIR, knowledgeDir, { recursive: true });
    const ferry = path.join(knowledgeDir, 'ferry.md');
    const ferryAt = (time: string) => `---\ntitle: "${FERRY_TITLE}"\n---\nThe ferry company will run an extra sailing from the mainland at ${time} every evening.\n`;
    await writeFile(ferry, ferryAt('22:15'));
    const user = await unprivileged(root, knowledgeDir);
    const bot = startProcess(process.execPath, [BOT], botEnv(fake, knowledgeDir, { ADMIN_GUILD_IDS: FAKE_IDS.guildId }), { cwd: root, ...user });
    await fake.waitForReady(1, 30_000);
    const askFerry = () => replyText(fake, fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question: FERRY_QUESTION } }), 20_000);
    expect(await askFerry()).toContain('22:15');

    await writeFile(ferry, ferryAt('23:45'));
    await chmod(ferry, 0o000);
    const report = await deferredReply(fake, fake.slashCommand({ name: 'mou-admin', subcommand: 'refresh', user: 'moderator' }), 20_000);

    expect(report).toMatch(/^\*\*Refresh failed\*\*: nothing changed/);
    expect(report).toContain('\n• ferry.md: cannot be read: permission denied (EACCES); let the bot\'s user read it');
    const answer = await askFerry();
    expect(answer).toContain('22:15');
    expect(answer).not.toContain('23:45');
    expect(bot.lines()).toContainEqual(expect.objectContaining({ event: 'refresh', result: 'broken-files' }));
  }, 60_000);

  test('a token pasted by mistake into KNOWLEDGE_DIR is never printed', async () => {
    const fake = await startFake();
    const bot = startProcess(process.execPath, [BOT], botEnv(fake, FAKE_IDS.token, { INDEX_CACHE_PATH: '' }), { cwd: await emptyDir() });
    const [code] = await once(bot.child, 'exit');

    expect(code).toBe(1);
    expect(bot.output()).toContain('the knowledge folder: does not exist');
    expect(bot.output()).toContain('[redacted]');
    expect(bot.output()).not.toContain(FAKE_IDS.token);
  }, 30_000);

  test('a token pasted by mistake into INDEX_CACHE_PATH is never printed', async () => {
    const fake = await startFake();
    const root = await emptyDir();
    // A directory where the cache should be: the bot logs the cache path as unusable.
    await mkdir(path.join(root, FAKE_IDS.token));
    const bot = startProcess(process.execPath, [BOT], botEnv(fake, SEED_DIR, { INDEX_CACHE_PATH: FAKE_IDS.token }), { cwd: root });
    await fake.waitForReady(1, 30_000);
    const exited = once(bot.child, 'exit');
    bot.child.kill('SIGTERM');
    await exited;

    expect(bot.lines()).toContainEqual(expect.objectContaining({
      msg: 'index cache unusable; rebuilding the index', cache: path.join(root, '[redacted]'),
    }));
    expect(bot.output()).not.toContain(FAKE_IDS.token);
  }, 30_000);

  test('an invalid setting exits 78 and names it', async () => {
    const fake = await startFake();
    const { code, run: bot } = await runToExit(BOT, fake, { RATE_LIMIT_MAX: 'ten' });

    expect(code).toBe(EX_CONFIG);
    expect(bot.output()).toContain('RATE_LIMIT_MAX must be a whole number of at least 1; got "ten"');
    expect(fake.identifies).toEqual([]);
  }, 30_000);

  test.each([
    ['rejects the token', 'Discord rejected DISCORD_TOKEN. Reset the token in the Developer Portal', {}, {},
      (fake: FakeDiscord) => fake.failNext((r) => r.path === '/gateway/bot', { status: 401 })],
    ['refuses the Message Content intent', 'Discord refused the Message Content intent, which ASK_CHANNEL_IDS needs.',
      { messageContentIntentGranted: false }, { ASK_CHANNEL_IDS: FAKE_IDS.channelId }, () => {}],
  ])('when Discord %s, exits 78 and says what to change', async (_what, message, fakeOptions, env, prepare) => {
    const fake = await startFake(fakeOptions);
    prepare(fake);
    const { code, run: bot } = await runToExit(BOT, fake, env);

    expect(code).toBe(EX_CONFIG);
    expect(bot.output()).toContain(message);
    expect(bot.output()).not.toContain(FAKE_IDS.token);
  }, 30_000);

  test('when Discord cannot be reached, exits 1, for the supervisor to try again', async () => {
    const fake = await startFake();
    const { code, run: bot } = await runToExit(BOT, fake, { DISCORD_API_URL: `http://127.0.0.1:${await closedPort()}` });

    expect(code).toBe(1);
    expect(bot.output()).toContain('Could not connect to Discord: connect ECONNREFUSED');
  }, 30_000);
});

describe('npm run start:sharded', () => {
  test('an invalid setting exits 78 and names it', async () => {
    const fake = await startFake();
    const { code, run: manager } = await runToExit(SHARDED, fake, { SHARD_TOTAL: 'many' });

    expect(code).toBe(EX_CONFIG);
    expect(manager.output()).toContain('SHARD_TOTAL must be auto or a whole number from 1 to 64; got "many"');
  }, 30_000);

  test('a token Discord rejects when asked for the shard count exits 78 and says to reset it', async () => {
    const fake = await startFake();
    fake.failNext((r) => r.path === '/gateway/bot', { status: 401 });
    const { code, run: manager } = await runToExit(SHARDED, fake, { SHARD_TOTAL: 'auto' });

    expect(code).toBe(EX_CONFIG);
    expect(manager.output()).toContain('Discord rejected DISCORD_TOKEN. Reset the token in the Developer Portal');
    expect(manager.output()).not.toContain(FAKE_IDS.token);
  }, 30_000);

  test('a shard that exits 78 stops the manager with 78 instead of being respawned', async () => {
    const fake = await startFake();
    // The count is given, so the shard, not the manager, is the first to ask Discord.
    fake.failNext((r) => r.path === '/gateway/bot', { status: 401 });
    const { code, run: manager } = await runToExit(SHARDED, fake, { SHARD_TOTAL: '1' });

    expect(code).toBe(EX_CONFIG);
    expect(manager.output()).toContain('Discord rejected DISCORD_TOKEN. Reset the token in the Developer Portal');
    expect(manager.messages()).toContain('shard exited on a configuration error; stopping every shard');
    expect(manager.messages()).not.toContain('shard process exited; the manager respawns it');
  }, 60_000);
});
