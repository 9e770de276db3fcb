/** Opening the knowledge folder for the command-line tools, as the bot opens it, with readable errors. */
import path from 'node:path';
import { ConfigError, type LocalConfig, loadLocalConfig } from '../config.js';
import { ArticleError, KnowledgeBase, LanguageDataError, type MeaningProgress, prepareLanguageData, PROJECT_ROOT } from '../core/index.js';

/** Where the index caches of folders given with `--knowledge` are kept. */
const OTHER_CACHES = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'mou-bot', 'folders');

/**
 * Opens the bot's knowledge folder (or `dir`, whose cache is kept in {@link OTHER_CACHES}), with its index cache and sentence meanings as the
 * bot has them (from the environment or `.env`), so that the tools answer as the bot does. While
 * sentence meanings are computed (a first start, new articles), a progress line is shown on
 * stderr. Broken files are left out with a warning on stderr; when no article loads, or the
 * configuration is wrong, prints every problem (one per line) and exits with status 1 instead
 * of a stack trace. The first start after install says on stderr that it prepares the language
 * data (seconds); a production install without it says to run `npm run build` and exits with
 * status 1.
 */
export async function openOrExit(dir?: string): Promise<KnowledgeBase> {
  let config: LocalConfig;
  try {
    config = loadLocalConfig(dir === undefined ? {} : { knowledgeDir: dir, cacheDir: OTHER_CACHES });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  try {
    await prepareLanguageData((message) => console.error(message));
    const knowledge = await KnowledgeBase.open(config.knowledgeDir, {
      ...(config.indexCachePath !== undefined && { cachePath: config.indexCachePath }),
      meanings: config.sentenceMeanings,
      // A progress line for a person watching; piped output stays clean.
      ...(process.stderr.isTTY && {
        onMeaningProgress: ({ encoded, paragraphs }: MeaningProgress) => process.stderr.write(`\rPreparing sentence meanings: ${encoded} of ${paragraphs} paragraphs${encoded === paragraphs ? '\n' : ''}`),
      }),
    });
    if (knowledge.skipped.length > 0) {
      console.error(`Left out ${knowledge.skipped.length === 1 ? 'a broken file' : 'broken files'} of "${dir ?? config.knowledgeDir}":`);
      for (const { file, problem } of knowledge.skipped) console.error(`  ${file}: ${problem}`);
    }
    await knowledge.meaningsReady();
    return knowledge;
  } catch (error) {
    if (error instanceof ArticleError) {
      console.error(`The knowledge folder "${dir ?? config.knowledgeDir}" has ${error.problems.length === 1 ? 'a problem' : 'problems'}:`);
      for (const { file, problem } of error.problems) console.error(`  ${file}: ${problem}`);
      process.exit(1);
    }
    if (error instanceof LanguageDataError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
