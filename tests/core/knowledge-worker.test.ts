import { cp, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type * as Core from '../../src/core/index.js';
import type { CacheError } from '../../src/core/live/cache.js';
import { KnowledgeBase } from '../../src/core/live/knowledge-base.js';
import type { KnowledgeWorker, RefreshInterruptedError } from '../../src/core/live/knowledge-worker.js';
import type { ArticleError } from '../../src/core/articles/article.js';
import { importCompiled } from '../compiled.js';
import { KNOWLEDGE_DIR } from '../helpers.js';

// The worker, and the errors it rebuilds in this thread, come from the compiled sources, so that
// its threads start as a build's do, without tsx (see `startWorker`). The knowledge base it is
// compared with is the one the other tests use.
const built = await importCompiled<typeof Core>('src/core/index.ts');

const NEW_ARTICLE = '---\ntitle: "Morocco orders patrol drones"\ndate: 2026-01-15\n---\nMorocco ordered twelve patrol drones for its coast guard in January.\n';
const BROKEN_DIR = fileURLToPath(new URL('../fixtures/broken-knowledge', import.meta.url));

/** A logger that keeps what it is told. */
function recordingLogger() {
  const lines: Array<{ level: string; details: object; message: string }> = [];
  const at = (level: string) => (details: object, message: string) => lines.push({ level, details, message });
  return { lines, logger: { info: at('info'), warn: at('warn'), error: at('error') } };
}

describe('KnowledgeWorker, asked without changing what it serves', () => {
  // One worker for these tests: none of them refreshes it, stops it or changes its folder.
  let dir: string;
  let serving: KnowledgeWorker;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mou-host-'));
    await cp(KNOWLEDGE_DIR, dir, { recursive: true });
    serving = await built.KnowledgeWorker.open(dir);
  });
  afterAll(async () => {
    await serving?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('answers, searches, summarises and lists sources exactly as the knowledge base in this thread does', async () => {
    const here = (await KnowledgeBase.open(dir)).reader;
    const there = serving.reader;
    expect(there.version.hash).toBe(here.version.hash);
    for (const question of ['Who signed the MoU?', 'Where was it signed?', 'What is the capital of France?', '', 'what is it?']) {
      expect(await there.answer(question)).toEqual(await here.answer(question));
    }
    expect(await there.search('maritime security')).toEqual(await here.search('maritime security'));
    expect(await there.summary(null)).toEqual(await here.summary(null));
    expect(await there.summary('rabat')).toEqual(await here.summary('rabat'));
    expect(await there.summary('no such article')).toBeUndefined();
    expect(await there.completeQuestion('Who sig', 5)).toEqual(await here.completeQuestion('Who sig', 5));
    const sources = await there.sources();
    expect(sources.sources).toEqual((await here.sources()).sources);
    expect(sources.version).toEqual(there.version);
    // Dates survive the trip between threads as dates.
    expect(sources.version.loadedAt).toBeInstanceOf(Date);
  });

  test('an error thrown in the worker arrives as its class, with the worker\'s stack', async () => {
    const failure = await serving.adopt('0123456789ab').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(built.CacheError);
    expect((failure as CacheError).reason).toBe('no cache path is configured');
    expect((failure as Error).stack).toMatch(/knowledge-base\.js/);
  });
});

describe('KnowledgeWorker', () => {
  let dir: string;
  let host: KnowledgeWorker | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mou-host-'));
    await cp(KNOWLEDGE_DIR, dir, { recursive: true });
  });
  afterEach(async () => {
    await host?.close();
    host = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  test('refreshes, and later answers come from the new version', async () => {
    host = await built.KnowledgeWorker.open(dir);
    const before = host.reader.version;
    await writeFile(path.join(dir, 'drones.md'), NEW_ARTICLE);
    const report = await host.refresh();
    expect(report).toMatchObject({ added: ['Morocco orders patrol drones'], passagesBefore: 9, passagesAfter: 10 });
    expect(host.reader.version.hash).toBe(report.version.hash);
    expect(report.version.hash).not.toBe(before.hash);
    const answer = await host.reader.answer('How many patrol drones did Morocco order?');
    expect(answer.kind === 'answer' && answer.citations[0]?.title).toBe('Morocco orders patrol drones');
  });

  test('a broken file fails the refresh with a ArticleError naming it, and the old version keeps serving', async () => {
    host = await built.KnowledgeWorker.open(dir);
    const before = host.reader.version.hash;
    await writeFile(path.join(dir, 'untitled.md'), '---\nsource: nobody\n---\nA paragraph without a title.\n');
    const failure = await host.refresh().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(built.ArticleError);
    expect((failure as ArticleError).problems).toEqual([{ file: 'untitled.md', problem: expect.stringContaining('title') }]);
    expect(host.reader.version.hash).toBe(before);
    expect((await host.reader.answer('Who signed the MoU?')).kind).toBe('answer');
  });

  test('a second refresh while one runs is refused with RefreshInProgressError', async () => {
    host = await built.KnowledgeWorker.open(dir);
    const first = host.refresh({ full: true });
    await expect(host.refresh()).rejects.toBeInstanceOf(built.RefreshInProgressError);
    await expect(first).resolves.toMatchObject({ full: true });
  });

  test('opening a folder with no good article rejects with a ArticleError', async () => {
    await expect(built.KnowledgeWorker.open(BROKEN_DIR)).rejects.toBeInstanceOf(built.ArticleError);
  });

  test('passes the worker\'s log lines to the logger', async () => {
    const { lines, logger } = recordingLogger();
    host = await built.KnowledgeWorker.open(dir, { logger, cachePath: path.join(dir, '.cache.jsonl') });
    await host.flushCache();
    expect(lines).toContainEqual(expect.objectContaining({ level: 'info', message: 'knowledge base loaded', details: expect.objectContaining({ passages: 9, openedFrom: 'build' }) }));
  });

  test('when the worker dies, the call under way fails, the death is logged, and a new worker serves the next calls', async () => {
    const { lines, logger } = recordingLogger();
    host = await built.KnowledgeWorker.open(dir, { logger });
    // As an out-of-memory error or a crash in the worker would.
    const worker = (host as unknown as { worker: Worker }).worker;
    const underWay = host.reader.answer('Who signed the MoU?');
    await worker.terminate();
    await expect(underWay).rejects.toThrow('the knowledge worker stopped');
    expect((await host.reader.answer('Who signed the MoU?')).kind).toBe('answer');
    expect(lines.map((l) => l.message)).toEqual(expect.arrayContaining(['the knowledge worker stopped; starting it again', 'the knowledge worker is serving again']));
  });

  test('when the worker cannot start again, calls get that error, and a later call starts it again', async () => {
    const { lines, logger } = recordingLogger();
    host = await built.KnowledgeWorker.open(dir, { logger });
    // As a worker that runs out of memory while it starts would.
    const hidden = built.KnowledgeWorker as unknown as { start: () => Promise<unknown> };
    const start = hidden.start;
    hidden.start = () => Promise.reject(new Error('the knowledge worker ran out of memory'));
    try {
      await (host as unknown as { worker: Worker }).worker.terminate();
      await expect(host.reader.answer('Who signed the MoU?')).rejects.toThrow('the knowledge worker ran out of memory');
    } finally {
      hidden.start = start;
    }
    expect((await host.reader.answer('Who signed the MoU?')).kind).toBe('answer');
    expect(lines.map((l) => l.message)).toContain('could not start the knowledge worker again; the next call tries again');
  });

  test('with no cache, a worker that dies while the folder is missing serves the version that served', async () => {
    host = await built.KnowledgeWorker.open(dir);
    const served = host.reader.version.hash;
    const moved = `${dir}-moved`;
    await rename(dir, moved);
    try {
      await (host as unknown as { worker: Worker }).worker.terminate();
      expect((await host.reader.answer('Who signed the MoU?')).kind).toBe('answer');
      expect(host.reader.version.hash).toBe(served);
    } finally {
      await rename(moved, dir);
    }
  });

  test('with no cache, a worker that dies after refreshes serves the articles they left: one added, one changed, one removed', async () => {
    await writeFile(path.join(dir, 'old.md'), '---\ntitle: "Harbour closes"\n---\nThe old harbour closed for repairs in March.\n');
    host = await built.KnowledgeWorker.open(dir);
    await writeFile(path.join(dir, 'drones.md'), NEW_ARTICLE);
    await host.refresh();
    await writeFile(path.join(dir, 'drones.md'), NEW_ARTICLE.replace('twelve', 'fourteen'));
    await rm(path.join(dir, 'old.md'));
    const { version } = await host.refresh();
    await (host as unknown as { worker: Worker }).worker.terminate();
    const answer = await host.reader.answer('How many patrol drones did Morocco order?');
    expect(host.reader.version.hash).toBe(version.hash);
    expect(answer.kind === 'answer' && answer.snippets[0]?.text).toContain('fourteen');
    expect((await host.reader.sources()).sources.map((source) => source.title)).not.toContain('Harbour closes');
  });

  test('with no cache, a refresh the worker dies in is reported not completed, and the version that served serves again', async () => {
    host = await built.KnowledgeWorker.open(dir);
    const served = host.reader.version.hash;
    // Read again, the folder gives another version.
    await writeFile(path.join(dir, 'drones.md'), NEW_ARTICLE);
    const refresh = host.refresh().catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await (host as unknown as { worker: Worker }).worker.terminate();
    const failure = await refresh;
    expect(failure).toBeInstanceOf(built.RefreshInterruptedError);
    expect((failure as RefreshInterruptedError).serving?.hash).toBe(served);
    expect(host.reader.version.hash).toBe(served);
    const answer = await host.reader.answer('How many patrol drones did Morocco order?');
    expect(answer.kind === 'answer' && answer.citations.map((c) => c.title)).not.toContain('Morocco orders patrol drones');
    // A refresh after the restart reads the folder as usual.
    expect((await host.refresh()).added).toEqual(['Morocco orders patrol drones']);
  });

  test('after close, calls are refused', async () => {
    const closing = await built.KnowledgeWorker.open(dir);
    await closing.close();
    await expect(closing.reader.answer('Who signed the MoU?')).rejects.toThrow('the knowledge base is closed');
  });
});
