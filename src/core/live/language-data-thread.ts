/**
 * Worker thread entry (see `language-data.ts`): makes and saves the word vectors, then says
 * whether that worked.
 */
import { parentPort } from 'node:worker_threads';
// Not the language folder's entry: that loads the NLP model, which this thread does not need.
import { WordVectors } from '../language/word-vectors.js';
import type { LanguageDataReply } from './language-data.js';

const port = parentPort;
if (!port) throw new Error('language-data-thread.ts runs as a worker thread (see language-data.ts)');

let reply: LanguageDataReply;
try {
  WordVectors.shared();
  reply = { ok: true };
} catch (error) {
  reply = { ok: false, name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) };
}
port.postMessage(reply);
