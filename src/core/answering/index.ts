/**
 * Answering: checking a question (`input.ts`), reading it (`query.ts`), ranking candidate
 * sentences (`ranking.ts`), composing answers, declines, summaries and citations from what the
 * search finds (`compose.ts`), clipping snippets (`snippet.ts`), extractive summaries
 * (`summary.ts`), the shapes of what the engine returns (`results.ts`), and reading a message
 * before it is searched: intents (`intent.ts`) and follow-ups (`follow-up.ts`).
 */
export * from './compose.js';
export * from './follow-up.js';
export * from './input.js';
export * from './intent.js';
export * from './query.js';
export * from './ranking.js';
export type * from './results.js';
export * from './snippet.js';
export * from './summary.js';
