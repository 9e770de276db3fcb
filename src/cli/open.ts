/** Opening the knowledge folder for the command-line tools, with readable errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ArticleError, KnowledgeBase } from '../core/index.js';

/**
 * Parses command-line options, or prints what is wrong and the usage line and exits with
 * status 2 (instead of a stack trace for an unknown option).
 */
export function parseOrExit<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    console.error(`${(error as Error).message}\nUsage: ${usage}`);
    process.exit(2);
  }
}

/**
 * Opens a knowledge folder. Broken files are left out with a warning on stderr; when no article
 * loads, prints every problem (one per line) and exits with status 1 instead of a stack trace.
 */
export async function openOrExit(dir: string): Promise<KnowledgeBase> {
  try {
    const knowledge = await KnowledgeBase.open(dir);
    if (knowledge.skipped.length > 0) {
      console.error(`Left out ${knowledge.skipped.length === 1 ? 'a broken file' : 'broken files'} of "${dir}":`);
      for (const { file, problem } of knowledge.skipped) console.error(`  ${file}: ${problem}`);
    }
    return knowledge;
  } catch (error) {
    if (error instanceof ArticleError) {
      console.error(`The knowledge folder "${dir}" has ${error.problems.length === 1 ? 'a problem' : 'problems'}:`);
      for (const { file, problem } of error.problems) console.error(`  ${file}: ${problem}`);
      process.exit(1);
    }
    throw error;
  }
}
