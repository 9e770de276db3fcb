// Sentence meanings: the encoder, filling an index in a worker thread, the cache, and answers
// that weigh what whole sentences say.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fillMeanings } from '../../src/core/live/meanings.js';
import { readIndexCache } from '../../src/core/live/cache.js';
import { MEANING_DIMENSIONS, meaningSimilarity, SentenceEncoder, withoutDateline } from '../../src/core/language/sentence-meaning.js';
import { loadArticles, parseArticle } from '../../src/core/articles/article.js';
import { ArticleIndex } from '../../src/core/search/article-index.js';
import { DEFAULT_RANKING } from '../../src/core/answering/ranking.js';
import type * as Core from '../../src/core/index.js';
import { importCompiled } from '../compiled.js';
import { KNOWLEDGE_DIR } from '../helpers.js';

// The knowledge base whose sentence meanings are computed in a worker thread comes from the
// compiled sources, so that the thread starts without tsx (see `compiled.ts`).
const { KnowledgeBase } = await importCompiled<typeof Core>('src/core/index.ts');

const encoder = await SentenceEncoder.shared();

describe('SentenceEncoder', () => {
  test('puts a question closer to the sentence that answers it in other words than to an unrelated one', async () => {
    const vectors = await encoder.encode([
      'will the two armies train together',
      'Areas of engagement will include regular exchanges between defence personnel and joint training programs.',
      'The museum values the coins at about 1.8 million euros.',
    ]);
    expect(vectors).toHaveLength(3 * MEANING_DIMENSIONS);
    expect(meaningSimilarity(vectors, 0, vectors, 0)).toBeGreaterThan(0.98);
    expect(meaningSimilarity(vectors, 0, vectors, 1)).toBeGreaterThan(meaningSimilarity(vectors, 0, vectors, 2) + 0.1);
  });

  test.each([
    ['DHAKA, Bangladesh — Bangladesh began the second phase on Sunday.', 'Bangladesh began the second phase on Sunday.'],
    ['THE HAGUE – The court ruled on Monday.', 'The court ruled on Monday.'],
    ['ADDIS ABABA, Ethiopia — Ethiopia earned a record sum.', 'Ethiopia earned a record sum.'],
    ['A dash — like this one — is not a dateline.', 'A dash — like this one — is not a dateline.'],
    ['UN and EU officials met – briefly – on Monday.', 'UN and EU officials met – briefly – on Monday.'],
  ])('an article’s first sentence is encoded without its news dateline: %s', (sentence, expected) => {
    expect(withoutDateline(sentence)).toBe(expected);
  });

  test('only an article’s first sentence loses its dateline', async () => {
    const text = '---\ntitle: Port opens\n---\n\nDAKAR, Senegal — The port opened on Monday. It cost a billion dollars.\n\nLISBON — a shipping firm — will run it.\n';
    const parsed = parseArticle('port.md', new TextEncoder().encode(text));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed));
    const index = await ArticleIndex.build({ articles: [parsed.article], ignored: [] });
    expect(index.paragraphsToEncode(100).map((p) => p.sentences)).toEqual([
      ['The port opened on Monday.', 'It cost a billion dollars.'],
      ['LISBON — a shipping firm — will run it.'],
    ]);
  });

  test('encodes only the opening of an endless sentence, in the time of a normal one', async () => {
    const vectors = await encoder.encode([`The port ${'and the cranes '.repeat(20_000)}`]);
    expect(vectors).toHaveLength(MEANING_DIMENSIONS);
  });
});

describe('answers weighing sentence meanings', () => {
  let index: ArticleIndex;
  beforeAll(async () => {
    index = await ArticleIndex.build(await loadArticles(KNOWLEDGE_DIR));
    const encoded = await fillMeanings(index, (sentences) => encoder.encode(sentences));
    expect(encoded).toBe((await loadArticles(KNOWLEDGE_DIR)).articles[0]!.paragraphs.length);
  });

  test.each([
    ['who have been morocco\'s usual defense partners', 'European allies'],
    ['What were the talks about?', 'strategic domains'],
    ['In which city was the agreement signed?', 'Rabat'],
    ['Who is the Moroccon defense minster?', 'Abdellatif Loudiyi'],
    ['who signed for morocco side', 'Abdellatif Loudiyi'],
  ])('quote first the sentence that says what “%s” asks', async (question, expected) => {
    const withMeaning = index.answer(question, { meaning: await encoder.encode([question]) });
    expect(withMeaning.kind === 'answer' && withMeaning.snippets[0]!.text).toContain(expected);
  });

  test('quote first what follows the verb and the preposition that end the question', async () => {
    const question = 'besides defence which areas have india-morocco ties grown in';
    const meaning = await encoder.encode([question]);
    const first = (ranked: ArticleIndex) => {
      const result = ranked.answer(question, { meaning });
      return result.kind === 'answer' ? result.snippets[0]!.text : '';
    };
    expect(first(index)).toContain('ties have steadily expanded in trade, culture');
    expect(first(index.withRanking({ slotWeight: 0 }))).not.toContain('expanded in trade');
  });

  test('weigh how close the snippet’s whole paragraph comes to the question: the cosine with its sentences’ mean', async () => {
    const sentences = ['Bus drivers will stop work for two days over pay.', 'The union announced it on Monday.'];
    const text = `---\ntitle: Strike\n---\n\n${sentences.join(' ')}\n`;
    const parsed = parseArticle('strike.md', new TextEncoder().encode(text));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed));
    const strike = await ArticleIndex.build({ articles: [parsed.article], ignored: [] });
    await fillMeanings(strike, (batch) => encoder.encode(batch));
    const question = 'when was the industrial action announced';
    const [q, a, b] = [await encoder.encode([question]), ...await Promise.all(sentences.map((sentence) => encoder.encode([sentence])))] as Int8Array[];
    const cosine = (meaningSimilarity(q!, 0, a!, 0) + meaningSimilarity(q!, 0, b!, 0)) / Math.sqrt(2 + 2 * meaningSimilarity(a!, 0, b!, 0));
    const parts = strike.explain(question, 1, { meaning: q })!.sentences[0]!.parts;
    expect(parts.paragraphMeaning).toBeCloseTo(DEFAULT_RANKING.paragraphMeaningWeight * cosine, 6);
    expect(parts.paragraphMeaning).toBeGreaterThan(0);
  });

  test('rank as without meanings when no candidate paragraph has any', async () => {
    const bare = await ArticleIndex.build(await loadArticles(KNOWLEDGE_DIR));
    const question = 'What were the talks about?';
    expect(bare.answer(question, { meaning: await encoder.encode([question]) })).toEqual(bare.answer(question));
  });

  test('give the candidates that have none the others’ mean closeness, when only some have them', async () => {
    const knowledge = await loadArticles(KNOWLEDGE_DIR);
    const partial = await ArticleIndex.build(knowledge);
    await fillMeanings(partial, (batch) => encoder.encode(batch), { maxSentences: 8 });
    const lacking = new Set(partial.paragraphsToEncode(1_000).map((p) => p.text));
    const question = 'What does the India Morocco defence cooperation cover?';
    const explained = partial.explain(question, 100, { meaning: await encoder.encode([question]) })!;
    expect(explained.sentenceMeanings).toBe(true);
    const lacks = (id: string) => lacking.has(knowledge.articles[0]!.paragraphs[Number(id.split('#')[1]) - 1]!);
    const [without, withOwn] = [explained.sentences.filter((s) => lacks(s.id)), explained.sentences.filter((s) => !lacks(s.id))];
    expect(without.length).toBeGreaterThan(0);
    expect(withOwn.length).toBeGreaterThan(1);
    const own = withOwn.map((s) => s.parts.sentenceMeaning);
    expect(new Set(without.map((s) => s.parts.sentenceMeaning)).size).toBe(1);
    expect(without[0]!.parts.sentenceMeaning).toBeGreaterThan(Math.min(...own));
    expect(without[0]!.parts.sentenceMeaning).toBeLessThan(Math.max(...own));
    expect(new Set(without.map((s) => s.parts.paragraphMeaning)).size).toBe(1);
    expect(without[0]!.parts.paragraphMeaning).toBeGreaterThan(0);
  });
});

describe('KnowledgeBase with sentence meanings', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mou-meanings-'));
    await cp(KNOWLEDGE_DIR, path.join(dir, 'knowledge'), { recursive: true });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('computes them in a worker thread after opening, saves them with the cache, and reads them from it next time', async () => {
    const cachePath = path.join(dir, 'index.jsonl');
    const logs: string[] = [];
    const logger = { info: (_: object, message: string) => logs.push(message), warn: () => {}, error: () => {} };
    const first = await KnowledgeBase.open(path.join(dir, 'knowledge'), { cachePath, logger, meanings: true });
    await first.meaningsReady();
    await first.flushCache();
    await first.close();
    expect(logs).toContain('sentence meanings computed');
    const cached = [...(await readIndexCache(cachePath)).articles.values()][0]!;
    expect(cached.meanings?.every((vectors, i) => vectors?.length === (cached.analyses[i]!.sentences.length / 2) * MEANING_DIMENSIONS)).toBe(true);

    logs.length = 0;
    const second = await KnowledgeBase.open(path.join(dir, 'knowledge'), { cachePath, logger, meanings: true });
    await second.meaningsReady();
    await second.close();
    expect(logs).not.toContain('sentence meanings computed');
    for (const text of cached.article.paragraphs) expect(second.index.meaningOf(text)).toEqual(first.index.meaningOf(text));
    const answer = await second.reader.answer('who have been morocco\'s usual defense partners');
    expect(answer.kind === 'answer' && answer.snippets[0]!.text).toContain('European allies');
  });

  test('keep those of unchanged paragraphs through a full refresh', async () => {
    const logs: string[] = [];
    // Warnings are kept too, so that a failed encoding shows in the assertion below.
    const note = (fields: object, message: string) => logs.push(`${message} ${JSON.stringify(fields, (_key, value) => value instanceof Error ? value.message : value)}`);
    const logger = { info: (_: object, message: string) => logs.push(message), warn: note, error: note };
    const base = await KnowledgeBase.open(path.join(dir, 'knowledge'), { logger, meanings: true });
    await base.meaningsReady();
    logs.length = 0;
    await base.refresh({ full: true });
    await base.meaningsReady();
    await base.close();
    expect(logs).not.toContain('sentence meanings computed');
    expect(base.index.articleList()[0]!.paragraphs.every((text) => base.index.meaningOf(text) !== undefined)).toBe(true);
  });
});
