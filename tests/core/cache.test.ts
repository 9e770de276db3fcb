import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  CacheError, readIndexCache, removeStaleTemporaryFiles, STALE_TEMPORARY_MS, writeIndexCache, type CachedArticle,
} from '../../src/core/live/cache.js';
import { ENGINE_VERSION } from '../../src/core/search/article-index.js';
import { KnowledgeBase, type EngineLogger } from '../../src/core/live/knowledge-base.js';
import { KNOWLEDGE_DIR } from '../helpers.js';

const NEW_ARTICLE = '---\ntitle: "Morocco orders patrol drones"\n---\nMorocco ordered twelve patrol drones for its coast guard.\n';

function memoryLogger() {
  const lines: Array<{ level: string; message: string; details: object }> = [];
  const logger: EngineLogger = {
    info: (details, message) => lines.push({ level: 'info', message, details }),
    warn: (details, message) => lines.push({ level: 'warn', message, details }),
    error: (details, message) => lines.push({ level: 'error', message, details }),
  };
  return { logger, lines };
}

describe('the index cache', () => {
  let dir: string;
  let knowledge: string;
  let cachePath: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mou-cache-'));
    knowledge = path.join(dir, 'knowledge');
    cachePath = path.join(dir, 'cache', 'index.jsonl');
    await cp(KNOWLEDGE_DIR, knowledge, { recursive: true });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('is written on first start and used on the next, with the same answers', async () => {
    const first = await KnowledgeBase.open(knowledge, { cachePath });
    await first.flushCache();
    expect(first.openedFrom).toBe('build');
    expect((await stat(cachePath)).size).toBeGreaterThan(0);
    const second = await KnowledgeBase.open(knowledge, { cachePath });
    expect(second.openedFrom).toBe('cache');
    expect(second.index.version.hash).toBe(first.index.version.hash);
    const question = 'Who signed the MoU for Morocco?';
    expect(second.index.answer(question)).toEqual(first.index.answer(question));
  });

  test('is rebuilt when the knowledge base changed, reusing the unchanged articles', async () => {
    await (await KnowledgeBase.open(knowledge, { cachePath })).flushCache();
    await writeFile(path.join(knowledge, 'drones.md'), NEW_ARTICLE);
    const reopened = await KnowledgeBase.open(knowledge, { cachePath });
    await reopened.flushCache();
    expect(reopened.openedFrom).toBe('build');
    expect((await readIndexCache(cachePath)).hash).toBe(reopened.index.version.hash);
  });

  test.each([
    ['truncated after a line', (text: string) => `${text.split('\n').slice(0, -2).join('\n')}\n`, 'is truncated (no end line)'],
    ['cut inside a line', (text: string) => text.slice(0, Math.floor(text.length / 2)), 'line 2 is not JSON'],
    ['altered', (text: string) => text.replace('Rabat', 'Rabbit'), 'is corrupt (checksum mismatch)'],
    ['not JSON', () => 'garbage\n', 'line 1 is not JSON'],
    ['of another engine', (text: string) => text.replace(`"engine":${ENGINE_VERSION}`, '"engine":999'), `was written by engine version 999, not ${ENGINE_VERSION}`],
  ])('logs and rebuilds a cache that is %s, never crashing', async (_, damage, reason) => {
    await (await KnowledgeBase.open(knowledge, { cachePath })).flushCache();
    await writeFile(cachePath, damage(await readFile(cachePath, 'utf8')));
    await expect(readIndexCache(cachePath)).rejects.toEqual(new CacheError(cachePath, reason));
    const { logger, lines } = memoryLogger();
    const reopened = await KnowledgeBase.open(knowledge, { cachePath, logger });
    expect(reopened.openedFrom).toBe('build');
    expect(lines).toContainEqual({ level: 'warn', message: 'index cache unusable; rebuilding the index', details: { cache: cachePath, reason } });
    expect(reopened.index.answer('Who signed the MoU for Morocco?').kind).toBe('answer');
    await reopened.flushCache();
    expect((await readIndexCache(cachePath)).hash).toBe(reopened.index.version.hash);
  });

  test('is replaced atomically: no temporary file is left behind', async () => {
    await writeIndexCache(cachePath, 'abc', []);
    const names = (await import('node:fs/promises')).readdir(path.dirname(cachePath));
    expect(await names).toEqual(['index.jsonl']);
    expect(await readIndexCache(cachePath)).toEqual({ hash: 'abc', articles: new Map() });
  });
});

describe('removeStaleTemporaryFiles', () => {
  let folder: string;
  let cachePath: string;
  beforeEach(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'mou-temporary-'));
    cachePath = path.join(folder, 'index.jsonl');
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  /** An article large enough that writing it waits for the file to take it. */
  function largeArticle(n: number): CachedArticle {
    const text = 'The harbour authority counted more containers than ever. '.repeat(1_500);
    return {
      article: { slug: `a${n}`, title: `Article ${n}`, file: `a${n}.md`, hash: '0'.repeat(16), paragraphs: [text] },
      analyses: [{ sentences: Int32Array.of(0, text.length), spans: new Int32Array() }],
      terms: ['harbour'],
      words: new Map([['harbour', 1]]),
    };
  }

  test('removes what an earlier process with this process\'s id left (a restarted container\'s pid 1), never the file this process is writing', async () => {
    const earlier = `index.jsonl.${process.pid}-0badf00d.1700000000000.tmp`;
    await writeFile(path.join(folder, earlier), 'half a cache');
    let during: { removed: Promise<string[]>; listed: Promise<string[]> } | undefined;
    function* articles(): Generator<CachedArticle> {
      yield largeArticle(1);
      // The first article is in the temporary file: check while the save goes on.
      during = { removed: removeStaleTemporaryFiles(cachePath), listed: readdir(folder) };
      for (let n = 2; n <= 6; n += 1) yield largeArticle(n);
    }
    await writeIndexCache(cachePath, 'abc', articles());

    const listed = await during!.listed;
    const own = listed.find((name) => name !== earlier && name.endsWith('.tmp'));
    expect(own).toMatch(new RegExp(`^index\\.jsonl\\.${process.pid}-[0-9a-f]{8}\\.\\d+\\.tmp$`));
    expect(await during!.removed).toEqual([earlier]);
    expect(await readdir(folder)).toEqual(['index.jsonl']);
    expect((await readIndexCache(cachePath)).articles.size).toBe(6);
  });

  test('removes the files of stopped processes and those another process has not written to for long; keeps one another process is writing', async () => {
    const stopped = spawnSync(process.execPath, ['-e', '']).pid!;
    // The test's parent is surely running: another shard, say.
    const names = {
      stopped: `index.jsonl.${stopped}-0a0a0a0a.1700000000000.tmp`,
      stoppedEarlierVersion: `index.jsonl.${stopped}.1700000000000.tmp`,
      beingWritten: `index.jsonl.${process.ppid}-0b0b0b0b.1700000000000.tmp`,
      untouched: `index.jsonl.${process.ppid}-0c0c0c0c.1700000000000.tmp`,
      notOurs: 'index.jsonl.backup',
    };
    for (const name of Object.values(names)) await writeFile(path.join(folder, name), 'part of a cache');
    const longAgo = new Date(Date.now() - STALE_TEMPORARY_MS - 60_000);
    await utimes(path.join(folder, names.untouched), longAgo, longAgo);

    expect((await removeStaleTemporaryFiles(cachePath)).sort()).toEqual([names.stopped, names.stoppedEarlierVersion, names.untouched].sort());
    expect((await readdir(folder)).sort()).toEqual([names.beingWritten, names.notOurs].sort());
  });

  test('removes nothing where the folder cannot be listed', async () => {
    expect(await removeStaleTemporaryFiles(path.join(folder, 'missing', 'index.jsonl'))).toEqual([]);
    await mkdir(path.join(folder, 'empty'));
    expect(await removeStaleTemporaryFiles(path.join(folder, 'empty', 'index.jsonl'))).toEqual([]);
  });
});

describe('KnowledgeBase.adopt', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mou-adopt-'));
    await cp(KNOWLEDGE_DIR, path.join(dir, 'knowledge'), { recursive: true });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('switches another process to the version a refresh saved', async () => {
    const cachePath = path.join(dir, 'index.jsonl');
    const knowledge = path.join(dir, 'knowledge');
    const refresher = await KnowledgeBase.open(knowledge, { cachePath });
    const follower = await KnowledgeBase.open(knowledge, { cachePath });
    await writeFile(path.join(knowledge, 'drones.md'), NEW_ARTICLE);
    const report = await refresher.refresh();
    await refresher.flushCache();
    const version = await follower.adopt(report.version.hash);
    expect(version.hash).toBe(report.version.hash);
    const answer = follower.index.answer('How many patrol drones did Morocco order?');
    expect(answer.kind === 'answer' && answer.citations[0]?.title).toBe('Morocco orders patrol drones');
  });

  test('refuses a cache that holds another version', async () => {
    const cachePath = path.join(dir, 'index.jsonl');
    const base = await KnowledgeBase.open(path.join(dir, 'knowledge'), { cachePath });
    await base.flushCache();
    await expect(base.adopt('ffffffffffff')).rejects.toThrow(`index cache ${cachePath}: holds version ${base.index.version.hash}, not ffffffffffff`);
  });
});
