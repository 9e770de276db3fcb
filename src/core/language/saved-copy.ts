/**
 * Saved copies of data that is slow to prepare (the WordNet thesaurus, the word vectors), kept
 * in `node_modules/.cache/mou-bot/` between processes.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';

/** The path of a saved copy named `name`. */
export function savedCopyPath(name: string): string {
  return fileURLToPath(new URL(`../../../node_modules/.cache/mou-bot/${name}`, import.meta.url));
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
