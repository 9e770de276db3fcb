/** Shared test helpers: the real knowledge folder and a built index of it. */
import { fileURLToPath } from 'node:url';
import { ArticleIndex } from '../src/core/search/article-index.js';
import { loadArticles } from '../src/core/articles/article.js';

/**
 * The seed article as a fixed test fixture: the shipped `knowledge/` folder is the operator's to
 * grow, and only its lint (`knowledge-folder.test.ts`) reads it.
 */
export const KNOWLEDGE_DIR = fileURLToPath(new URL('./fixtures/seed-knowledge', import.meta.url));
export const EVAL_DIR = fileURLToPath(new URL('../eval', import.meta.url));
export const XQUAD_DIR = fileURLToPath(new URL('../eval/xquad-en/knowledge', import.meta.url));

let seed: Promise<ArticleIndex> | undefined;

/** The index of the shipped knowledge folder, built once per test file. */
export function seedIndex(): Promise<ArticleIndex> {
  seed ??= loadArticles(KNOWLEDGE_DIR).then((knowledge) => ArticleIndex.build(knowledge));
  return seed;
}
