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

/** Where the bot's own layout starts a line of an answer: the lead quote, the other snippets as a list. */
export const ANSWER_LINE_START = /^(?:> |- )/;
/** Where the bot's own layout starts a line of search results: the passage's number. */
export const SEARCH_LINE_START = /^\d+\. /;
// What Discord renders as a heading, subtext, list item or quote when a line starts with it.
const LAYOUT_MARKER = /^(?:#{1,3}|-#|[-+*]|\d+[.)]|>{1,3})\s/;

/**
 * The lines of a Discord reply where quoted text makes a layout of its own: an unescaped heading,
 * subtext, list or quote marker at the start of a line, after the bot's own line start
 * (`botLineStart`, if the reply has one). Empty when every quote shows as written.
 */
export function quotedLayout(reply: string, botLineStart?: RegExp): string[] {
  return reply.split('\n').filter((line) => LAYOUT_MARKER.test(botLineStart ? line.replace(botLineStart, '') : line) || /^(?:#{1,3}|-#)\s/.test(line));
}
