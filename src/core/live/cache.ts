/**
 * The index cache: what is slow to compute (each paragraph's sentences and entities) saved
 * next to the knowledge base, so that a restart only rebuilds the search index from it.
 *
 * The file is JSON Lines: a header (format, engine version, knowledge base hash), one line
 * per article, and a trailer with the article count and a SHA-256 of every line before it.
 * Lines are written and read a slice at a time, so saving or loading a large cache never
 * holds up the event loop for long. It is written to a temporary file, then renamed, so a
 * crash leaves the old cache or the new one, never half of one; a truncated or altered file
 * fails the trailer check and is rebuilt.
 */
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { constants, createWriteStream, readdirSync, rmSync, type Stats } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { type Article, checkUrl } from '../articles/index.js';
import type { PassageAnalysis } from '../language/index.js';
import { ENGINE_VERSION } from '../search/index.js';
import { Slicer } from '../runtime/index.js';
import { MEANING_DIMENSIONS } from '../language/index.js';

const FORMAT = 'mou-bot-index-cache';

/** How the temporary files of {@link writeIndexCache} end: `<cache>.<pid>-<writer>.<time>.tmp`. */
const TEMPORARY_SUFFIX = '.tmp';

/**
 * This writer's id in the names of its temporary files: random, made when this module loads (once
 * per process or worker thread), so that no two writers ever pick the same name, a process that
 * has the pid of an earlier one (pid 1 in a container, at every restart) included.
 */
const WRITER = randomBytes(4).toString('hex');

/** The temporary files being written here now (absolute paths): the only ones of this process that are not stale. */
const writing = new Set<string>();

/**
 * How long a temporary file of another running process may go unwritten before it counts as
 * left behind, in milliseconds: a save writes its file a slice at a time, so a file untouched
 * this long belongs to a process that stopped, whose pid another process now has. Anything well
 * above the longest save (seconds, a minute for a very large cache on a slow disk) makes sense;
 * default one hour.
 */
export const STALE_TEMPORARY_MS = 60 * 60 * 1000;

/** The cache cannot be used: missing, of another engine version, truncated or corrupt. */
export class CacheError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`index cache ${file}: ${reason}`);
    this.name = 'CacheError';
  }
}

/**
 * A cached article: its metadata and paragraphs, their sentence and entity analyses and index
 * terms (joined by spaces), and the article's words with their counts (for autocomplete).
 */
export interface CachedArticle {
  readonly article: Article;
  readonly analyses: readonly PassageAnalysis[];
  readonly terms: readonly string[];
  readonly words: ReadonlyMap<string, number>;
  /** Each paragraph's sentence meaning vectors, where they were computed. */
  readonly meanings?: ReadonlyArray<Int8Array | undefined>;
}

/** A cache's content: the knowledge base version it holds, and its articles by slug. */
export interface IndexCache {
  readonly hash: string;
  readonly articles: ReadonlyMap<string, CachedArticle>;
}

const headerSchema = z.object({ format: z.literal(FORMAT), engine: z.number(), hash: z.string() });
const trailerSchema = z.object({ end: z.literal(true), articles: z.number(), sha256: z.string() });
const numbers = z.array(z.number().int());
const articleSchema = z.object({
  slug: z.string(),
  title: z.string(),
  source: z.string().optional(),
  // Checked again: the file is on disk, where anyone with access can edit it.
  url: z.string().refine((url) => {
    const checked = checkUrl(url);
    return checked.ok && checked.href === url;
  }).optional(),
  date: z.string().optional(),
  file: z.string(),
  hash: z.string(),
  paragraphs: z.array(z.string()),
  analyses: z.array(z.tuple([numbers, numbers])),
  terms: z.array(z.string()),
  /** "word count word count …" */
  words: z.string(),
  /** Each paragraph's sentence meaning vectors as base64, or null. */
  meanings: z.array(z.string().nullable()).optional(),
});


/**
 * A paragraph's meaning vectors from their base64 text, when they are whole: one vector per
 * sentence. A paragraph whose vectors do not fit its sentences is encoded again.
 */
function meaningsOf(text: string | null, sentences: number): Int8Array | undefined {
  if (text === null) return undefined;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== sentences * MEANING_DIMENSIONS) return undefined;
  return new Int8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/**
 * Saves the analysed articles of a knowledge base version to `file`, atomically (temporary
 * file, then rename). Yields to the event loop between slices of lines.
 */
export async function writeIndexCache(file: string, hash: string, articles: Iterable<CachedArticle>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = path.resolve(`${file}.${process.pid}-${WRITER}.${Date.now()}${TEMPORARY_SUFFIX}`);
  writing.add(temporary);
  const out = createWriteStream(temporary, { encoding: 'utf8' });
  const checksum = createHash('sha256');
  const write = async (line: string) => {
    checksum.update(line);
    if (!out.write(line)) await once(out, 'drain');
  };
  try {
    await write(`${JSON.stringify({ format: FORMAT, engine: ENGINE_VERSION, hash })}\n`);
    let count = 0;
    const slicer = new Slicer();
    for (const { article, analyses, terms, words, meanings } of articles) {
      const { slug, title, source, url, date, file: name, hash: articleHash, paragraphs } = article;
      await write(`${JSON.stringify({
        slug, title, source, url, date, file: name, hash: articleHash, paragraphs,
        analyses: analyses.map((a) => [Array.from(a.sentences), Array.from(a.spans)]),
        terms,
        words: [...words].flat().join(' '),
        ...(meanings?.some((vectors) => vectors !== undefined) && { meanings: meanings.map((vectors) => (vectors ? Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength).toString('base64') : null)) }),
      })}\n`);
      count++;
      await slicer.maybePause();
    }
    out.end(`${JSON.stringify({ end: true, articles: count, sha256: checksum.digest('hex') })}\n`);
    await once(out, 'finish');
    await rename(temporary, file);
  } catch (error) {
    out.destroy();
    await rm(temporary, { force: true });
    throw error;
  } finally {
    writing.delete(temporary);
  }
}

/** What a file's type is called in a message, for a cache path that is not a regular file. */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Reads a cache written by {@link writeIndexCache}. Throws {@link CacheError} when the file is
 * missing, not a regular file (a directory, as a bind mount of a missing file makes, or a named
 * pipe, which would never end), of another engine version, truncated or corrupt; never returns
 * partial content.
 */
export async function readIndexCache(file: string): Promise<IndexCache> {
  const fail = (reason: string): never => {
    throw new CacheError(file, reason);
  };
  // Opened without waiting, so that a named pipe with no writer does not hold up the start.
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK)
    .catch((error: NodeJS.ErrnoException) => fail(error.code === 'ENOENT' ? 'does not exist' : `cannot be read (${error.code ?? 'error'})`));
  const stats = await handle.stat();
  if (!stats.isFile()) {
    await handle.close();
    fail(`is ${kindOf(stats)}, not a file; point INDEX_CACHE_PATH at a file (it need not exist yet)`);
  }
  const input = handle.createReadStream({ encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  const checksum = createHash('sha256');
  const articles = new Map<string, CachedArticle>();
  const slicer = new Slicer();
  let hash: string | undefined;
  let trailer: z.infer<typeof trailerSchema> | undefined;
  let count = 0;
  try {
    for await (const line of lines) {
      if (trailer) fail('has data after its end');
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        fail(`line ${count + 1} is not JSON`);
      }
      if (hash === undefined) {
        const header = headerSchema.safeParse(value);
        if (!header.success) fail('is not a mou-bot index cache');
        if (header.data!.engine !== ENGINE_VERSION) fail(`was written by engine version ${header.data!.engine}, not ${ENGINE_VERSION}`);
        hash = header.data!.hash;
      } else if (trailerSchema.safeParse(value).success) {
        trailer = trailerSchema.parse(value);
        if (trailer.sha256 !== checksum.digest('hex')) fail('is corrupt (checksum mismatch)');
        if (trailer.articles !== articles.size) fail('is corrupt (article count mismatch)');
        continue;
      } else {
        const parsed = articleSchema.safeParse(value);
        const valid = parsed.success && parsed.data.analyses.length === parsed.data.paragraphs.length && parsed.data.terms.length === parsed.data.paragraphs.length
          && (parsed.data.meanings === undefined || parsed.data.meanings.length === parsed.data.paragraphs.length);
        if (!valid) fail(`line ${count + 1} is not a valid article`);
        const { analyses, terms, words, meanings, source, url, date, ...rest } = parsed.data!;
        const article: Article = { ...rest, ...(source !== undefined && { source }), ...(url !== undefined && { url }), ...(date !== undefined && { date }) };
        const pairs = words ? words.split(' ') : [];
        const wordCounts = new Map<string, number>();
        for (let i = 0; i + 1 < pairs.length; i += 2) wordCounts.set(pairs[i]!, Number(pairs[i + 1]));
        articles.set(article.slug, {
          article,
          analyses: analyses.map(([sentences, spans]) => ({ sentences: Int32Array.from(sentences), spans: Int32Array.from(spans) })),
          terms,
          words: wordCounts,
          ...(meanings && { meanings: meanings.map((text, i) => meaningsOf(text, analyses[i]![0].length / 2)) }),
        });
      }
      checksum.update(`${line}\n`);
      count++;
      await slicer.maybePause();
    }
  } finally {
    lines.close();
    input.destroy();
  }
  if (hash === undefined) fail('is empty');
  if (!trailer) fail('is truncated (no end line)');
  return { hash: hash!, articles };
}

/** A temporary file beside the cache: its name, and the process that was writing it. */
interface TemporaryFile {
  readonly name: string;
  readonly pid: number;
}

/** The temporary files beside `file` (earlier versions' `<cache>.<pid>.<time>.tmp` too), with the process that was writing each. */
function temporaryFiles(names: readonly string[], file: string): TemporaryFile[] {
  const prefix = `${path.basename(file)}.`;
  return names.flatMap((name) => {
    if (!name.startsWith(prefix) || !name.endsWith(TEMPORARY_SUFFIX)) return [];
    const match = /^(\d+)(?:-[0-9a-f]+)?\.\d+$/.exec(name.slice(prefix.length, -TEMPORARY_SUFFIX.length));
    return match ? [{ name, pid: Number(match[1]) }] : [];
  });
}

/** Whether a process is running (one of another user counts: it cannot be signalled, but exists). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** When a file was last written, in milliseconds; `undefined` when it is gone. */
async function modifiedAt(file: string): Promise<number | undefined> {
  return stat(file).then((stats) => stats.mtimeMs, () => undefined);
}

/**
 * Whether a temporary file was left by a writer that stopped. Of this process, every file but
 * the ones being written here now: one process writes a cache file from one place, so any other
 * with its pid is an earlier process's (a container restarted with the same pid) or a stopped
 * worker thread's. Of another process: when that process is not running, or when the file has
 * not been written to for {@link STALE_TEMPORARY_MS} (the pid is another process's now). A file
 * another running process is writing (another shard saving) is never stale.
 */
async function isStale(folder: string, temporary: TemporaryFile, now: number): Promise<boolean> {
  const where = path.resolve(folder, temporary.name);
  if (temporary.pid === process.pid) return !writing.has(where);
  if (!isRunning(temporary.pid)) return true;
  const modified = await modifiedAt(where);
  return modified !== undefined && now - modified > STALE_TEMPORARY_MS;
}

/**
 * Removes the temporary files that writers which stopped left while writing the cache `file` (a
 * bot killed while saving, whatever pid it had). Files other running processes are writing
 * (other shards saving now) are kept, as is the one this process is writing. Returns the names
 * removed; a folder that cannot be listed removes nothing.
 */
export async function removeStaleTemporaryFiles(file: string): Promise<string[]> {
  const folder = path.dirname(file);
  const names = await readdir(folder).catch(() => []);
  const now = Date.now();
  const candidates = temporaryFiles(names, file);
  const staleness = await Promise.all(candidates.map((temporary) => isStale(folder, temporary, now)));
  const stale = candidates.filter((_, i) => staleness[i]);
  await Promise.all(stale.map(({ name }) => rm(path.join(folder, name), { force: true })));
  return stale.map(({ name }) => name);
}

/**
 * Removes this process's temporary files of the cache `file`, synchronously: for a process that
 * must exit now, in the middle of a save, without leaving a file as large as the cache behind.
 */
export function removeOwnTemporaryFiles(file: string): void {
  const folder = path.dirname(file);
  try {
    for (const { name, pid } of temporaryFiles(readdirSync(folder), file)) {
      if (pid === process.pid) rmSync(path.join(folder, name), { force: true });
    }
  } catch {
    // Nothing to clean where the folder cannot be read; the next start tries again.
  }
}
