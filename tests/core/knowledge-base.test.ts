import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { KnowledgeBase, RefreshInProgressError } from '../../src/core/live/knowledge-base.js';
import { analyseParagraphs } from '../../src/core/articles/analysis.js';
import { ArticleError, loadArticles } from '../../src/core/articles/article.js';
import type { AnswerResult } from '../../src/core/answering/results.js';
import type * as Core from '../../src/core/index.js';
import { importCompiled } from '../compiled.js';
import { KNOWLEDGE_DIR, XQUAD_DIR } from '../helpers.js';

// What analyses in a worker thread comes from the compiled sources, so that the thread starts
// without tsx (see `compiled.ts`); its results are compared with those of the sources.
const built = await importCompiled<typeof Core>('src/core/index.ts');

const NEW_ARTICLE = '---\ntitle: "Morocco orders patrol drones"\ndate: 2026-01-15\n---\nMorocco ordered twelve patrol drones for its coast guard in January.\n';

describe('KnowledgeBase.refresh', () => {
  let dir: string;
  let base: KnowledgeBase;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mou-refresh-'));
    await cp(KNOWLEDGE_DIR, dir, { recursive: true });
    base = await KnowledgeBase.open(dir);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('swaps in an index with a new article and reports what changed', async () => {
    const before = base.index;
    await writeFile(path.join(dir, 'drones.md'), NEW_ARTICLE);
    const report = await base.refresh();
    expect(report).toMatchObject({ dryRun: false, added: ['Morocco orders patrol drones'], changed: [], removed: [], passagesBefore: 9, passagesAfter: 10 });
    expect(report.version.hash).not.toBe(report.versionBefore.hash);
    expect(base.index).not.toBe(before);
    const answer = base.index.answer('How many patrol drones did Morocco order?');
    expect(answer.kind === 'answer' && answer.citations[0]?.title).toBe('Morocco orders patrol drones');
  });

  test('a version restored after a worker restart never overwrites a newer one in the cache', async () => {
    const cachePath = path.join(dir, '.index-cache.jsonl');
    const cachedHash = async () => (JSON.parse((await readFile(cachePath, 'utf8')).split('\n')[0]!) as { hash: string }).hash;
    const first = await KnowledgeBase.open(dir, { cachePath });
    const older = first.index.articleList();
    await writeFile(path.join(dir, 'drones.md'), NEW_ARTICLE);
    const { version } = await first.refresh();
    await first.flushCache();
    await first.close();
    expect(await cachedHash()).toBe(version.hash);

    const restored = await KnowledgeBase.open(dir, { cachePath, restore: older });
    await restored.flushCache();
    await restored.close();
    expect(restored.index.version.hash).not.toBe(version.hash);
    expect(await cachedHash()).toBe(version.hash);
  });

  test('reports changed and removed articles', async () => {
    await writeFile(path.join(dir, 'drones.md'), NEW_ARTICLE);
    await base.refresh();
    await writeFile(path.join(dir, 'drones.md'), NEW_ARTICLE.replace('twelve', 'ten'));
    await rm(path.join(dir, 'india-morocco-defence-mou.md'));
    const report = await base.refresh();
    expect(report).toMatchObject({ added: [], changed: ['Morocco orders patrol drones'], removed: ['India and Morocco sign defence Memorandum of Understanding in Rabat'], passagesAfter: 1 });
  });

  test('keeps the working index when a file is broken, and names the file', async () => {
    const before = base.index;
    await writeFile(path.join(dir, 'broken.md'), 'no front matter here\n');
    const error = await base.refresh().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArticleError);
    expect((error as ArticleError).problems).toEqual([{ file: 'broken.md', problem: 'has no front matter (start the file with ---, title: …, ---)' }]);
    expect(base.index).toBe(before);
    expect(base.index.answer('Who signed the MoU for Morocco?').kind).toBe('answer');
    expect(base.isRefreshing).toBe(false);
  });

  test('opens with the good articles when a file is broken, and names it', async () => {
    await writeFile(path.join(dir, 'broken.md'), 'no front matter here\n');
    const warnings: Array<{ details: object; message: string }> = [];
    const logger = { info: () => {}, error: () => {}, warn: (details: object, message: string) => warnings.push({ details, message }) };
    const opened = await KnowledgeBase.open(dir, { logger });
    expect(opened.skipped).toEqual([{ file: 'broken.md', problem: 'has no front matter (start the file with ---, title: …, ---)' }]);
    expect(warnings).toEqual([{ details: { file: 'broken.md', problem: 'has no front matter (start the file with ---, title: …, ---)' }, message: 'article skipped: fix it, then refresh' }]);
    expect(opened.index.answer('Who signed the MoU for Morocco?').kind).toBe('answer');
  });

  test('shows the change without swapping on a dry run', async () => {
    const before = base.index;
    await writeFile(path.join(dir, 'drones.md'), NEW_ARTICLE);
    const report = await base.refresh({ dryRun: true });
    expect(report).toMatchObject({ dryRun: true, added: ['Morocco orders patrol drones'], passagesAfter: 10 });
    expect(base.index).toBe(before);
  });

  test('refuses a second refresh while one is running', async () => {
    const first = base.refresh();
    await expect(base.refresh()).rejects.toBeInstanceOf(RefreshInProgressError);
    await expect(first).resolves.toMatchObject({ dryRun: false });
  });
});

describe('KnowledgeBase.refresh, incremental', () => {
  test('leaves the index as a full build of the same folder would be: same answers and completions', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mou-incremental-'));
    try {
      const [first, second, third] = (await readdir(XQUAD_DIR)).sort().slice(0, 3) as [string, string, string];
      for (const name of [first, second]) await cp(path.join(XQUAD_DIR, name), path.join(dir, name));
      await cp(KNOWLEDGE_DIR, dir, { recursive: true });
      const base = await KnowledgeBase.open(dir);
      // One article added, one changed, one removed.
      await cp(path.join(XQUAD_DIR, third), path.join(dir, third));
      await writeFile(path.join(dir, first), `${await readFile(path.join(dir, first), 'utf8')}\nThe benchmark appended this paragraph about the Rabat agreement.\n`);
      await rm(path.join(dir, second));
      const report = await base.refresh();
      expect(report).toMatchObject({ full: false });
      expect([report.added.length, report.changed.length, report.removed.length]).toEqual([1, 1, 1]);
      const fresh = await KnowledgeBase.open(dir);
      for (const question of ['Who signed the MoU?', 'What was appended about the Rabat agreement?', 'When was the university founded?', 'Who won the game?', 'What is the capital of France?']) {
        // Passages that tie in the search may come in another order (minisearch numbers
        // documents as they are added), and with them the closest titles of a "no answer".
        const comparable = (result: AnswerResult) => (result.kind === 'no-answer' ? { ...result, closestTitles: [...result.closestTitles].sort() } : result);
        expect(comparable(base.index.answer(question))).toEqual(comparable(fresh.index.answer(question)));
      }
      for (const typed of ['the ra', 'who sig', 'what uni']) expect(base.index.completeQuestion(typed, 10)).toEqual(fresh.index.completeQuestion(typed, 10));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('KnowledgeBase.refresh in a worker thread', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mou-offthread-'));
    await cp(KNOWLEDGE_DIR, dir, { recursive: true });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('gives the same answers as analysing on the main thread, for full and incremental refreshes', async () => {
    const warnings: string[] = [];
    const logger = { info: () => {}, warn: (_: object, message: string) => warnings.push(message), error: () => {} };
    const here = await KnowledgeBase.open(dir, { offThreadParagraphs: Infinity });
    // Were the worker to fail, the refresh would analyse here instead, with a warning.
    const worker = await built.KnowledgeBase.open(dir, { offThreadParagraphs: 0, logger });
    await writeFile(path.join(dir, 'drones.md'), NEW_ARTICLE);
    for (const full of [false, true]) {
      const [a, b] = await Promise.all([here.refresh({ full }), worker.refresh({ full })]);
      expect(b.version).toMatchObject({ hash: a.version.hash, passages: a.version.passages });
      for (const question of ['How many patrol drones did Morocco order?', 'Where was the MoU signed?', 'Who signed the agreement?']) {
        expect(worker.index.answer(question)).toEqual(here.index.answer(question));
      }
      expect(worker.index.completeQuestion('patr', 5)).toEqual(here.index.completeQuestion('patr', 5));
    }
    expect(worker.index.answer('How many patrol drones did Morocco order?')).toMatchObject({ kind: 'answer' });
    expect(warnings).toEqual([]);
  });
});

describe('analyseOffThread', () => {
  test('returns each article\'s analysis only for the text it was made from', async () => {
    const { articles } = await loadArticles(KNOWLEDGE_DIR);
    const reuse = await built.analyseOffThread(articles);
    const article = articles[0]!;
    expect(reuse(article)).toEqual({ hash: article.hash, ...analyseParagraphs(article.paragraphs) });
    expect(reuse({ ...article, hash: 'other' })).toBeUndefined();
  });
});

