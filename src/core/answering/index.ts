/**
 * Answering: checking a question (`input.ts`), reading it (`query.ts`), ranking candidate
 * sentences (`ranking.ts`),
 * clipping snippets (`snippet.ts`), extractive summaries (`summary.ts`), and the shapes of
 * what the engine returns (`results.ts`).
 */
export * from './input.js';
export * from './query.js';
export * from './ranking.js';
export type * from './results.js';
export * from './snippet.js';
export * from './summary.js';
