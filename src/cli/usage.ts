/**
 * The command lines of the project's tools. Nothing here loads the answer engine: a tool reads
 * its command line first and refuses a mistake at once, and loads the engine only to do the work.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

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

/** A command-line mistake: shown with the usage line, and the tool exits with status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
