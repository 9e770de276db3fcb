/**
 * Worker thread entry (see `meaning-worker.ts`): encodes the sentences it is sent into meaning
 * vectors, so that the encoder's work (milliseconds per sentence) holds up no thread that answers.
 */
import { parentPort } from 'node:worker_threads';
import { SentenceEncoder } from '../language/index.js';
import type { MeaningReply, MeaningRequest } from './meaning-worker.js';

const port = parentPort;
if (!port) throw new Error('meaning-thread.ts runs as a worker thread (see meaning-worker.ts)');

port.on('message', ({ id, sentences }: MeaningRequest) => {
  SentenceEncoder.shared()
    .then((encoder) => encoder.encode(sentences))
    .then((vectors) => port.postMessage({ id, vectors } satisfies MeaningReply, [vectors.buffer as ArrayBuffer]))
    .catch((error: unknown) => port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies MeaningReply));
});
