import { describe, expect, test } from 'vitest';
import { americanSpelling, baseForm, isStopWordOrTypo, termOf, termsOf, tokenize } from '../../src/core/language/text.js';

describe('tokenize', () => {
  test('lower-cases, removes diacritics and possessives, and keeps positions', () => {
    const text = 'Morocco’s Amazônia';
    expect(tokenize(text)).toEqual([
      { word: 'morocco', start: 0, end: 9 },
      { word: 'amazonia', start: 10, end: 18 },
    ]);
  });

  test('keeps a combining mark with its word: an accent typed apart from its letter, the vowel signs of Indic scripts', () => {
    expect(tokenize('Quin\u0303ones met Jose\u0301').map((t) => t.word)).toEqual(['quinones', 'met', 'jose']);
    expect(tokenize('भारत और मोरक्को')).toHaveLength(3);
    expect(termsOf('Quin\u0303ones').map((t) => t.term)).toEqual(termsOf('Quiñones').map((t) => t.term));
  });

  test('keeps numbers with separators as one word, without digit group commas', () => {
    expect(tokenize('7,000,000 people and 3.5 km').map((t) => t.word)).toEqual(['7000000', 'people', 'and', '3.5', 'km']);
  });
});

describe('americanSpelling', () => {
  test.each([
    ['modernise', 'modernize'],
    ['organisation', 'organization'],
    ['analysed', 'analyzed'],
    ['neighbour', 'neighbor'],
    ['colours', 'colors'],
    ['defence', 'defense'],
    ['licence', 'license'],
    ['centre', 'center'],
    ['metres', 'meters'],
    ['catalogue', 'catalog'],
    ['programme', 'program'],
    ['judgement', 'judgment'],
    ['archaeology', 'archeology'],
  ])('%s → %s', (british, american) => {
    expect(americanSpelling(british)).toBe(american);
  });

  test.each(['four', 'hour', 'rise', 'genre', 'acre'])('leaves short or unrelated words alone: %s', (word) => {
    expect(americanSpelling(word)).toBe(word);
  });
});

describe('termOf', () => {
  test('gives British and American spellings the same term', () => {
    expect(termOf('defence')).toBe(termOf('defense'));
    expect(termOf('modernising')).toBe(termOf('modernizing'));
  });

  test('maps irregular forms to their base before stemming', () => {
    expect(baseForm('led')).toBe('lead');
    expect(termOf('led')).toBe(termOf('leads'));
    expect(termOf('brought')).toBe(termOf('bring'));
    expect(termOf('died')).toBe(termOf('die'));
    expect(termOf('children')).toBe(termOf('child'));
  });

  test('does not read a word ending in "ss" as a plural ("discuss" is not "discus")', () => {
    expect(termOf('discuss')).toBe(termOf('discussed'));
    expect(termOf('discuss')).toBe(termOf('discussions'));
    expect(termOf('boss')).toBe(termOf('bosses'));
    expect(termOf('passes')).toBe(termOf('pass'));
  });

  test('drops stop words and keeps numbers as written', () => {
    expect(termOf('the')).toBeNull();
    expect(termOf('what')).toBeNull();
    expect(termOf('2015')).toBe('2015');
    // Irregular forms of stop words are stop words too.
    expect(termOf('told')).toBeNull();
    expect(termOf('known')).toBeNull();
    expect(termOf('taken')).toBeNull();
    // A regular form of a stop word may be another word.
    expect(termOf('wells')).not.toBeNull();
    expect(termOf('cans')).not.toBeNull();
  });
});

describe('termsOf', () => {
  test('adds the joined form of a hyphenated compound', () => {
    const terms = termsOf('counter-terrorism').map((t) => t.term);
    expect(terms).toContain(termOf('counterterrorism'));
    expect(terms).toContain(termOf('terrorism'));
  });

  test('gives offsets that slice the original word out of the text', () => {
    const text = 'The MoU, signed in Rabat.';
    for (const { start, end } of termsOf(text)) expect(text.slice(start, end)).toMatch(/^[\p{L}\p{N}-]+$/u);
  });
});

describe('isStopWordOrTypo', () => {
  test.each(['which', 'wich', 'teh', 'wat'])('treats %s as a function word', (word) => {
    expect(isStopWordOrTypo(word)).toBe(true);
  });

  test.each(['morocco', 'rabat', 'cyber'])('does not treat the content word %s as one', (word) => {
    expect(isStopWordOrTypo(word)).toBe(false);
  });
});
