/**
 * A new or moved article file survives a crash: after its name is linked, the folder holding
 * the name is flushed to disk (opened and `fsync`ed), and where a platform cannot open or flush
 * a folder the change is still made. `node:fs/promises`' `open` is watched, or made to fail, as
 * in `article-files-without-links.test.ts`.
 */
import { promises as fsPromises } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { articleMarkdown, moveToTrash, trashFolderOf, writeArticleFile } from '../../src/core/articles/index.js';

const bytes = new TextEncoder().encode(articleMarkdown({ title: 'Ferry adds a late sailing', paragraphs: ['The ferry will run later.'] }));
const FILE = 'ferry-adds-a-late-sailing.md';

let root: string;
let dir: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'mou-durable-'));
  dir = path.join(root, 'knowledge');
  await mkdir(dir);
});
afterEach(async () => {
  vi.restoreAllMocks();
  syncBuiltinESMExports();
  await rm(root, { recursive: true, force: true });
});

/** Records, in order, each link and unlink, and each folder flushed to disk. */
function watchFileSystem(): string[] {
  const events: string[] = [];
  const { open, link, unlink } = fsPromises;
  vi.spyOn(fsPromises, 'link').mockImplementation(async (from, to) => {
    await link(from, to);
    events.push(`link ${path.basename(String(to))}`);
  });
  vi.spyOn(fsPromises, 'unlink').mockImplementation(async (file) => {
    await unlink(file);
    events.push(`unlink ${path.basename(String(file)).replace(/^\.new-article-.*/, '(temporary)')}`);
  });
  vi.spyOn(fsPromises, 'open').mockImplementation(async (file, flags, mode) => {
    const handle = await open(file, flags, mode);
    if ((await handle.stat()).isDirectory()) {
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        await sync();
        events.push(`sync folder ${path.basename(String(file))}`);
      };
    }
    return handle;
  });
  syncBuiltinESMExports();
  return events;
}

describe('writeArticleFile', () => {
  test('flushes the knowledge folder once the new name is linked', async () => {
    const events = watchFileSystem();
    expect(await writeArticleFile(dir, bytes, '.md')).toMatchObject({ ok: true, file: FILE });
    expect(events).toEqual([`link ${FILE}`, 'unlink (temporary)', 'sync folder knowledge']);
  });

  test.each(['EISDIR', 'EPERM'])('writes the file where a folder cannot be opened (%s)', async (code) => {
    const { open } = fsPromises;
    vi.spyOn(fsPromises, 'open').mockImplementation(async (file, flags, mode) => {
      if (file === dir) throw Object.assign(new Error(`${code}: illegal operation on a directory, open`), { code });
      return open(file, flags, mode);
    });
    syncBuiltinESMExports();
    expect(await writeArticleFile(dir, bytes, '.md')).toMatchObject({ ok: true, file: FILE });
    expect(await readdir(dir)).toEqual([FILE]);
  });
});

describe('moveToTrash', () => {
  test('flushes the trash folder before the old name goes, then the knowledge folder', async () => {
    await writeArticleFile(dir, bytes, '.md');
    await mkdir(trashFolderOf(dir));
    const events = watchFileSystem();
    await moveToTrash(dir, FILE, { as: 'old.md' });
    expect(events).toEqual(['link old.md', 'sync folder .trash', `unlink ${FILE}`, 'sync folder knowledge']);
  });
});
