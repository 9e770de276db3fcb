// Articles that hold what no reader writes (encoded images, one endless "word") cost time linear
// in their size, and an article that still takes too long is refused by name. A refresh whose
// analysis worker fails is refused too: analysing on the thread that answers questions instead
// would make every question wait, with no limit on how long.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { analyseParagraphs } from '../../src/core/articles/analysis.js';
import { ANALYSIS_FAILED, KnowledgeBase, OFF_THREAD_CHARACTERS } from '../../src/core/live/knowledge-base.js';
import * as offThread from '../../src/core/live/off-thread.js';
import { ArticleError, KNOWLEDGE_FOLDER } from '../../src/core/articles/article.js';
import type * as Core from '../../src/core/index.js';
import { boundRuns, MAX_RUN_CHARS } from '../../src/core/language/nlp.js';
import { importCompiled } from '../compiled.js';
import { KNOWLEDGE_DIR } from '../helpers.js';

// The tests that start analysis and knowledge worker threads (and replace no function) take the
// knowledge base from the compiled sources, so that the threads start without tsx (see
// `compiled.ts`), and the error classes they check from the same module.
const built = await importCompiled<typeof Core>('src/core/index.ts');

/**
 * Milliseconds the analysis of a paragraph takes, the best of three runs. Each run ends the
 * text with another letter, so no run reuses the analysed words of the one before.
 */
function analysisTime(text: string): number {
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    analyseParagraphs([`${text}${'xyz'[run]}`]);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

const SENTENCE = 'The port of Valencia handled 5.4 million containers last year, officials said. ';

/** A paragraph of about `chars` characters of ordinary news prose. */
function prose(chars: number): string {
  return SENTENCE.repeat(Math.ceil(chars / SENTENCE.length)).slice(0, chars);
}

describe('boundRuns', () => {
  test('keeps the length and every short word, and breaks long runs every MAX_RUN_CHARS characters', () => {
    const run = 'x'.repeat(MAX_RUN_CHARS * 3 + 5);
    const text = `A photo: ${run} of the port.`;
    const bounded = boundRuns(text);
    expect(bounded).toHaveLength(text.length);
    expect(bounded.startsWith('A photo: ')).toBe(true);
    expect(bounded.endsWith(' of the port.')).toBe(true);
    expect(Math.max(...bounded.split(/\s+/).map((word) => word.length))).toBe(MAX_RUN_CHARS);
  });

  test('leaves text without long runs as it is', () => {
    expect(boundRuns(SENTENCE)).toBe(SENTENCE);
  });
});

describe('analysing hostile text', () => {
  const SIZE = 48 * 1024;
  test.each([
    ['a base64 data: image', `data:image/png;base64,${'iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB'.repeat(SIZE / 32)}`],
    ['one endless word', 'a'.repeat(SIZE)],
    ['one endless run of punctuation', '=-'.repeat(SIZE / 2)],
  ])('takes no more than a few times as long as prose of the same size: %s', (_, run) => {
    const hostile = `The photo shows the port. Cranes were built. ${run}`;
    const normal = prose(hostile.length);
    // Before runs were bounded, 48 KB of one token took hundreds of times as long as prose.
    expect(analysisTime(hostile)).toBeLessThan(10 * analysisTime(normal) + 50);
  });

  test('keeps sentences verbatim slices of the text around a long run', () => {
    const text = `The photo shows the port. ${'Q'.repeat(5000)} Cranes were built in 2019.`;
    const [analysis] = analyseParagraphs([text]).analyses;
    const sentences: string[] = [];
    for (let i = 0; i < analysis!.sentences.length; i += 2) sentences.push(text.slice(analysis!.sentences[i], analysis!.sentences[i + 1]));
    expect(sentences[0]).toBe('The photo shows the port.');
    expect(sentences.at(-1)!.endsWith('Cranes were built in 2019.')).toBe(true);
    for (const sentence of sentences) expect(text.includes(sentence)).toBe(true);
  });

  test('does not index a word longer than any English word', () => {
    const { terms, words } = analyseParagraphs([`Cranes ${'b'.repeat(500)} were built.`]);
    expect(terms[0]!.split(' ')).toEqual(['crane', 'build']);
    expect([...words.keys()]).toEqual(['cranes', 'built']);
  });
});

/**
 * A cache of the folder's articles as they are now (a hidden file, which is no article): opened
 * with it, a knowledge base analyses only the articles added after, however short their time to
 * analyse.
 */
async function cacheOfFolder(dir: string): Promise<string> {
  const cachePath = path.join(dir, '.index-cache.jsonl');
  await (await KnowledgeBase.open(dir, { cachePath })).flushCache();
  return cachePath;
}

describe('opening and refreshing a folder with a hostile article', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mou-hostile-'));
    await cp(KNOWLEDGE_DIR, dir, { recursive: true });
  });
  /** The knowledge bases a test opened: their cache saves end before the folder is removed. */
  const opened: Array<{ flushCache(): Promise<void>; close(): Promise<void> }> = [];
  const kept = <Base extends { flushCache(): Promise<void>; close(): Promise<void> }>(base: Base): Base => {
    opened.push(base);
    return base;
  };
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const base of opened.splice(0)) {
      await base.flushCache();
      await base.close();
    }
    await rm(dir, { recursive: true, force: true });
  });

  test('skips, by name and with a warning, an article whose analysis takes longer than allowed, and serves the rest', async () => {
    const cachePath = await cacheOfFolder(dir);
    await writeFile(path.join(dir, 'slow.md'), `---\ntitle: "A long article"\n---\n${prose(400_000)}\n`);
    const warnings: Array<{ details: object; message: string }> = [];
    const logger = { info: () => undefined, error: () => undefined, warn: (details: object, message: string) => warnings.push({ details, message }) };
    const base = kept(await built.KnowledgeBase.open(dir, { cachePath, logger, offThreadParagraphs: 1, articleAnalysisTimeoutMs: 1 }));
    const problem = expect.stringMatching(/^took longer than 1 ms to analyse; the article is skipped\. Split the article/);
    expect(base.skipped).toEqual([{ file: 'slow.md', problem }]);
    expect(warnings).toContainEqual({ details: { file: 'slow.md', problem }, message: 'article skipped: fix it, then refresh' });
    expect(base.index.articleList().map((article) => article.file)).not.toContain('slow.md');
    expect((await base.reader.answer('Who signed the MoU?')).kind).toBe('answer');
  });

  test('opening analyses short articles in its own thread, without the time limit a worker would give them', async () => {
    const cachePath = await cacheOfFolder(dir);
    await writeFile(path.join(dir, 'short.md'), `---\ntitle: "A short article"\n---\n${prose(OFF_THREAD_CHARACTERS - 1_000)}\n`);
    const base = kept(await KnowledgeBase.open(dir, { cachePath, offThreadParagraphs: 1, articleAnalysisTimeoutMs: 1 }));
    expect(base.skipped).toEqual([]);
    expect(base.index.articleList().map((article) => article.file)).toContain('short.md');
  });

  test('refuses, by name, an article whose analysis takes longer than allowed, and keeps the old index', async () => {
    const base = kept(await built.KnowledgeBase.open(dir, { cachePath: await cacheOfFolder(dir), offThreadParagraphs: 1, articleAnalysisTimeoutMs: 1 }));
    const before = base.index.version.hash;
    await writeFile(path.join(dir, 'slow.md'), `---\ntitle: "A long article"\n---\n${prose(400_000)}\n`);
    const error = await base.refresh().catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(built.ArticleError);
    expect((error as ArticleError).problems).toEqual([{ file: 'slow.md', problem: expect.stringMatching(/^took longer than 1 ms to analyse; the refresh is refused/) }]);
    expect(base.index.version.hash).toBe(before);
  });

  test('in the bot\'s knowledge worker, answers questions while a large article is analysed', async () => {
    const host = await built.KnowledgeWorker.open(dir);
    try {
      await writeFile(path.join(dir, 'big.md'), `---\ntitle: "Port statistics"\n---\n${prose(900_000)}\n\n${'data:image/png;base64,'}${'iVBORw0KGgo'.repeat(9_000)}\n`);
      const order: string[] = [];
      const refresh = host.refresh().then((report) => {
        order.push('refreshed');
        return report;
      });
      // Asked once the refresh is under way: the analysis runs in another worker, so the answer
      // does not wait for it.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const answer = await host.reader.answer('Who signed the MoU for Morocco?');
      order.push('answered');
      expect(answer.kind).toBe('answer');
      expect((await refresh).added).toEqual(['Port statistics']);
      expect(order).toEqual(['answered', 'refreshed']);
    } finally {
      await host.close();
    }
  });

  test('refuses a refresh whose analysis worker fails, with a message for the moderator, logs why, and keeps the old index', async () => {
    const errors: Array<{ details: object; message: string }> = [];
    const logger = { info: () => undefined, warn: () => undefined, error: (details: object, message: string) => errors.push({ details, message }) };
    // Opening analyses in a worker of its own (`analyseLeavingOutSlow`), which works.
    const base = kept(await KnowledgeBase.open(dir, { logger, offThreadParagraphs: 1 }));
    const before = base.index.version.hash;
    // As an analysis worker that runs out of memory, or cannot start, would.
    vi.spyOn(offThread, 'analyseOffThread').mockRejectedValue(new Error('the analysis worker stopped (exit code 1)'));
    await writeFile(path.join(dir, 'drones.md'), '---\ntitle: "Morocco orders patrol drones"\n---\nMorocco ordered twelve patrol drones for its coast guard.\n');
    const failure = await base.refresh().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ArticleError);
    expect((failure as ArticleError).problems).toEqual([{ file: KNOWLEDGE_FOLDER, problem: ANALYSIS_FAILED }]);
    expect(errors).toEqual([{ details: { reason: 'the analysis worker stopped (exit code 1)' }, message: 'analysis worker failed; the refresh is refused' }]);
    expect(base.index.version.hash).toBe(before);
  });
});
