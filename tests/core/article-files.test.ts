import { promises as fsPromises } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  articleMarkdown, fileStemFor, findArticleFile, loadArticles, MAX_FILE_SLUG_CHARS, moveToTrash, normalizeParagraphs, oneLine,
  parseArticle, plainText, restoreFromTrash, STALE_NEW_ARTICLE_MS, trashFolderOf, writeArticleFile, type ArticleDraft,
} from '../../src/core/articles/index.js';

const bytes = (text: string) => new TextEncoder().encode(text);

const DRAFT: ArticleDraft = {
  title: 'Valley Rail orders 40 hydrogen trains',
  source: 'The Valley Courier',
  date: '2025-03-14',
  url: 'https://valleycourier.example/transport/valley-rail?ref=a&b=c#top',
  paragraphs: ['Valley Rail has ordered 40 trains.', 'The contract is worth 620 million euros.'],
};

let root: string;
let dir: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'mou-files-'));
  dir = path.join(root, 'knowledge');
  await mkdir(dir);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('articleMarkdown', () => {
  test('writes front matter and paragraphs that load back as the same article', () => {
    const text = articleMarkdown(DRAFT);
    expect(text).toBe([
      '---',
      'title: "Valley Rail orders 40 hydrogen trains"',
      'source: "The Valley Courier"',
      'date: "2025-03-14"',
      'url: "https://valleycourier.example/transport/valley-rail?ref=a&b=c#top"',
      '---',
      'Valley Rail has ordered 40 trains.',
      '',
      'The contract is worth 620 million euros.',
      '',
    ].join('\n'));
    const parsed = parseArticle('a.md', bytes(text));
    expect(parsed.ok && parsed.article).toMatchObject({ ...DRAFT, slug: 'a' });
  });

  test('keeps titles that look like YAML, markdown or front matter as text', () => {
    const title = 'Update: "Strike" ends — #1 story? --- [yes] & {no} @everyone';
    const parsed = parseArticle('a.md', bytes(articleMarkdown({ title, paragraphs: ['---', '> quoted', '# Heading', 'Body   with\n\nbreaks'] })));
    expect(parsed.ok && parsed.article).toMatchObject({ title, paragraphs: ['---', '> quoted', 'Body with breaks'] });
  });

  test('whatever the text, the file loads back with the title as the loader shows it, and the same paragraphs', () => {
    const text = fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }).filter((s) => s.trim().length > 0 && !s.includes('\0'));
    fc.assert(fc.property(text, fc.array(text, { minLength: 1, maxLength: 4 }), (title, paragraphs) => {
      const markdown = articleMarkdown({ title, paragraphs: ['First paragraph.', ...paragraphs] });
      const parsed = parseArticle('a.md', bytes(markdown));
      // On one line, without control characters or bidi overrides (see untrusted.ts).
      const shown = oneLine(plainText(title));
      if (shown.length === 0) {
        expect(parsed).toEqual({ ok: false, problems: [{ file: 'a.md', problem: 'front matter title is required (a non-empty text)' }] });
        return;
      }
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
      expect(parsed.article.title).toBe(shown);
      expect(parsed.article.paragraphs).toEqual(normalizeParagraphs(['First paragraph.', ...paragraphs]));
    }), { numRuns: 300 });
  });
});

describe('fileStemFor', () => {
  test.each([
    ['Valley Rail orders 40 hydrogen trains', 'valley-rail-orders-40-hydrogen-trains'],
    ['../../etc/passwd', 'etc-passwd'],
    ['C:\\Windows\\system32', 'c-windows-system32'],
    ['Café déjà vu — Ørsted', 'cafe-deja-vu-rsted'],
    ['\u202Egnp.exe\u200B', 'gnp-exe'],
    ['北京新闻', 'article'],
    ['...', 'article'],
  ])('%j → %j', (title, stem) => {
    expect(fileStemFor(title)).toBe(stem);
  });

  test('cuts long titles at a hyphen, within the limit', () => {
    const stem = fileStemFor('word '.repeat(60));
    expect(stem.length).toBeLessThanOrEqual(MAX_FILE_SLUG_CHARS);
    expect(stem).toMatch(/^(word-)*word$/);
  });

  test('never leaves a name that could reach another folder', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (title) => {
      expect(fileStemFor(title)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }));
  });
});

describe('writeArticleFile', () => {
  test('writes the file under a name from its title, and only it', async () => {
    const written = await writeArticleFile(dir, bytes(articleMarkdown(DRAFT)), '.md');
    expect(written).toMatchObject({ ok: true, file: 'valley-rail-orders-40-hydrogen-trains.md', article: { title: DRAFT.title } });
    expect(await readdir(dir)).toEqual(['valley-rail-orders-40-hydrogen-trains.md']);
    expect((await loadArticles(dir)).articles.map((a) => a.title)).toEqual([DRAFT.title]);
  });

  test('numbers the name instead of replacing a file with the same name or id', async () => {
    await writeFile(path.join(dir, 'valley-rail-orders-40-hydrogen-trains.md'), 'the first one');
    await writeFile(path.join(dir, 'Valley Rail orders 40 hydrogen trains-2.txt'), 'Same id\n\nbody');
    const written = await writeArticleFile(dir, bytes(articleMarkdown(DRAFT)), '.md');
    expect(written.ok && written.file).toBe('valley-rail-orders-40-hydrogen-trains-3.md');
    expect(await readFile(path.join(dir, 'valley-rail-orders-40-hydrogen-trains.md'), 'utf8')).toBe('the first one');
  });

  test('two writes of the same article at once get two files', async () => {
    const text = bytes(articleMarkdown(DRAFT));
    const both = await Promise.all([writeArticleFile(dir, text, '.md'), writeArticleFile(dir, text, '.md')]);
    expect(both.map((w) => w.ok && w.file).sort()).toEqual(['valley-rail-orders-40-hydrogen-trains-2.md', 'valley-rail-orders-40-hydrogen-trains.md']);
    expect(await readdir(dir)).toHaveLength(2);
  });

  test('writes nothing for a file the loader would refuse, and says why', async () => {
    const written = await writeArticleFile(dir, bytes('---\ntitle: [oops\n---\nBody\n'), '.md');
    expect(written).toEqual({
      ok: false,
      problems: [{ file: 'new.md', problem: 'front matter is not valid YAML (line 2, column 13): Flow sequence in block collection must be sufficiently indented and end with a ]' }],
    });
    expect(await readdir(dir)).toEqual([]);
  });

  test('removes the temporary files a write killed in the middle left, but not one another write is using', async () => {
    const left = '.new-article-3f2b1c9e-0d4a-4b7e-9a51-2c8e6f0b7d13.tmp';
    const inUse = '.new-article-7a9c2e41-5b3d-4f60-8e17-9d0c3b2a6f58.tmp';
    for (const name of [left, inUse, '.notes.tmp']) await writeFile(path.join(dir, name), 'part of an article');
    const longAgo = new Date(Date.now() - STALE_NEW_ARTICLE_MS - 60_000);
    for (const name of [left, '.notes.tmp']) await utimes(path.join(dir, name), longAgo, longAgo);

    const written = await writeArticleFile(dir, bytes(articleMarkdown(DRAFT)), '.md');
    expect((await readdir(dir)).sort()).toEqual(['.notes.tmp', inUse, written.ok ? written.file : ''].sort());
  });

  test('keeps a text file as text, named from its first line', async () => {
    const written = await writeArticleFile(dir, bytes('Island ferry adds a late sailing\n\nThe ferry will run later.\n'), '.txt');
    expect(written.ok && written.file).toBe('island-ferry-adds-a-late-sailing.txt');
  });
});

describe('moveToTrash and restoreFromTrash', () => {
  test('move the file to the trash folder inside the knowledge folder, which the loader skips, and back', async () => {
    await writeFile(path.join(dir, 'talks.md'), '---\ntitle: Talks\n---\nBody\n');
    await writeFile(path.join(dir, 'port.md'), '---\ntitle: Port\n---\nBody\n');
    const trashName = await moveToTrash(dir, 'talks.md', { at: new Date('2025-03-14T08:30:00.123Z') });
    expect(trashName).toBe('20250314T083000Z-talks.md');
    expect(trashFolderOf(dir)).toBe(path.join(dir, '.trash'));
    expect((await readdir(dir)).sort()).toEqual(['.trash', 'port.md']);
    expect(await readdir(trashFolderOf(dir))).toEqual([trashName]);
    expect(await loadArticles(dir)).toMatchObject({ articles: [{ file: 'port.md' }], ignored: [] });

    expect(await restoreFromTrash(dir, trashName, 'talks.md')).toEqual({ ok: true });
    expect((await readdir(dir)).sort()).toEqual(['.trash', 'port.md', 'talks.md']);
    expect(await readdir(trashFolderOf(dir))).toEqual([]);
  });

  test('restore a file from the trash folder earlier versions kept beside the knowledge folder', async () => {
    await mkdir(path.join(root, 'knowledge-trash'));
    await writeFile(path.join(root, 'knowledge-trash', '20250314T083000Z-talks.md'), '---\ntitle: Talks\n---\nBody\n');
    expect(await restoreFromTrash(dir, '20250314T083000Z-talks.md', 'talks.md')).toEqual({ ok: true });
    expect(await readdir(dir)).toEqual(['talks.md']);
    expect(await readdir(path.join(root, 'knowledge-trash'))).toEqual([]);
  });

  test('never replace a file in the trash or in the knowledge folder', async () => {
    const at = new Date('2025-03-14T08:30:00Z');
    await writeFile(path.join(dir, 'talks.md'), 'one');
    const first = await moveToTrash(dir, 'talks.md', { at });
    await writeFile(path.join(dir, 'talks.md'), 'two');
    const second = await moveToTrash(dir, 'talks.md', { at });
    expect(second).toBe('20250314T083000Z-talks-2.md');

    await writeFile(path.join(dir, 'Talks.txt'), 'Talks again\n\nbody');
    expect(await restoreFromTrash(dir, first, 'talks.md')).toEqual({ ok: false, reason: 'id taken' });
    await writeFile(path.join(dir, 'talks.md'), 'three');
    expect(await restoreFromTrash(dir, first, 'talks.md')).toEqual({ ok: false, reason: 'name taken' });
    expect(await readFile(path.join(dir, 'talks.md'), 'utf8')).toBe('three');
    expect(await restoreFromTrash(dir, 'gone.md', 'gone.md')).toEqual({ ok: false, reason: 'not in trash' });
  });

  test('move a file back to the trash under the name it had', async () => {
    await writeFile(path.join(dir, 'talks.md'), 'back');
    expect(await moveToTrash(dir, 'talks.md', { as: '20250314T083000Z-talks.md' })).toBe('20250314T083000Z-talks.md');
    await writeFile(path.join(dir, 'talks.md'), 'again');
    await expect(moveToTrash(dir, 'talks.md', { as: '20250314T083000Z-talks.md' })).rejects.toMatchObject({ code: 'EEXIST' });
  });

  test('refuse names that are not plain file names', async () => {
    await expect(moveToTrash(dir, '../outside.md')).rejects.toThrow('knowledge: "../outside.md" is not a plain file name');
    await expect(restoreFromTrash(dir, 'x.md', '/etc/passwd')).rejects.toThrow('is not a plain file name');
  });
});

/**
 * Records, in order, each link and unlink, and each folder flushed to disk (opened and
 * `fsync`ed). The functions of `node:fs/promises` are watched as in
 * `article-files-without-links.test.ts`.
 */
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

describe('a change survives a crash: the folder of each new name is flushed to disk', () => {
  const FILE = 'valley-rail-orders-40-hydrogen-trains.md';
  afterEach(() => {
    vi.restoreAllMocks();
    syncBuiltinESMExports();
  });

  test('writeArticleFile flushes the knowledge folder once the new name is linked', async () => {
    const events = watchFileSystem();
    expect(await writeArticleFile(dir, bytes(articleMarkdown(DRAFT)), '.md')).toMatchObject({ ok: true, file: FILE });
    expect(events).toEqual([`link ${FILE}`, 'unlink (temporary)', 'sync folder knowledge']);
  });

  test('moveToTrash flushes the trash folder before the old name goes, then the knowledge folder', async () => {
    await writeArticleFile(dir, bytes(articleMarkdown(DRAFT)), '.md');
    await mkdir(trashFolderOf(dir));
    const events = watchFileSystem();
    await moveToTrash(dir, FILE, { as: 'old.md' });
    expect(events).toEqual(['link old.md', 'sync folder .trash', `unlink ${FILE}`, 'sync folder knowledge']);
  });

  test.each(['EISDIR', 'EPERM'])('writeArticleFile still writes where a folder cannot be opened (%s, as on Windows)', async (code) => {
    const { open } = fsPromises;
    vi.spyOn(fsPromises, 'open').mockImplementation(async (file, flags, mode) => {
      if (file === dir) throw Object.assign(new Error(`${code}: illegal operation on a directory, open`), { code });
      return open(file, flags, mode);
    });
    syncBuiltinESMExports();
    expect(await writeArticleFile(dir, bytes(articleMarkdown(DRAFT)), '.md')).toMatchObject({ ok: true, file: FILE });
    expect(await readdir(dir)).toEqual([FILE]);
  });
});

describe('findArticleFile', () => {
  test('finds an article file by its id, not other files', async () => {
    await writeFile(path.join(dir, 'Talks in Rabat.md'), 'x');
    await writeFile(path.join(dir, 'notes.pdf'), 'x');
    expect(await findArticleFile(dir, 'talks-in-rabat')).toBe('Talks in Rabat.md');
    expect(await findArticleFile(dir, 'notes')).toBeUndefined();
  });
});
