/**
 * Worker thread entry (see `off-thread.ts`): analyses the articles it is sent and posts back
 * what indexing needs, so that the NLP pipeline's work and garbage stay off the bot's thread.
 */
import { parentPort } from 'node:worker_threads';
import { analyseParagraphs } from '../articles/index.js';
import type { AnalysisMessage, AnalysisReply, AnalysisRequest } from './off-thread.js';

const port = parentPort;
if (!port) throw new Error('analysis-thread.ts runs as a worker thread (see off-thread.ts)');

port.on('message', ({ articles }: AnalysisRequest) => {
  const reply: AnalysisReply = {
    results: articles.map(({ slug, hash, paragraphs }) => {
      // The host times each article from this message, and names the one that takes too long.
      port.postMessage({ started: slug } satisfies AnalysisMessage);
      const { analyses, terms, words } = analyseParagraphs(paragraphs);
      return { slug, hash, analyses, terms, words: [...words] };
    }),
  };
  // The typed arrays move to the main thread instead of being copied.
  const buffers = reply.results.flatMap((r) => r.analyses.flatMap((a) => [a.sentences.buffer as ArrayBuffer, a.spans.buffer as ArrayBuffer]));
  port.postMessage(reply, buffers);
});
