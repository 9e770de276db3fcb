/**
 * Writing, trashing and restoring article files on a file system without hard links (an SMB/CIFS
 * share, some FUSE and network file systems), where `link` fails: `node:fs/promises`' `link`
 * fails here as theirs does, and every step must still work, by copying, and still never
 * replace a file.
 */
import { promises as fsPromises } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, type MockInstance, test, vi } from 'vitest';
import { articleMarkdown, moveToTrash, restoreFromTrash, trashFolderOf, writeArticleFile } from '../../src/core/articles/index.js';

let failingLink: MockInstance<typeof fsPromises.link> | undefined;

/**
 * Makes every `link` fail with `code`, as a file system without hard links does. The functions
 * of `node:fs/promises` are the properties of `fs.promises`: one replaced there reaches every
 * module that imported it by name once `syncBuiltinESMExports` runs. (A `vi.mock` would not
 * reach a module another test file has already loaded: test files share their modules, see
 * `vitest.config.ts`.)
 */
function linksFailWith(code: string): void {
  failingLink = vi.spyOn(fsPromises, 'link').mockImplementation(async () => {
    throw Object.assign(new Error(`${code}: operation not permitted, link`), { code });
  });
  syncBuiltinESMExports();
}

const bytes = new TextEncoder().encode(articleMarkdown({ title: 'Ferry adds a late sailing', paragraphs: ['The ferry will run later.'] }));
const FILE = 'ferry-adds-a-late-sailing.md';

let root: string;
let dir: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'mou-no-links-'));
  dir = path.join(root, 'knowledge');
  await mkdir(dir);
});
afterEach(async () => {
  failingLink?.mockRestore();
  failingLink = undefined;
  syncBuiltinESMExports();
  await rm(root, { recursive: true, force: true });
});

describe.each(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV'])('where link fails with %s', (code) => {
  beforeEach(() => linksFailWith(code));

  test('a new article is written, trashed and restored by copying, leaving no temporary file', async () => {
    const written = await writeArticleFile(dir, bytes, '.md');
    expect(written).toMatchObject({ ok: true, file: FILE });
    expect(await readdir(dir)).toEqual([FILE]);

    const trashName = await moveToTrash(dir, FILE, { at: new Date('2025-03-14T08:30:00Z') });
    expect(await readdir(dir)).toEqual(['.trash']);
    expect(await readFile(path.join(trashFolderOf(dir), trashName))).toEqual(Buffer.from(bytes));

    expect(await restoreFromTrash(dir, trashName, FILE)).toEqual({ ok: true });
    expect((await readdir(dir)).sort()).toEqual(['.trash', FILE]);
    expect(await readdir(trashFolderOf(dir))).toEqual([]);
    expect(failingLink).toHaveBeenCalled();
  });

  test('a copy never replaces a file either', async () => {
    await writeFile(path.join(dir, FILE), 'the first one');
    const written = await writeArticleFile(dir, bytes, '.md');
    expect(written.ok && written.file).toBe('ferry-adds-a-late-sailing-2.md');
    expect(await readFile(path.join(dir, FILE), 'utf8')).toBe('the first one');

    await moveToTrash(dir, FILE, { as: 'taken.md' });
    await writeFile(path.join(dir, FILE), 'the second one');
    await expect(moveToTrash(dir, FILE, { as: 'taken.md' })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(path.join(trashFolderOf(dir), 'taken.md'), 'utf8')).toBe('the first one');
  });
});

test('another failure of link is not taken for a file system without links', async () => {
  linksFailWith('EACCES');
  await expect(writeArticleFile(dir, bytes, '.md')).rejects.toMatchObject({ code: 'EACCES' });
  expect(await readdir(dir)).toEqual([]);
});
