/**
 * Worker thread entry (see `knowledge-worker.ts`): opens the knowledge base and serves the
 * host's calls. Its log lines go to the host's logger.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { KnowledgeBase, type EngineLogger } from './knowledge-base.js';
import { decodeArticles, encodeArticles, serializeError, type HostCall, type HostInit, type HostMessage, type SerializedError } from './knowledge-worker.js';
import { runCall } from './calls.js';

const port = parentPort;
if (!port) throw new Error('knowledge-worker-thread.ts runs as a worker thread (see knowledge-worker.ts)');
/** Posts a message, moving (not copying) the articles it carries. */
const post = (message: HostMessage): void => {
  const served = 'served' in message ? message.served : 'opened' in message ? message.opened.served : undefined;
  port.postMessage(message, served ? [served.buffer as ArrayBuffer] : []);
};

const log = (level: 'info' | 'warn' | 'error') => (details: object, message: string) => {
  try {
    post({ log: { level, details, message } });
  } catch {
    // Details that cannot be copied (a function, say) are sent as text.
    post({ log: { level, details: { details: String(details) }, message } });
  }
};
const logger: EngineLogger = { info: log('info'), warn: log('warn'), error: log('error') };

const { dir, restore, ...options } = workerData as HostInit;
let base: KnowledgeBase;
try {
  base = await KnowledgeBase.open(dir, { logger, ...options, ...(restore && { restore: decodeArticles(restore) }) });
} catch (error) {
  post({ failed: serializeError(error) });
  process.exit(1);
}
let posted = base.index.version.hash;
post({ opened: { version: base.index.version, served: encodeArticles(base.index.articleList()) } });

/** The serving version's articles when they changed since the host was last sent them. */
function servedChange(): { served: Uint8Array } | undefined {
  const { hash } = base.index.version;
  if (hash === posted) return undefined;
  posted = hash;
  return { served: encodeArticles(base.index.articleList()) };
}

/** Runs a call and posts its outcome; never rejects, so no call can take the worker down. */
async function serve(call: HostCall): Promise<void> {
  let outcome: { result: unknown } | { error: SerializedError };
  try {
    // Each call runs on the index serving when it arrives.
    outcome = { result: await runCall(base, call.method, call.args as never) };
  } catch (error) {
    outcome = { error: serializeError(error) };
  }
  const changed = servedChange();
  try {
    post({ id: call.id, ...outcome, version: base.index.version, ...changed });
  } catch (error) {
    // The result could not be copied to the host.
    post({ id: call.id, error: serializeError(error), version: base.index.version, ...changed });
  }
}

port.on('message', (call: HostCall) => void serve(call));
