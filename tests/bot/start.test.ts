/**
 * `npm start` (`src/cli/start.ts`) as a child process: the message without a token, and a real start
 * against the fake Discord followed by a clean shutdown on SIGTERM.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, test } from 'vitest';
import { FAKE_IDS, FakeDiscord } from '../fake-discord/index.js';
import { bodyOf, SEED_TITLE } from './harness.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const BOT = path.join(ROOT, 'src', 'cli', 'start.ts');

const children: ChildProcess[] = [];
const fakes: FakeDiscord[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  }
  for (const fake of fakes.splice(0)) await fake.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** An empty working folder, so that no developer's .env is read. */
async function emptyDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mou-bot-start-'));
  dirs.push(dir);
  return dir;
}

describe('npm start', () => {
  test('without a token, exits 1 and says how to set one up and that npm run chat needs none', async () => {
    const error = await promisify(execFile)(TSX, [BOT], { cwd: await emptyDir(), env: { PATH: process.env.PATH } })
      .then(() => undefined, (e: { code: number; stdout: string; stderr: string }) => e);

    expect(error).toMatchObject({ code: 1, stdout: '' });
    expect(error!.stderr).toContain('DISCORD_TOKEN is missing. Create an application in the Discord Developer Portal');
    expect(error!.stderr).toContain('Bot → Reset Token');
    expect(error!.stderr).toContain('To try the answers without Discord, run `npm run chat`.');
  });

  test('connects, answers, and on SIGTERM disconnects and exits 0 without ever printing the token', async () => {
    const fake = await FakeDiscord.start();
    fakes.push(fake);
    const child = spawn(TSX, [BOT], {
      cwd: await emptyDir(),
      env: {
        PATH: process.env.PATH,
        DISCORD_TOKEN: FAKE_IDS.token,
        DISCORD_CLIENT_ID: FAKE_IDS.applicationId,
        DISCORD_API_URL: fake.apiUrl,
        KNOWLEDGE_DIR: path.join(ROOT, 'tests', 'fixtures', 'seed-knowledge'),
        INDEX_CACHE_PATH: 'off',
      },
    });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });

    // The child loads tsx and the WordNet thesaurus before it connects.
    await fake.waitForReady(1, 20_000);
    const sent = fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question: 'Who signed the MoU?' } });
    expect(bodyOf(await fake.waitForReply(sent)).data.content).toContain(`[1] ${SEED_TITLE}`);

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    const messages = output.trim().split('\n').map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toEqual(expect.arrayContaining(['connecting to Discord', 'ready', 'shutting down', 'disconnected from Discord']));
    // A deliberate disconnect is not reported as a lost connection.
    expect(messages).not.toContain('gateway connection lost; reconnecting');
    expect(output).not.toContain(FAKE_IDS.token);
  }, 30_000);
});
