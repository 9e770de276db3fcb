/**
 * Reading the knowledge folder: articles as markdown with YAML front matter (or plain text whose
 * first line is the title), validated and cut into paragraphs. Loading checks every file and
 * reports every problem at once, so a moderator fixes a broken folder in one pass.
 */
import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { pause, Slicer } from '../runtime/index.js';
import { foldCase } from '../language/index.js';
import { checkUrl, oneLine, plainText } from './untrusted.js';

/** Largest article file read, in bytes. A bigger file is almost surely not one article. */
export const MAX_ARTICLE_BYTES = 1024 * 1024;
/** Longest title accepted, in characters; Discord shows titles in embeds and choices. */
export const MAX_TITLE_CHARS = 200;
/** Longest source credit accepted, in characters: it is shown in every citation. */
export const MAX_SOURCE_CHARS = 100;
/** Files read at once while loading a folder. */
const READ_CONCURRENCY = 32;
/** File name endings read as articles. */
export const ARTICLE_EXTENSIONS: readonly string[] = ['.md', '.markdown', '.txt'];

/**
 * What problems about the knowledge folder as a whole name instead of a file. Messages to Discord
 * never show a server path: files are named relative to the folder.
 */
export const KNOWLEDGE_FOLDER = 'the knowledge folder';

/** One article of the knowledge base. */
export interface Article {
  /** Stable, readable id from the file name: `india-morocco-defence-mou`. */
  readonly slug: string;
  readonly title: string;
  readonly source?: string;
  /** A normalised http or https address (see `checkUrl`). */
  readonly url?: string;
  /** ISO date, `YYYY-MM-DD`. */
  readonly date?: string;
  /** File name inside the knowledge folder. */
  readonly file: string;
  /** Short hash of the file's bytes: what refresh compares to tell a changed article. */
  readonly hash: string;
  /** Paragraph texts, in order; paragraph `n` is `paragraphs[n - 1]`. */
  readonly paragraphs: readonly string[];
}

/** An article file, parsed: the article, or every problem found in it. */
export type ParsedArticle = { readonly ok: true; readonly article: Article } | { readonly ok: false; readonly problems: FileProblem[] };

/** What is wrong with one file. */
export interface FileProblem {
  /** The file's name inside the knowledge folder, or {@link KNOWLEDGE_FOLDER}. */
  readonly file: string;
  readonly problem: string;
}

/**
 * Loading failed: every problem found, each naming its file. The message (for logs and the
 * terminal) also names the folder when it is known; `problems` (what Discord is shown) do not.
 */
export class ArticleError extends Error {
  constructor(readonly problems: readonly FileProblem[], readonly folder?: string) {
    const where = folder === undefined ? 'knowledge' : `knowledge folder ${folder}`;
    super(`${where}: ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.map((p) => `${p.file}: ${p.problem}`).join('; ')}`);
    this.name = 'ArticleError';
  }
}

/** The articles of a folder, and the files in it that are not articles. */
export interface LoadedArticles {
  readonly articles: readonly Article[];
  /** Files skipped because of their name ending, e.g. `notes.pdf`. */
  readonly ignored: readonly string[];
  /** Broken or unreadable files left out (only when loading with `skipBroken`). */
  readonly skipped?: readonly FileProblem[];
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'is not a real calendar date');

/**
 * A text shown on one line (a title, a source): line breaks inside it become spaces, and what
 * YAML escapes can write (`"\u202e"`) is made plain as the body is.
 */
const lineOfText = (missing: string, max: number) => z.string({ error: (issue) => (issue.input === undefined ? missing : 'must be a text, not a list or a map') })
  .transform((value) => oneLine(plainText(value)))
  .pipe(z.string().min(1, missing).max(max, `is longer than ${max} characters`));

// Front matter is read with YAML's failsafe schema, so every value is the text as written:
// `title: 1984` is the title "1984", not a number.
const frontMatterSchema = z.object({
  title: lineOfText('is required (a non-empty text)', MAX_TITLE_CHARS),
  source: lineOfText('is empty', MAX_SOURCE_CHARS).optional(),
  url: z.string({ error: 'must be an http or https address' }).transform((value, ctx) => {
    const checked = checkUrl(value.trim());
    if (checked.ok) return checked.href;
    ctx.addIssue({ code: 'custom', message: checked.problem });
    return z.NEVER;
  }).optional(),
  date: isoDate.optional(),
});

/**
 * Text as a slug: lower case, ASCII letters and digits joined by hyphens ("India–Morocco MoU" →
 * "india-morocco-mou"). Empty when the text has no letters or digits.
 */
export function slugify(text: string): string {
  return foldCase(text).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** The slug for a file name, without its ending ("India–Morocco MoU.md" → "india-morocco-mou"). */
export function slugOf(fileName: string): string {
  return slugify(fileName.slice(0, fileName.length - path.extname(fileName).length));
}

/**
 * Parses one article file. Returns the article, or the problems found (never throws for bad
 * content). Markdown (`.md`, `.markdown`) needs front matter with a `title`; plain text takes
 * its first line as the title. Paragraphs are separated by blank lines; markdown headings are
 * not paragraphs.
 */
export function parseArticle(file: string, bytes: Uint8Array): ParsedArticle {
  const problem = (text: string): ParsedArticle => ({ ok: false, problems: [{ file, problem: text }] });
  if (bytes.length > MAX_ARTICLE_BYTES) return problem(`is ${bytes.length} bytes; the limit is ${MAX_ARTICLE_BYTES} bytes`);
  if (bytes.includes(0)) return problem('is a binary file, not text');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return problem('is not UTF-8 text');
  }
  text = plainText(text.replace(/\r\n?/g, '\n'));

  let meta: unknown;
  let body: string;
  if (path.extname(file).toLowerCase() === '.txt') {
    const lines = text.trimStart().split('\n');
    meta = { title: lines[0] ?? '' };
    body = lines.slice(1).join('\n');
  } else {
    const match = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text);
    if (!match) {
      return problem(text.startsWith('---') ? 'front matter is not closed by a line with ---' : 'has no front matter (start the file with ---, title: …, ---)');
    }
    try {
      // Warnings (an unknown tag, say) would go to the process's stderr; errors still throw.
      meta = parseYaml(match[1]!, { schema: 'failsafe', logLevel: 'error' }) ?? {};
    } catch (error) {
      // yaml counts lines from the start of the front matter; the file has the --- line first.
      const { message, linePos } = error as Error & { linePos?: Array<{ line: number; col: number }> };
      const reason = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      const where = linePos?.[0] ? ` (line ${linePos[0].line + 1}, column ${linePos[0].col})` : '';
      return problem(`front matter is not valid YAML${where}: ${reason}`);
    }
    if (typeof meta !== 'object' || Array.isArray(meta)) return problem('front matter must be a list of key: value lines');
    body = text.slice(match[0].length);
  }

  const parsed = frontMatterSchema.safeParse(meta);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => ({ file, problem: `front matter ${issue.path.join('.') || 'value'} ${issue.message}` })) };
  }
  const paragraphs = body
    .split(/\n[ \t]*\n/)
    .map((block) => block.split('\n').map((line) => line.trim()).join(' ').trim())
    .filter((block) => block.length > 0 && !/^#{1,6}\s/.test(block));
  if (paragraphs.length === 0) return problem('has an empty body (no paragraphs after the title)');

  const slug = slugOf(path.basename(file));
  if (!slug) return problem('has a file name without letters or digits, so it has no id');
  const { title, source, url, date } = parsed.data;
  const article: Article = {
    slug,
    title,
    ...(source !== undefined && { source }),
    ...(url !== undefined && { url }),
    ...(date !== undefined && { date }),
    file,
    hash: contentHash(bytes),
    paragraphs,
  };
  return { ok: true, article };
}

/** The short hash of a file's bytes that {@link Article.hash} holds: the first 16 hex digits of their SHA-256. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

/** Why a file could not be read, without its path (what a moderator sees must not show one). */
function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  if (code === 'EACCES' || code === 'EPERM') return `cannot be read: permission denied (${code}); let the bot's user read it`;
  if (code === 'ENOENT') return 'disappeared while the folder was read, or is a link to a missing file (ENOENT)';
  if (code === 'ELOOP') return 'is a link that loops back on itself (ELOOP)';
  return `cannot be read (${code})`;
}

/** Whether `target` is inside the folder `root` (both real paths). */
function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative !== '' && relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative);
}

/**
 * Reads and parses one entry of the knowledge folder. A link is followed when it leads to a
 * file inside the folder (as mounted configuration and some sync tools arrange files); one
 * leading outside could show any file the bot can read, so it is refused. A file that cannot
 * be read is that file's problem, never the folder's.
 */
async function readArticle(dir: string, realDir: string, entry: Dirent): Promise<ParsedArticle> {
  const file = entry.name;
  const full = path.join(dir, file);
  const problem = (text: string): ParsedArticle => ({ ok: false, problems: [{ file, problem: text }] });
  try {
    if (entry.isSymbolicLink() && !isInside(realDir, await realpath(full))) {
      return problem(`is a link to a file outside ${KNOWLEDGE_FOLDER}, which is not followed; copy the file into the folder instead`);
    }
    const info = await stat(full);
    if (!info.isFile()) return problem('is a link to something that is not a file');
    if (info.size > MAX_ARTICLE_BYTES) return problem(`is ${info.size} bytes; the limit is ${MAX_ARTICLE_BYTES} bytes`);
    return parseArticle(file, await readFile(full));
  } catch (error) {
    return problem(unreadable(error));
  }
}

/** The folder's entries, or the problem with the folder itself. */
async function listFolder(dir: string): Promise<{ entries: Dirent[]; realDir: string }> {
  try {
    return { entries: await readdir(dir, { withFileTypes: true }), realDir: await realpath(dir) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is a file, not a folder' : unreadable(error);
    throw new ArticleError([{ file: KNOWLEDGE_FOLDER, problem }], dir);
  }
}

/**
 * Reads every article in `dir` (not its subfolders; names starting with "." are skipped; links
 * are followed inside the folder only). Throws a {@link ArticleError} listing every problem
 * when any file is broken or cannot be read, when two files have the same slug, or when there is
 * no article at all; otherwise returns the articles sorted by slug. With `skipBroken`, broken
 * files are left out and listed in `skipped` instead, as long as one article loads: a bot that
 * restarts should not stay down for one bad file.
 */
export async function loadArticles(dir: string, options: { skipBroken?: boolean } = {}): Promise<LoadedArticles> {
  const { entries, realDir } = await listFolder(dir);
  const listed = entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && !entry.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const isArticle = (entry: Dirent) => ARTICLE_EXTENSIONS.includes(path.extname(entry.name).toLowerCase());
  const ignored = listed.filter((entry) => !isArticle(entry)).map((entry) => entry.name);
  const files = listed.filter(isArticle);
  const problems: FileProblem[] = [];
  const articles: Article[] = [];
  // A few files read at a time, parsed in slices: a folder of 15,000 articles must not hold up
  // the event loop of a bot that is refreshing while it serves.
  const slicer = new Slicer();
  for (let i = 0; i < files.length; i += READ_CONCURRENCY) {
    const batch = files.slice(i, i + READ_CONCURRENCY);
    for (const result of await Promise.all(batch.map((entry) => readArticle(dir, realDir, entry)))) {
      if (result.ok) articles.push(result.article);
      else problems.push(...result.problems);
      await slicer.maybePause();
    }
  }
  await pause();
  articles.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  const unique: Article[] = [];
  for (const article of articles) {
    const previous = unique.at(-1);
    if (previous?.slug === article.slug) {
      problems.push({ file: article.file, problem: `has the same id "${article.slug}" as ${previous.file}; rename one of them` });
    } else {
      unique.push(article);
    }
  }
  problems.sort((a, b) => a.file.localeCompare(b.file));
  if (problems.length > 0 && options.skipBroken && unique.length > 0) return { articles: unique, ignored, skipped: problems };
  if (problems.length === 0 && unique.length === 0) problems.push({ file: KNOWLEDGE_FOLDER, problem: `has no articles (${ARTICLE_EXTENSIONS.join(', ')} files)` });
  if (problems.length > 0) throw new ArticleError(problems, dir);
  return { articles: unique, ignored };
}
