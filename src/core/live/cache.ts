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
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { Article } from '../articles/index.js';
import type { PassageAnalysis } from '../language/index.js';
import { ENGINE_VERSION } from '../search/index.js';
import { Slicer } from '../slicer.js';
import { MEANING_DIMENSIONS } from '../language/index.js';

const FORMAT = 'mou-bot-index-cache';

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
  url: z.string().optional(),
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
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
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
  }
}

/**
 * Reads a cache written by {@link writeIndexCache}. Throws {@link CacheError} when the file is
 * missing, of another engine version, truncated or corrupt; never returns partial content.
 */
export async function readIndexCache(file: string): Promise<IndexCache> {
  const fail = (reason: string): never => {
    throw new CacheError(file, reason);
  };
  const input = createReadStream(file, { encoding: 'utf8' });
  const opened = once(input, 'open').catch((error: NodeJS.ErrnoException) => fail(error.code === 'ENOENT' ? 'does not exist' : `cannot be read (${error.code ?? 'error'})`));
  await opened;
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
