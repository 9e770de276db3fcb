import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  distinctWords, ensureCorpus, generateArticles, loadSources, mintName, mulberry32, renderArticle, splitSentences, STAMP_FILE, type SourceText,
} from '../../bench/corpus.js';
import { loadQueries, QUERY_KINDS, withTypo } from '../../bench/queries.js';
import { loadArticles } from '../../src/core/articles/article.js';

let sources: SourceText[];
let temp: string;
beforeAll(async () => {
  sources = await loadSources();
  temp = await mkdtemp(path.join(tmpdir(), 'mou-bench-test-'));
});
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

const passagesOf = (articles: ReturnType<typeof generateArticles>) => articles.reduce((sum, article) => sum + article.paragraphs.length, 0);

describe('splitSentences', () => {
  test.each([
    ['Oil rose. Gold fell! Why? Nobody knows.', ['Oil rose.', 'Gold fell!', 'Why?', 'Nobody knows.']],
    ['Nixon named William E. Simon as administrator. He accepted.', ['Nixon named William E. Simon as administrator.', 'He accepted.']],
    ['Dr. Smith met U.S. officials in Rabat. Talks went well.', ['Dr. Smith met U.S. officials in Rabat.', 'Talks went well.']],
    ['He said: "It is over." Then he left.', ['He said: "It is over."', 'Then he left.']],
    ['Prices rose 3.5 percent in 1973. Demand fell.', ['Prices rose 3.5 percent in 1973.', 'Demand fell.']],
  ])('splits %j', (text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });
});

describe('mintName', () => {
  test('gives distinct capitalised names for the first 100,000 numbers', () => {
    const names = Array.from({ length: 100_000 }, (_, k) => mintName(k));
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((name) => /^[A-Z][a-z]+$/.test(name))).toBe(true);
  });
});

describe('mulberry32', () => {
  test('repeats its sequence for the same seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
  });
});

describe('generateArticles', () => {
  test('gives the same articles for the same seed, and others for another seed', () => {
    const first = generateArticles(sources, { passages: 500, seed: 7 });
    expect(generateArticles(sources, { passages: 500, seed: 7 })).toEqual(first);
    expect(generateArticles(sources, { passages: 500, seed: 8 })).not.toEqual(first);
  });

  test.each([1, 9, 1_000, 2_345])('produces exactly %i passages', (passages) => {
    expect(passagesOf(generateArticles(sources, { passages }))).toBe(passages);
  });

  test('writes articles of 4 to 10 paragraphs (only the last may be shorter)', () => {
    const articles = generateArticles(sources, { passages: 1_000 });
    for (const article of articles.slice(0, -1)) {
      expect(article.paragraphs.length).toBeGreaterThanOrEqual(4);
      expect(article.paragraphs.length).toBeLessThanOrEqual(10);
    }
  });

  test('makes a smaller corpus the start of a larger one', () => {
    const small = generateArticles(sources, { passages: 1_000 });
    const large = generateArticles(sources, { passages: 3_000 });
    expect(large.slice(0, small.length - 1)).toEqual(small.slice(0, -1));
  });

  test('grows the vocabulary with the corpus, as news does', () => {
    const words = (passages: number) => distinctWords(generateArticles(sources, { passages }).flatMap((a) => [a.title, ...a.paragraphs]));
    const [small, large] = [words(1_000), words(10_000)];
    expect(large).toBeGreaterThan(small * 1.4);
  });

  test('recombines sentences rather than copying paragraphs', () => {
    const sourceSentences = new Set(sources.flatMap((s) => s.sentences));
    const paragraphs = generateArticles(sources, { passages: 1_000 }).flatMap((a) => a.paragraphs);
    expect(new Set(paragraphs).size).toBeGreaterThan(paragraphs.length * 0.95);
    // Most sentences are source sentences, verbatim or with names and numbers changed.
    const verbatim = paragraphs.flatMap(splitSentences).filter((s) => sourceSentences.has(s)).length;
    expect(verbatim).toBeGreaterThan(0);
  });
});

describe('renderArticle', () => {
  test('writes front matter with title, source and date, then paragraphs separated by blank lines', () => {
    const text = renderArticle({ file: 'x.md', title: 'A "quoted" title: yes', source: 'Agencies', date: '2024-02-29', paragraphs: ['One.', 'Two.'] });
    expect(text).toBe('---\ntitle: "A \\"quoted\\" title: yes"\nsource: "Agencies"\ndate: 2024-02-29\n---\nOne.\n\nTwo.\n');
  });
});

describe('ensureCorpus', () => {
  test('writes a valid knowledge folder with the requested passages, and reuses it', async () => {
    const dir = path.join(temp, 'a');
    const corpus = await ensureCorpus(1_000, { dir });
    expect(corpus).toMatchObject({ dir, passages: 1_000, generated: true });
    const knowledge = await loadArticles(dir);
    expect(knowledge.articles).toHaveLength(corpus.articles);
    expect(knowledge.articles.reduce((sum, a) => sum + a.paragraphs.length, 0)).toBe(1_000);
    expect(knowledge.articles.every((a) => a.title && a.source && /^2024-\d\d-\d\d$/.test(a.date ?? ''))).toBe(true);
    expect(await ensureCorpus(1_000, { dir })).toMatchObject({ generated: false, articles: corpus.articles });
  });

  test('writes the same files for the same seed', async () => {
    const [a, b] = [path.join(temp, 'same-1'), path.join(temp, 'same-2')];
    await ensureCorpus(300, { dir: a, seed: 3 });
    await ensureCorpus(300, { dir: b, seed: 3 });
    const files = await readdir(a);
    expect(await readdir(b)).toEqual(files);
    for (const file of files.filter((f) => f !== STAMP_FILE)) {
      expect(await readFile(path.join(b, file), 'utf8')).toBe(await readFile(path.join(a, file), 'utf8'));
    }
  });

  test('regenerates a folder made with another seed', async () => {
    const dir = path.join(temp, 'reseed');
    await ensureCorpus(100, { dir, seed: 1 });
    expect(await ensureCorpus(100, { dir, seed: 2 })).toMatchObject({ generated: true });
  });

  test('refuses a folder that holds other files', async () => {
    const dir = path.join(temp, 'not-a-corpus');
    await ensureCorpus(50, { dir: path.join(dir, 'x') });
    await writeFile(path.join(dir, 'notes.md'), 'mine');
    await expect(ensureCorpus(50, { dir })).rejects.toThrow(`bench corpus: ${dir} is not empty and is not a generated corpus; choose another folder`);
    expect(await readFile(path.join(dir, 'notes.md'), 'utf8')).toBe('mine');
  });
});

describe('loadQueries', () => {
  test('has about 200 queries of all four kinds, the same every time', async () => {
    const queries = await loadQueries({ sources });
    expect(queries.length).toBeGreaterThanOrEqual(180);
    for (const kind of QUERY_KINDS) expect(queries.filter((q) => q.kind === kind).length).toBeGreaterThanOrEqual(30);
    expect(await loadQueries({ sources })).toEqual(queries);
  });

  test('makes keyword queries of two or three words', async () => {
    const keywords = (await loadQueries({ sources })).filter((q) => q.kind === 'keyword');
    expect(keywords.every((q) => [2, 3].includes(q.text.split(' ').length))).toBe(true);
  });
});

describe('withTypo', () => {
  test.each(['Who signed the agreement in Rabat?', 'defence industrial cooperation', 'embargo'])('changes one longer word of %j by one edit', (text) => {
    const random = mulberry32(1);
    for (let i = 0; i < 50; i++) {
      const typo = withTypo(random, text);
      const [before, after] = [text.split(' '), typo.split(' ')];
      const changed = before.filter((word, j) => word !== after[j]);
      expect(changed).toHaveLength(1);
      expect(Math.abs(typo.length - text.length)).toBeLessThanOrEqual(1);
    }
  });

  test('leaves a text without longer words as it is', () => {
    expect(withTypo(mulberry32(1), 'who is it')).toBe('who is it');
  });
});
