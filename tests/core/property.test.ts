// Invariants that hold for any input: answering never throws, and what is quoted is verbatim.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { loadArticles } from '../../src/core/articles/article.js';
import { MAX_SNIPPET_CHARS } from '../../src/core/answering/snippet.js';
import { KNOWLEDGE_DIR, seedIndex } from '../helpers.js';

const index = await seedIndex();
const paragraphs = (await loadArticles(KNOWLEDGE_DIR)).articles.flatMap((a) => a.paragraphs);
const articleWords = [...new Set(paragraphs.join(' ').split(/\s+/))];

// Questions built from article words, question words, markup and arbitrary text.
const question = fc.oneof(
  fc.string({ maxLength: 600 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.array(fc.oneof(fc.constantFrom(...articleWords), fc.constantFrom('who', 'what', 'when', 'how many', '@everyone', '<@123>', '**', '`', '?', '🤔')), { maxLength: 25 }).map((words) => words.join(' ')),
);

describe('answer, for any string', () => {
  test('never throws, and quotes only verbatim text of the articles, within the snippet limit', () => {
    fc.assert(
      fc.property(question, (text) => {
        const result = index.answer(text);
        expect(['answer', 'no-answer', 'invalid']).toContain(result.kind);
        if (result.kind !== 'answer') return;
        expect(result.snippets.length).toBeGreaterThanOrEqual(1);
        expect(result.snippets.length).toBeLessThanOrEqual(3);
        for (const snippet of result.snippets) {
          expect(snippet.text.length).toBeLessThanOrEqual(MAX_SNIPPET_CHARS);
          for (const part of snippet.text.split('…')) {
            expect(paragraphs.some((p) => p.includes(part.trim()))).toBe(true);
          }
          expect(result.citations.some((c) => c.n === snippet.citation)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  test('search never throws either', () => {
    fc.assert(fc.property(question, (text) => {
      expect(['search', 'invalid']).toContain(index.search(text).kind);
    }), { numRuns: 200 });
  });
});
