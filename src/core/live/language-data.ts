/**
 * The language data every index needs, made ready before a knowledge base opens: the word
 * vectors and the WordNet thesaurus. Later starts read their saved copies in a fraction of a
 * second; the first start after install (or after `npm run build` was skipped) makes them from
 * their packages, which takes seconds: both at once (the vectors in a worker thread while this
 * thread builds the thesaurus), with a line before and after saying so.
 */
import { LanguageDataError, type SavedCopy, Thesaurus, WordVectors } from '../language/index.js';
import { startWorker } from './threads.js';

/** What the worker thread that makes the word vectors posts when it is done. */
export type LanguageDataReply = { readonly ok: true } | { readonly ok: false; readonly name: string; readonly message: string };

/**
 * Makes the word vectors and the thesaurus ready in this thread, telling `progress` before and
 * after when they have to be made from their packages (nothing when their saved copies serve).
 * Rejects with `LanguageDataError` when a copy is missing and its package is not installed.
 */
export async function prepareLanguageData(progress: (message: string) => void = () => {}): Promise<void> {
  const vectorsMissing = WordVectors.sharedIfSaved() === undefined;
  const thesaurusMissing = Thesaurus.sharedIfSaved() === undefined;
  if (!vectorsMissing && !thesaurusMissing) return;
  const cannotMake = [vectorsMissing && WordVectors.savedCopy(), thesaurusMissing && Thesaurus.savedCopy()]
    .filter((copy): copy is SavedCopy => copy !== false && !copy.canMake);
  if (cannotMake.length > 0) throw LanguageDataError.missing(cannotMake);
  const what = [vectorsMissing && 'the word vectors', thesaurusMissing && 'the WordNet thesaurus'].filter(Boolean).join(' and ');
  progress(`Preparing ${what} (once; later starts read the saved copies)…`);
  const started = performance.now();
  // With both to make, the vectors are made in another thread meanwhile.
  const offThread = vectorsMissing && thesaurusMissing ? vectorsOffThread() : undefined;
  let failure: unknown;
  try {
    Thesaurus.shared();
  } catch (error) {
    failure = error;
  }
  try {
    await offThread;
    // Reads the copy the worker saved (or, when it could not be saved, makes the vectors here).
    WordVectors.shared();
  } catch (error) {
    failure ??= error;
  }
  if (failure !== undefined) throw failure;
  progress(`Prepared ${what} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

/** Makes and saves the word vectors in a worker thread; rejects with the worker's error. */
function vectorsOffThread(): Promise<void> {
  const worker = startWorker(new URL('./language-data-thread.js', import.meta.url));
  return new Promise<void>((resolve, reject) => {
    worker.once('message', (reply: LanguageDataReply) => {
      if (reply.ok) resolve();
      else reject(reply.name === 'LanguageDataError' ? new LanguageDataError(reply.message) : Object.assign(new Error(reply.message), { name: reply.name }));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`word vectors: the worker thread making them stopped (exit code ${code})`)));
  });
}
