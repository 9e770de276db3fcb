/**
 * Worker thread entry (see `knowledge-worker.ts`): opens the knowledge base and serves the
 * host's calls. Its log lines go to the host's logger.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { KnowledgeBase, type EngineLogger } from './knowledge-base.js';
import { serializeError, type HostCall, type HostInit, type HostMessage } from './knowledge-worker.js';
import { runCall } from './calls.js';

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

/** Runs a call and posts its outcome; never rejects, so no call can take the worker down. */
async function serve(call: HostCall): Promise<void> {
  try {
    // Each call runs on the index serving when it arrives.
    const result = await runCall(base, call.method, call.args as never);
    post({ id: call.id, result, version: base.index.version });
  } catch (error) {
    // The call failed, or its result could not be copied to the host.
    post({ id: call.id, error: serializeError(error), version: base.index.version });
  }
}

port.on('message', (call: HostCall) => void serve(call));
