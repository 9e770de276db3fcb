/** Starting this project's worker threads. */
import { Worker } from 'node:worker_threads';
import { runnableModule } from '../runtime/index.js';

/**
 * Starts a worker thread running this project's module `entry`, written as its compiled name
 * (`new URL('./thread.js', import.meta.url)`). A build runs the JavaScript file itself; from the
 * sources, the TypeScript module is loaded through tsx's API, because Node 20 does not hand
 * `--import` loaders on to worker threads (tsx is then resolved, so a build never needs it).
 */
export function startWorker(entry: URL, workerData?: unknown): Worker {
  const { url, typescript } = runnableModule(entry);
  if (!typescript) return new Worker(url, { workerData });
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const code = `import(${tsx}).then(({ tsImport }) => tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(code, { eval: true, workerData });
}
