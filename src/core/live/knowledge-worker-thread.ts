/**
 * Worker thread entry (see `knowledge-worker.ts`): opens the knowledge base and serves the
 * host's calls. Its log lines go to the host's logger.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { KnowledgeBase, type EngineLogger } from './knowledge-base.js';
import { serializeError, type HostCall, type HostInit, type HostMessage } from './knowledge-worker.js';
import { summaryFor } from './reader.js';

const port = parentPort;
if (!port) throw new Error('knowledge-worker-thread.ts runs as a worker thread (see knowledge-worker.ts)');
const post = (message: HostMessage): void => port.postMessage(message);

const log = (level: 'info' | 'warn' | 'error') => (details: object, message: string) => {
  try {
    post({ log: { level, details, message } });
  } catch {
    // Details that cannot be copied (a function, say) are sent as text.
    post({ log: { level, details: { details: String(details) }, message } });
  }
};
const logger: EngineLogger = { info: log('info'), warn: log('warn'), error: log('error') };

const { dir, ...options } = workerData as HostInit;
let base: KnowledgeBase;
try {
  base = await KnowledgeBase.open(dir, { logger, ...options });
} catch (error) {
  post({ failed: serializeError(error) });
  process.exit(1);
}
post({ opened: { version: base.index.version } });

/** Each call runs on the index serving when it arrives. */
async function run({ method, args }: HostCall): Promise<unknown> {
  switch (method) {
    case 'answer': return base.index.answer(args[0]);
    case 'search': return base.index.search(args[0]);
    case 'summary': return summaryFor(base.index, args[0]);
    case 'sources': return { sources: base.index.sources(), version: base.index.version };
    case 'completeQuestion': return base.index.completeQuestion(args[0], args[1]);
    case 'refresh': return base.refresh(args[0]);
    case 'adopt': return base.adopt(args[0]);
    case 'flushCache': return base.flushCache();
  }
}

/** Runs a call and posts its outcome; never rejects, so no call can take the worker down. */
async function serve(call: HostCall): Promise<void> {
  try {
    const result = await run(call);
    post({ id: call.id, result, version: base.index.version });
  } catch (error) {
    // The call failed, or its result could not be copied to the host.
    post({ id: call.id, error: serializeError(error), version: base.index.version });
  }
}

port.on('message', (call: HostCall) => void serve(call));
