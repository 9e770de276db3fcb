/** Opening the knowledge folder for the command-line tools, with readable errors. */
import { KnowledgeBase } from '../core/knowledge-base.js';
import { KnowledgeError } from '../core/knowledge.js';

/** The folder the command-line tools read when `--knowledge` is not given. */
export const DEFAULT_KNOWLEDGE_DIR = 'knowledge';

/**
 * Opens a knowledge folder. On a broken folder, prints every problem (one per line) and exits
 * with status 1 instead of a stack trace.
 */
export async function openOrExit(dir: string): Promise<KnowledgeBase> {
  try {
    return await KnowledgeBase.open(dir);
  } catch (error) {
    if (error instanceof KnowledgeError) {
      console.error(`The knowledge folder "${dir}" has ${error.problems.length === 1 ? 'a problem' : 'problems'}:`);
      for (const { file, problem } of error.problems) console.error(`  ${file}: ${problem}`);
      process.exit(1);
    }
    throw error;
  }
}
