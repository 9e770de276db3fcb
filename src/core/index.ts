/**
 * The answer engine's public surface: everything the terminal chat, the evaluation, the bench
 * and the Discord bot use, in one place. Nothing under `src/core` imports discord.js.
 *
 * Folders, each with one entry file: `language/` (words, sentences, related words), `articles/`
 * (the knowledge folder and its passages), `search/` (the index and its candidate passages),
 * `answering/` (ranking, composing answers, snippets, summaries, result shapes), `live/` (the
 * knowledge base a bot serves: cache, refresh, worker threads), `present/` (results as text) and
 * `runtime/` (work in slices, the project's files).
 */
import { loadArticles } from './articles/index.js';
import { ArticleIndex, type BuildOptions } from './search/index.js';

export * from './answering/index.js';
export * from './articles/index.js';
export { analyzePassage, LanguageDataError, SAVED_COPIES_DIR, SentenceEncoder, STOP_WORDS, Thesaurus, tokenize, WordVectors } from './language/index.js';
export * from './live/index.js';
export * from './present/index.js';
export { PROJECT_ROOT, runnableModule, type RunnableModule } from './runtime/index.js';
export * from './search/index.js';

/** Loads a knowledge folder and builds its index. Throws `ArticleError` for a broken folder. */
export async function openArticleIndex(dir: string, options: BuildOptions = {}): Promise<ArticleIndex> {
  return ArticleIndex.build(await loadArticles(dir), options);
}
