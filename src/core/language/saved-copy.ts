/**
 * Saved copies of data that is slow to prepare (the WordNet thesaurus, the word vectors), kept
 * in `.cache/` in the project's folder between processes. `npm run build` makes them, so that a
 * production install, which leaves out the packages they are made from, still has them: the
 * folder is outside `node_modules`, which `npm ci` replaces whole.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { PROJECT_ROOT } from '../runtime/index.js';

/** The folder of the saved copies. */
export const SAVED_COPIES_DIR = path.join(PROJECT_ROOT, '.cache');

/** The path of a saved copy named `name`. */
export function savedCopyPath(name: string): string {
  return path.join(SAVED_COPIES_DIR, name);
}

/**
 * Writes `data` to `file` whole, then renames it into place, so processes starting at once never
 * read half a file. When it cannot be written (read-only, disk full) nothing is saved and any
 * partly written temporary file is removed: the data works the same, each start just prepares it
 * again.
 */
export function saveCopy(file: string, data: string | Uint8Array): void {
  const temporary = `${file}.${process.pid}-${threadId}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temporary, data);
    renameSync(temporary, file);
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // No temporary file could be made there either (the folder is missing or not a folder).
    }
  }
}

/** An installed package a saved copy is made from. */
export interface InstalledPackage {
  /** Its folder. */
  readonly dir: string;
  readonly version: string;
}

const require = createRequire(import.meta.url);

/**
 * The package `name` when it is installed, `undefined` when it is not (a production install
 * leaves out the packages saved copies are made from). Throws when its manifest is unreadable.
 */
export function installedPackage(name: string): InstalledPackage | undefined {
  let manifest: string;
  try {
    manifest = require.resolve(`${name}/package.json`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return { dir: path.dirname(manifest), version };
}

/**
 * A saved copy is missing (or made by other rules) and the package it is made from is not
 * installed: the operator of a production install has to run `npm run build` where the
 * development dependencies are installed.
 */
export class LanguageDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LanguageDataError';
  }

  /** The error for saved copies that cannot be made here: their packages are not installed. */
  static missing(copies: readonly SavedCopy[]): LanguageDataError {
    const one = copies.length === 1;
    return new LanguageDataError(`language data: ${copies.map((copy) => copy.file).join(' and ')} ${one ? 'is' : 'are'} missing or out of date, `
      + `and ${copies.map((copy) => copy.packageName).join(' and ')}, which ${one ? 'it is' : 'they are'} made from, ${one ? 'is' : 'are'} not installed `
      + `(a production install leaves ${one ? 'it' : 'them'} out). Run npm run build in a full install (npm ci) to make ${one ? 'it' : 'them'}.`);
  }
}

/** A saved copy, the package it is made from, and whether that package is installed. */
export interface SavedCopy {
  readonly file: string;
  readonly packageName: string;
  readonly canMake: boolean;
}
