/**
 * Worker thread entry (see `knowledge-worker.ts`): opens the knowledge base and serves the
 * host's calls. Its log lines go to the host's logger.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { KnowledgeBase, type EngineLogger } from './knowledge-base.js';
import type { Article } from '../articles/index.js';
import { decodeArticles, encodeArticle, serializeError, type HostCall, type HostInit, type HostMessage, type SerializedError, type ServedChange } from './knowledge-worker.js';
import { runCall } from './calls.js';

const port = parentPort;
if (!port) throw new Error('knowledge-worker-thread.ts runs as a worker thread (see knowledge-worker.ts)');
/** Posts a message, moving (not copying) the articles it carries. */
const post = (message: HostMessage): void => {
  const served = 'served' in message ? message.served : 'opened' in message ? message.opened.served : undefined;
  port.postMessage(message, served?.changed.map(([, article]) => article.buffer as ArrayBuffer) ?? []);
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
 */
function restoredArticles(init: { restore?: Uint8Array }): Article[] | undefined {
  const bytes = init.restore;
  delete init.restore;
  return bytes && decodeArticles(bytes);
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
/** The hash of each article the host keeps, by slug. */
const kept = new Map<string, string>();
/** The version whose articles the host was last told of. */
let posted = '';

/**
 * How the serving version's articles changed since the host was last told, or `undefined` when
 * the version is the same: only the articles a refresh added or changed are encoded.
 */
function servedChange(): ServedChange | undefined {
  const { hash } = base.index.version;
  if (hash === posted) return undefined;
  posted = hash;
  const articles = base.index.articleList();
  const changed = articles.filter((article) => kept.get(article.slug) !== article.hash).map((article) => [article.slug, encodeArticle(article)] as const);
  const serving = new Set(articles.map((article) => article.slug));
  const removed = [...kept.keys()].filter((slug) => !serving.has(slug));
  for (const slug of removed) kept.delete(slug);
  for (const article of articles) kept.set(article.slug, article.hash);
  return { changed, removed };
}

post({ opened: { version: base.index.version, served: servedChange()! } });

/** Runs a call and posts its outcome; never rejects, so no call can take the worker down. */
async function serve(call: HostCall): Promise<void> {
  let outcome: { result: unknown } | { error: SerializedError };
  try {
    // Each call runs on the index serving when it arrives.
    outcome = { result: await runCall(base, call.method, call.args as never) };
  } catch (error) {
    outcome = { error: serializeError(error) };
  }
  const served = servedChange();
  const about = { id: call.id, version: base.index.version, ...(served && { served }) };
  try {
    post({ ...about, ...outcome });
  } catch (error) {
    // The result could not be copied to the host.
    post({ ...about, error: serializeError(error) });
  }
}

port.on('message', (call: HostCall) => void serve(call));
