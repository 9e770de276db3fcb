/**
 * Runs once before the test files: compiles the sources for the tests that start them as
 * processes or threads (see `compiled.ts`), then makes the language data (the word vectors and
 * the WordNet thesaurus, see `src/core/live/language-data.ts`) when a fresh clone has none yet,
 * as the last step of `npm run build` does, so that test files running at once do not each make
 * it, and child processes start as they do after a build. The data is made by the compiled
 * `prepare-data`, started with plain node as a build starts it, in a child process: vitest's
 * module runner cannot start the worker thread that makes the vectors.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { compiled, compileSources } from './compiled.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export default async function setup(): Promise<void> {
  await compileSources();
  const { stderr } = await promisify(execFile)(process.execPath, [compiled('src/cli/prepare-data.ts')], { cwd: ROOT });
  process.stderr.write(stderr);
}
