/**
 * Worker thread entry (see `knowledge-worker.ts`): opens the knowledge base and serves the
 * host's calls. Its log lines go to the host's logger.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { KnowledgeBase, type EngineLogger } from './knowledge-base.js';
import type { Article } from '../articles/index.js';
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

/**
 * The articles to serve again (see `HostInit.restore`), decoded once: their bytes are dropped
 * from `workerData`, so the worker does not keep a second copy of every article for its life.
 * An empty block means the host holds none.
 */
function restoredArticles(init: { restore?: Uint8Array }): Article[] | undefined {
  const bytes = init.restore;
  delete init.restore;
  return bytes && bytes.length > 0 ? decodeArticles(bytes) : undefined;
}

const restore = restoredArticles(workerData as { restore?: Uint8Array });
const { dir, restore: _dropped, ...options } = workerData as HostInit;
let base: KnowledgeBase;
try {
  base = await KnowledgeBase.open(dir, { logger, ...options, ...(restore && { restore }) });
} catch (error) {
  post({ failed: serializeError(error) });
  process.exit(1);
}
/**
 * The serving version's articles, for the host to keep. Should they not encode (a folder past
 * the longest string the runtime makes), an empty block: a restart then reads the folder, as a
 * first start does.
 */
function served(): Uint8Array {
  try {
    return encodeArticles(base.index.articleList());
  } catch (error) {
    logger.error({ err: error, version: base.index.version.hash }, 'the served articles could not be kept for a restart; a restart reads the folder');
    return new Uint8Array(0);
  }
}

let posted = base.index.version.hash;
post({ opened: { version: base.index.version, served: served() } });

/** The serving version's articles when they changed since the host was last sent them. */
function servedChange(): { served: Uint8Array } | undefined {
  const { hash } = base.index.version;
  if (hash === posted) return undefined;
  posted = hash;
  return { served: served() };
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
