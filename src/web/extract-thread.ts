/**
 * Worker thread entry (see `off-thread.ts`): reads the article in one page and posts the result,
 * so that parsing a large page never holds up the bot's thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { extractArticle } from './extract.js';
import type { ExtractRequest } from './off-thread.js';

const port = parentPort;
if (!port) throw new Error('extract-thread.ts runs as a worker thread (see off-thread.ts)');
const { html, pageUrl } = workerData as ExtractRequest;
port.postMessage(extractArticle(html, pageUrl));
