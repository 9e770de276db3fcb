/**
 * The live knowledge base: the index a bot serves from a folder (`knowledge-base.ts`), its cache
 * (`cache.ts`), refresh, and the same served from a worker thread (`knowledge-worker.ts`) with
 * analysis in another (`off-thread.ts`).
 */
export * from './cache.js';
export * from './knowledge-base.js';
export { prepareLanguageData } from './language-data.js';
export { KnowledgeWorker, type KnowledgeWorkerOptions, RefreshInterruptedError } from './knowledge-worker.js';
export * from './meanings.js';
export { MeaningWorker } from './meaning-worker.js';
export * from './off-thread.js';
export { readerOf, type KnowledgeReader, type ReadAnswer, type Serving } from './calls.js';
export { startWorker } from './threads.js';
