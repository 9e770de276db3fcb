/** Shared test helpers: the real knowledge folder and a built index of it. */
import { fileURLToPath } from 'node:url';
import { KnowledgeIndex } from '../src/core/engine.js';
import { loadKnowledge } from '../src/core/knowledge.js';

/**
 * The seed article as a fixed test fixture: the shipped `knowledge/` folder is the operator's to
 * grow, and only its lint (`knowledge-folder.test.ts`) reads it.
 */
export const KNOWLEDGE_DIR = fileURLToPath(new URL('./fixtures/seed-knowledge', import.meta.url));
export const EVAL_DIR = fileURLToPath(new URL('../eval', import.meta.url));
export const XQUAD_DIR = fileURLToPath(new URL('../eval/xquad-en/knowledge', import.meta.url));

let seed: Promise<KnowledgeIndex> | undefined;

/** The index of the shipped knowledge folder, built once per test file. */
export function seedIndex(): Promise<KnowledgeIndex> {
  seed ??= loadKnowledge(KNOWLEDGE_DIR).then((knowledge) => KnowledgeIndex.build(knowledge));
  return seed;
}
