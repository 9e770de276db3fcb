/**
 * Reading a page's article in a worker thread. Parsing and scoring a page takes milliseconds for
 * a typical news page but over a second for the largest page accepted; in a short-lived worker
 * it never holds up the bot's gateway heartbeats or other members' questions, and a page that
 * defeats the parser is stopped by a time limit.
 */
import { durationText, startWorker } from '../core/index.js';
import type { Extraction } from './page-article.js';

/** Longest the reading of one page may take before it is refused, in milliseconds. */
export const EXTRACT_TIMEOUT_MS = 20_000;

/** What the worker reads: the page's markup and where it came from. */
export interface ExtractRequest {
  readonly html: string;
  readonly pageUrl: string | undefined;
}

/**
 * `extractArticle` in a worker thread. Resolves with a refusal when the reading takes longer
 * than `timeoutMs`; rejects when the worker cannot start or fails. The worker is gone when
 * this settles.
 */
export async function extractOffThread(html: string, pageUrl: string | undefined, timeoutMs = EXTRACT_TIMEOUT_MS): Promise<Extraction> {
  const worker = startWorker(new URL('./extract-thread.js', import.meta.url), { html, pageUrl } satisfies ExtractRequest);
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<Extraction>((resolve, reject) => {
      timer = setTimeout(() => resolve({ ok: false, reason: `reading the page took longer than ${durationText(timeoutMs)}` }), timeoutMs);
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the page-reading worker stopped (exit code ${code})`)));
    });
  } finally {
    clearTimeout(timer);
    await worker.terminate();
  }
}
