/**
 * Faults around the knowledge base, end to end: a cache path that is not a file, temporary files
 * a stopped bot left, a file that cannot be read, a knowledge worker that dies while the folder
 * is missing or while a refresh runs. Members and moderators must keep getting the version that
 * served, and be told which file is at fault.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, test } from 'vitest';
import type * as Core from '../../src/core/index.js';
import { importCompiled } from '../compiled.js';
import type { FakeDiscord } from '../fake-discord/index.js';
import { KNOWLEDGE_DIR } from '../helpers.js';
import { deferredReply, replyText, SEED_TITLE, startBot, stopAll, type LogLine } from './harness.js';

// The knowledge worker comes from the compiled sources, so that its threads start as a build's
// do, without tsx (see `startWorker`); the bot it serves is started from them too (`compiled`).
const { KnowledgeWorker } = await importCompiled<typeof Core>('src/core/index.ts');
type KnowledgeWorker = Core.KnowledgeWorker;

const roots: string[] = [];
const workers: KnowledgeWorker[] = [];
afterEach(async () => {
  await stopAll();
  for (const worker of workers.splice(0)) await worker.close();
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

async function tempRoot(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'mou-faults-'));
  roots.push(root);
  return root;
}

/** Asks with `/mou ask`; the answer text, also when the bot deferred it (a worker restarting on a loaded machine). */
async function ask(fake: FakeDiscord, question: string): Promise<string> {
  return replyText(fake, fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question } }), 20_000);
}

/** A knowledge worker over a copy of the seed folder, with its cache saved, as the bot runs it. */
async function servingWorker(): Promise<{ worker: KnowledgeWorker; dir: string; kill: () => Promise<number> }> {
  const root = await tempRoot();
  const dir = path.join(root, 'knowledge');
  await cp(KNOWLEDGE_DIR, dir, { recursive: true });
  const worker = await KnowledgeWorker.open(dir, { cachePath: path.join(root, 'index.jsonl') });
  workers.push(worker);
  await worker.flushCache();
  // As an out-of-memory error or a crash in the worker thread would.
  const kill = () => (worker as unknown as { worker: Worker }).worker.terminate();
  return { worker, dir, kill };
}

const PORT_PARAGRAPH = 'The port of Valencia handled 5.4 million containers last year, officials said. ';

describe('a cache path that is not a file', () => {
  test.each([
    ['a directory (what a bind mount of a missing file makes)', async (file: string) => mkdir(file), 'is a directory'],
    ['a named pipe, which would never end', async (file: string) => {
      spawnSync('mkfifo', [file]);
    }, 'is a named pipe'],
  ])('%s: the bot starts, answers, and logs the path and why', async (_, make, reason) => {
    const file = path.join(await tempRoot(), 'index.jsonl');
    await make(file);
    const { fake, logs } = await startBot({ env: { INDEX_CACHE_PATH: file } });

    expect(await ask(fake, 'Who signed the MoU?')).toContain(`[1] ${SEED_TITLE}`);
    expect(logs().find((line) => line.msg === 'index cache unusable; rebuilding the index')).toMatchObject({
      level: 40, cache: file, reason: `${reason}, not a file; point INDEX_CACHE_PATH at a file (it need not exist yet)`,
    });
  });
});

describe('temporary cache files', () => {
  test('those a stopped bot left are removed at start; those of a running process are kept', async () => {
    const root = await tempRoot();
    const file = path.join(root, 'index.jsonl');
    const stopped = spawnSync(process.execPath, ['-e', '']).pid!;
    await writeFile(`${file}.${stopped}.1700000000000.tmp`, 'half a cache');
    // The test's own parent, a process that is surely running: another shard saving, say.
    await writeFile(`${file}.${process.ppid}.1700000000000.tmp`, 'a cache being saved');
    const { logs } = await startBot({ env: { INDEX_CACHE_PATH: file } });

    // (The bot may be saving its own cache meanwhile, under its own temporary name.)
    const names = await readdir(root);
    expect(names).not.toContain(`index.jsonl.${stopped}.1700000000000.tmp`);
    expect(names).toContain(`index.jsonl.${process.ppid}.1700000000000.tmp`);
    expect(logs().find((line) => line.msg === 'removed temporary cache files left by a stopped process'))
      .toMatchObject({ files: [`index.jsonl.${stopped}.1700000000000.tmp`] });
  });
});

describe('a file that cannot be read', () => {
  test('refuses the refresh, naming the file relative to the folder, and the old version keeps serving', async () => {
    const { fake, knowledgeDir } = await startBot();
    // Fails where a file deleted while the folder is read, or one the bot may not read, does.
    await symlink('gone.md', path.join(knowledgeDir, 'deleted.md'));
    const report = await deferredReply(fake, fake.slashCommand({ name: 'mou-admin', subcommand: 'refresh', user: 'moderator' }));

    expect(report).toMatch(/^\*\*Refresh failed\*\*: nothing changed/);
    expect(report).toContain('\n• deleted.md: disappeared while the folder was read, or is a link to a missing file (ENOENT)');
    expect(report).not.toContain(knowledgeDir);
    expect(await ask(fake, 'Who signed the MoU?')).toContain(`[1] ${SEED_TITLE}`);
  });
});

describe('the knowledge worker stops', () => {
  test('while the folder is missing: the restarted worker serves the version that served, from the cache', async () => {
    const { worker, dir, kill } = await servingWorker();
    const { fake } = await startBot({ compiled: true, knowledgeBase: worker });
    const served = worker.reader.version.hash;
    // A sync job has moved the folder away for a moment.
    await rename(dir, `${dir}-syncing`);
    await kill();

    expect(await ask(fake, 'Who signed the MoU?')).toContain(`[1] ${SEED_TITLE}`);
    expect(worker.reader.version.hash).toBe(served);
  });

  test('during a refresh: the moderator is told it did not complete, and the version that served keeps serving', async () => {
    const { worker, dir, kill } = await servingWorker();
    const { fake, logs } = await startBot({ compiled: true, knowledgeBase: worker });
    const served = worker.reader.version;
    await writeFile(path.join(dir, 'valencia.md'), `---\ntitle: "Valencia port statistics"\n---\n${PORT_PARAGRAPH.repeat(11_000)}\n`);
    const sent = fake.slashCommand({ name: 'mou-admin', subcommand: 'refresh', user: 'moderator' });
    // The refresh starts before the reply is deferred, and reading and analysing the new article
    // takes far longer than the deferral.
    await fake.waitForReply(sent);
    await kill();

    expect(await deferredReply(fake, sent, 20_000)).toMatch(new RegExp(`^\\*\\*Refresh did not complete\\*\\*: the knowledge worker stopped while it ran\\. It has started again and serves version \`${served.hash}\` \\(1 article, loaded <t:\\d+:f>\\)\\. Refresh again to apply the folder's changes\\.$`));
    expect(worker.reader.version.hash).toBe(served.hash);
    expect(await ask(fake, 'How many containers did the port of Valencia handle?')).toMatch(/^I could not find a confident answer/);
    expect(logs().find((line: LogLine) => line.event === 'refresh')).toMatchObject({ result: 'interrupted', serving: served.hash });
  }, 30_000);
});
