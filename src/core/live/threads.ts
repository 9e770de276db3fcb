/** Starting this project's worker threads. */
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread running the TypeScript module at `entry`. It is loaded through tsx's
 * API because Node 20 does not hand `--import` loaders on to worker threads.
 */
export function startWorker(entry: URL, workerData?: unknown): Worker {
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const code = `import(${tsx}).then(({ tsImport }) => tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(code, { eval: true, workerData });
}
