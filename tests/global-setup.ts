/**
 * Runs once before the test files: makes the language data (the word vectors and the WordNet
 * thesaurus, see `src/core/live/language-data.ts`) when a fresh clone has none yet, as the last
 * step of `npm run build` does, so that test files running at once do not each make it, and
 * child processes start as they do after a build. It runs in a child process: vitest's module
 * runner cannot start the worker thread that makes the vectors. Then it compiles the sources for
 * the tests that start them as processes (see `compiled.ts`).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { compileSources } from './compiled.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export default async function setup(): Promise<void> {
  const { stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/prepare-data.ts'], { cwd: ROOT });
  process.stderr.write(stderr);
  await compileSources();
}
