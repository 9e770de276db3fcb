/**
 * The answer engine's public surface: everything the terminal chat, the evaluation and the
 * Discord bot use. Nothing under `src/core` imports discord.js.
 */
import { KnowledgeIndex, type BuildOptions } from './engine.js';
import { loadKnowledge } from './knowledge.js';

export type { KnownArticle } from './analysis.js';
export * from './cache.js';
export * from './engine.js';
export * from './format.js';
export * from './input.js';
export * from './knowledge.js';
export * from './knowledge-base.js';
export { KnowledgeHost, type KnowledgeHostOptions } from './knowledge-host.js';
export * from './reader.js';
export type * from './results.js';
export { MAX_SNIPPET_CHARS } from './snippet.js';

/** Loads a knowledge folder and builds its index. Throws `KnowledgeError` for a broken folder. */
export async function openKnowledgeIndex(dir: string, options: BuildOptions = {}): Promise<KnowledgeIndex> {
  return KnowledgeIndex.build(await loadKnowledge(dir), options);
}
