/**
 * Where this project's own files are, the same from the TypeScript sources (run by tsx and
 * vitest) and from the JavaScript that `npm run build` compiles them to (`dist/`, run by plain
 * Node): the two layouts differ by a folder, so nothing counts `../` from a module.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The nearest folder at or above `start` that holds a `package.json`. */
function packageRootOf(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`project files: no package.json above ${start}`);
  }
}

/** The project's folder (the one holding its `package.json`), whether run from `src/` or `dist/`. */
export const PROJECT_ROOT = packageRootOf(path.dirname(fileURLToPath(import.meta.url)));

/** A module of this project to start in a new thread or process, as found on disk. */
export interface RunnableModule {
  readonly url: URL;
  /** Whether it is a TypeScript source, which needs tsx to run. */
  readonly typescript: boolean;
}

/**
 * The module a thread or process should run for `entry`, written as its compiled name
 * (`new URL('./thread.js', import.meta.url)`, as imports are): that JavaScript file when it
 * exists (a build), otherwise the TypeScript source beside it (development). Throws naming
 * both when neither exists.
 */
export function runnableModule(entry: URL): RunnableModule {
  if (existsSync(entry)) return { url: entry, typescript: false };
  const source = pathToFileURL(fileURLToPath(entry).replace(/\.js$/, '.ts'));
  if (existsSync(source)) return { url: source, typescript: true };
  throw new Error(`project files: neither ${fileURLToPath(entry)} nor its TypeScript source exists`);
}
