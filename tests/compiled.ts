/**
 * The project's sources as plain JavaScript, for the tests that start them as processes or
 * threads: the layout of a build (`src/` and `commands/` side by side, and `bench/`), made by
 * {@link compileSources} before the test files run. A process started from it runs without tsx,
 * as a build does: its worker threads run the JavaScript beside it too.
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Inside `node_modules`, so the project's `package.json` is still the one above it. */
const COMPILED_DIR = path.join(ROOT, 'node_modules', '.cache', 'mou-bot', 'compiled');

/** The compiled JavaScript of a source file, given relative to the project (`src/cli/start.ts`). */
export function compiled(source: string): string {
  return path.join(COMPILED_DIR, source.replace(/\.ts$/, '.js'));
}

/**
 * The compiled module of a source file, typed as the source (`typeof import(…)`). The worker
 * threads it starts run the JavaScript beside it, without tsx; its classes are not the ones the
 * sources give a test, so a test takes the error classes it checks from the same module.
 */
export async function importCompiled<Module>(source: string): Promise<Module> {
  return (await import(pathToFileURL(compiled(source)).href)) as Module;
}

async function* sourceFiles(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(file);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield file;
  }
}

/**
 * Writes the JavaScript of every source in `src/`, `commands/` and `bench/`, one file for each (types
 * removed by esbuild, as tsx does; `npm test` type-checks them before), replacing what an
 * earlier run wrote.
 */
export async function compileSources(): Promise<void> {
  const { build } = await import('esbuild');
  await rm(COMPILED_DIR, { recursive: true, force: true });
  const entryPoints: string[] = [];
  for (const folder of ['src', 'commands', 'bench']) for await (const file of sourceFiles(path.join(ROOT, folder))) entryPoints.push(file);
  await build({ entryPoints, outdir: COMPILED_DIR, outbase: ROOT, format: 'esm', platform: 'node', target: 'node20', logLevel: 'error' });
}
