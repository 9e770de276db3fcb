// Lints the real knowledge folder: what ships must load, with unique ids and real content.
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadArticles } from '../src/core/articles/article.js';
import { passagesOf } from '../src/core/articles/passage.js';

const KNOWLEDGE_DIR = fileURLToPath(new URL('../knowledge', import.meta.url));

describe('the knowledge folder', () => {
  test('loads without problems and ignores no file', async () => {
    const { articles, ignored } = await loadArticles(KNOWLEDGE_DIR);
    expect(articles.length).toBeGreaterThan(0);
    expect(ignored).toEqual([]);
  });

  test('has a title and non-empty paragraphs in every article, and unique passage ids', async () => {
    const { articles } = await loadArticles(KNOWLEDGE_DIR);
    const ids = articles.flatMap((article) => {
      expect(article.title.trim()).not.toBe('');
      expect(article.paragraphs.every((p) => p.trim().length > 0)).toBe(true);
      return passagesOf(article).map((p) => p.id);
    });
    expect(new Set(ids).size).toBe(ids.length);
  });
});
