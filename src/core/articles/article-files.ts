/**
 * Changing the knowledge folder: writing a new article file, moving one to the trash folder and
 * back. Beside the loader, so that what is written is checked by the loader's own rules
 * (`parseArticle`) and always loads. Every step is a whole-file operation that never overwrites
 * a file: a new file is written under a temporary name, then linked to its final name (which
 * fails if the name is taken); a move links the file to its new place, then unlinks the old one.
 * Where the file system has no hard links, the link is an exclusive copy instead. Each folder
 * whose names change is flushed to disk, as the file itself is, so a change survives a crash.
 */
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, type FileHandle, link, mkdir, open, readdir, readFile, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { ARTICLE_EXTENSIONS, type Article, contentHash, type FileProblem, parseArticle, slugify, slugOf } from './article.js';
import { plainText } from './untrusted.js';

/** Longest slug used in the name of a file written here, in characters (file names stay short on every file system). */
export const MAX_FILE_SLUG_CHARS = 80;
/** The file name stem used when a title has no ASCII letters or digits. */
const FALLBACK_STEM = 'article';
/** File names tried for one new article or trashed file before giving up. */
const MAX_NAME_TRIES = 1_000;

/** An article to write as markdown: its front matter and its paragraphs. */
export interface ArticleDraft {
  readonly title: string;
  readonly source?: string;
  readonly url?: string;
  /** ISO date, `YYYY-MM-DD`. */
  readonly date?: string;
  readonly paragraphs: readonly string[];
}

/** An article file written into the knowledge folder: its name and the article it loads as. */
export type WrittenArticle = { readonly ok: true; readonly file: string; readonly article: Article } | { readonly ok: false; readonly problems: FileProblem[] };

/**
 * The paragraphs of a draft as the loader will read them back: made plain (`plainText`),
 * whitespace runs become one space, and empty paragraphs and lines that markdown reads as
 * headings ("# …") are left out.
 */
export function normalizeParagraphs(paragraphs: readonly string[]): string[] {
  return paragraphs
    .map((paragraph) => plainText(paragraph).replace(/\s+/g, ' ').trim())
    .filter((paragraph) => paragraph.length > 0 && !/^#{1,6}\s/.test(paragraph));
}

/**
 * The text of a markdown article file for `draft`: YAML front matter (values quoted, so a title
 * such as "Update: …" stays text) and the paragraphs separated by blank lines. The file loads
 * back as the same title, source, link, date and {@link normalizeParagraphs} paragraphs.
 */
export function articleMarkdown(draft: ArticleDraft): string {
  const meta = {
    title: draft.title,
    ...(draft.source !== undefined && { source: draft.source }),
    ...(draft.date !== undefined && { date: draft.date }),
    ...(draft.url !== undefined && { url: draft.url }),
  };
  const frontMatter = stringifyYaml(meta, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0 });
  return `---\n${frontMatter}---\n${normalizeParagraphs(draft.paragraphs).join('\n\n')}\n`;
}

/** Whether `name` is a plain file name: no folder in it, not `.` or `..`. */
function isPlainName(name: string): boolean {
  return name.length > 0 && name !== '.' && name !== '..' && path.basename(name) === name && !/[/\\\0]/.test(name);
}

/** Throws unless `name` is a plain file name: names from outside must never reach another folder. */
function assertPlainName(name: string): void {
  if (!isPlainName(name)) throw new Error(`knowledge: "${name}" is not a plain file name`);
}

/** The stem of a new file's name for `title`: its slug, at most {@link MAX_FILE_SLUG_CHARS} characters, cut at a hyphen. */
export function fileStemFor(title: string): string {
  const slug = slugify(title);
  if (slug.length <= MAX_FILE_SLUG_CHARS) return slug || FALLBACK_STEM;
  const cut = slug.slice(0, MAX_FILE_SLUG_CHARS + 1);
  const hyphen = cut.lastIndexOf('-');
  return (hyphen > 0 ? cut.slice(0, hyphen) : cut.slice(0, MAX_FILE_SLUG_CHARS)).replace(/-+$/, '');
}

/** What a folder holds: every name (lower case, for case-insensitive file systems) and the slugs of its articles. */
async function namesIn(dir: string): Promise<{ names: Set<string>; slugs: Set<string> }> {
  const entries = await readdir(dir);
  const isArticle = (name: string) => ARTICLE_EXTENSIONS.includes(path.extname(name).toLowerCase());
  return {
    names: new Set(entries.map((name) => name.toLowerCase())),
    slugs: new Set(entries.filter((name) => isArticle(name) && !name.startsWith('.')).map(slugOf)),
  };
}

/** Candidate names `stem.ext`, `stem-2.ext`, `stem-3.ext`… */
function* candidates(stem: string, extension: string): Generator<string> {
  for (let n = 1; n <= MAX_NAME_TRIES; n += 1) yield `${stem}${n === 1 ? '' : `-${n}`}${extension}`;
}

/**
 * What `link` fails with where a hard link cannot be made: across file systems (`EXDEV`), and on
 * file systems without hard links (SMB/CIFS shares, some FUSE and network file systems:
 * `EPERM`, `ENOTSUP`/`EOPNOTSUPP`, `ENOSYS`).
 */
const NO_HARD_LINK = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Gives the file `from` the name `to` as well, failing with `EEXIST` rather than replacing a
 * file at `to`: a hard link, or where none can be made ({@link NO_HARD_LINK}) an exclusive copy.
 * A link appears whole at once; a copy cut short by a crash can leave part of the file at `to`.
 */
async function linkWithoutReplacing(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    if (!NO_HARD_LINK.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    await copyFile(from, to, constants.COPYFILE_EXCL);
  }
}

/**
 * Errors of opening or flushing a folder on platforms that cannot (Windows: `EISDIR`, `EPERM`,
 * `EACCES`; some network and FUSE file systems: `EINVAL`, `ENOTSUP`, `EBADF`). There the file
 * system's own ordering of changes is all there is.
 */
const NO_FOLDER_SYNC = new Set(['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EBADF']);

/**
 * Flushes the entries of the folder `dir` to disk: a name just linked or unlinked is part of the
 * folder, not of the file, and without this a crash soon after can take a new name back.
 * Skipped where the platform cannot ({@link NO_FOLDER_SYNC}).
 */
async function syncFolder(dir: string): Promise<void> {
  const unsupported = (error: unknown) => NO_FOLDER_SYNC.has((error as NodeJS.ErrnoException).code ?? '');
  let handle: FileHandle;
  try {
    handle = await open(dir, 'r');
  } catch (error) {
    if (unsupported(error)) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!unsupported(error)) throw error;
  } finally {
    await handle.close();
  }
}

/**
 * Gives `from`'s file the name `to` ({@link linkWithoutReplacing}) and unlinks `from`: a move
 * that never replaces a file. The new name is flushed before the old one goes, so a crash
 * leaves the file under one name or both, never neither.
 */
async function moveWithoutReplacing(from: string, to: string): Promise<void> {
  await linkWithoutReplacing(from, to);
  await syncFolder(path.dirname(to));
  await unlink(from);
  await syncFolder(path.dirname(from));
}

/** How the temporary files of {@link writeArticleFile} are named: hidden, so the loader skips them. */
const NEW_ARTICLE_TEMPORARY = /^\.new-article-[0-9a-f-]+\.tmp$/;

/**
 * How long a temporary file of {@link writeArticleFile} may sit in the knowledge folder before
 * the next write removes it, in milliseconds: a write holds one for the moment it takes to
 * write, flush and link a file, so one this old was left by a process killed meanwhile.
 * Anything from a minute up makes sense; default ten minutes.
 */
export const STALE_NEW_ARTICLE_MS = 10 * 60 * 1000;

/** Removes the temporary files a killed write left in `dir`: those older than {@link STALE_NEW_ARTICLE_MS}. */
async function removeStaleTemporaries(dir: string): Promise<void> {
  const now = Date.now();
  const left = (await readdir(dir)).filter((name) => NEW_ARTICLE_TEMPORARY.test(name));
  await Promise.all(left.map(async (name) => {
    const file = path.join(dir, name);
    // Gone already (another write removed it): nothing to do.
    const modified = await stat(file).then((stats) => stats.mtimeMs, () => now);
    if (now - modified > STALE_NEW_ARTICLE_MS) await rm(file, { force: true });
  }));
}

/** Writes `bytes` to a new hidden file in `dir` (the loader skips names starting with "."), flushed to disk. */
async function writeTemporary(dir: string, bytes: Uint8Array): Promise<string> {
  const temporary = path.join(dir, `.new-article-${randomUUID()}.tmp`);
  const handle = await open(temporary, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temporary;
}

/**
 * Writes a new article file into `dir`. The bytes are checked as the loader checks a file with
 * that ending (`.md`, `.markdown` or `.txt`); when they would not load, nothing is written and
 * the problems are returned. The file's name comes from the article's title
 * ({@link fileStemFor}), numbered (`-2`, `-3`…) when another file has that name or id, and
 * never replaces a file. The file appears whole or not at all. Temporary files an earlier
 * write left (a process killed in the middle) are removed first.
 */
export async function writeArticleFile(dir: string, bytes: Uint8Array, extension: string): Promise<WrittenArticle> {
  if (!ARTICLE_EXTENSIONS.includes(extension)) throw new Error(`knowledge: "${extension}" is not an article file ending`);
  const checked = parseArticle(`new${extension}`, bytes);
  if (!checked.ok) return checked;
  await removeStaleTemporaries(dir);
  const stem = fileStemFor(checked.article.title);
  const temporary = await writeTemporary(dir, bytes);
  let name: string;
  try {
    name = await linkUnderFreeName(dir, temporary, stem, extension);
  } finally {
    await unlink(temporary);
  }
  await syncFolder(dir);
  const written = parseArticle(name, bytes);
  if (!written.ok) throw new Error(`knowledge: ${name} was checked but does not load`);
  return { ok: true, file: name, article: written.article };
}

/** Links `temporary` to the first free name for `stem` in `dir` (no file of that name or id) and returns the name. */
async function linkUnderFreeName(dir: string, temporary: string, stem: string, extension: string): Promise<string> {
  const { names, slugs } = await namesIn(dir);
  for (const name of candidates(stem, extension)) {
    if (names.has(name.toLowerCase()) || slugs.has(slugOf(name))) continue;
    try {
      await linkWithoutReplacing(temporary, path.join(dir, name));
      return name;
    } catch (error) {
      // Taken since the folder was read: try the next name.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`knowledge: no free file name for "${stem}${extension}" in ${dir}`);
}

/** The name of the trash folder inside a knowledge folder: hidden, so the loader skips it. */
export const TRASH_FOLDER = '.trash';

/**
 * The trash folder of a knowledge folder: inside it (`knowledge/.trash`), so that it is on the
 * same file system and the same volume (a container's `knowledge/` mount keeps it, and moving
 * a file there never copies it). The loader skips it: it reads no folders and no hidden names.
 */
export function trashFolderOf(dir: string): string {
  return path.join(path.resolve(dir), TRASH_FOLDER);
}

/** Where earlier versions kept the trash: beside the knowledge folder (`knowledge` → `knowledge-trash`). */
function earlierTrashFolderOf(dir: string): string {
  const resolved = path.resolve(dir);
  return path.join(path.dirname(resolved), `${path.basename(resolved)}-trash`);
}

/** A time stamp for a file name: `20250314T083000Z`. */
function stamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * Moves the article file `file` out of `dir` into its trash folder (created when missing), as
 * `<time>-<file>` (numbered when that is taken), or exactly as `as` when given (a file moved
 * back where it was), and returns that name. Throws `ENOENT` when the file is not there, and
 * `EEXIST` when `as` is taken.
 */
export async function moveToTrash(dir: string, file: string, options: { readonly at?: Date; readonly as?: string } = {}): Promise<string> {
  assertPlainName(file);
  const trash = trashFolderOf(dir);
  await mkdir(trash, { recursive: true });
  if (options.as !== undefined) {
    assertPlainName(options.as);
    await moveWithoutReplacing(path.join(dir, file), path.join(trash, options.as));
    return options.as;
  }
  const stem = `${stamp(options.at ?? new Date())}-${path.basename(file, path.extname(file))}`;
  for (const name of candidates(stem, path.extname(file))) {
    try {
      await moveWithoutReplacing(path.join(dir, file), path.join(trash, name));
      return name;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`knowledge: no free name for ${file} in ${trash}`);
}

/** Why a file cannot go back into the knowledge folder. */
export type RestoreResult = { readonly ok: true } | { readonly ok: false; readonly reason: 'not in trash' | 'name taken' | 'id taken' };

/**
 * Moves `trashName` from the trash folder back into `dir` as `file` (from the trash folder
 * earlier versions kept beside `dir`, when it is there). Refuses, changing nothing, when
 * neither trash holds it, or when `dir` has a file of that name or an article with the same id.
 */
export async function restoreFromTrash(dir: string, trashName: string, file: string): Promise<RestoreResult> {
  assertPlainName(trashName);
  assertPlainName(file);
  const { names, slugs } = await namesIn(dir);
  if (names.has(file.toLowerCase())) return { ok: false, reason: 'name taken' };
  if (slugs.has(slugOf(file))) return { ok: false, reason: 'id taken' };
  for (const trash of [trashFolderOf(dir), earlierTrashFolderOf(dir)]) {
    try {
      await moveWithoutReplacing(path.join(trash, trashName), path.join(dir, file));
      return { ok: true };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return { ok: false, reason: 'name taken' };
      if (code !== 'ENOENT') throw error;
    }
  }
  return { ok: false, reason: 'not in trash' };
}

/** Removes a file this process has just written (an added article whose refresh failed). */
export async function deleteArticleFile(dir: string, file: string): Promise<void> {
  assertPlainName(file);
  await unlink(path.join(dir, file));
}

/**
 * The hash of the file `file` in `dir` as {@link Article.hash} gives it (what was written, to
 * tell later whether it was changed by hand); `undefined` when the file is not there.
 */
export async function articleFileHash(dir: string, file: string): Promise<string | undefined> {
  assertPlainName(file);
  try {
    return contentHash(await readFile(path.join(dir, file)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The name of the article file in `dir` whose id is `slug`, or `undefined`. */
export async function findArticleFile(dir: string, slug: string): Promise<string | undefined> {
  const entries = await readdir(dir);
  return entries.find((name) => !name.startsWith('.') && ARTICLE_EXTENSIONS.includes(path.extname(name).toLowerCase()) && slugOf(name) === slug);
}
