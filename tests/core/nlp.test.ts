import { describe, expect, test } from 'vitest';
import { analyzePassage, namesUnit, partsOfSpeech, questionFocus, SpanKind } from '../../src/core/language/nlp.js';

function sentencesOf(text: string): string[] {
  const { sentences } = analyzePassage(text);
  const out: string[] = [];
  for (let i = 0; i < sentences.length; i += 2) out.push(text.slice(sentences[i], sentences[i + 1]));
  return out;
}

describe('analyzePassage', () => {
  test('does not split at abbreviations, initials or decimals', () => {
    expect(sentencesOf('Mr. J. R. R. Tolkien lived in the U.S. for 3.5 years. Then he left.')).toEqual([
      'Mr. J. R. R. Tolkien lived in the U.S. for 3.5 years.',
      'Then he left.',
    ]);
  });

  test('keeps a quotation that holds a full stop in one sentence', () => {
    expect(sentencesOf('He said "It is fine. Really." Then he left.')).toEqual([
      'He said "It is fine. Really."',
      'Then he left.',
    ]);
  });

  test('gives sentences that are verbatim slices of the text, em dashes and curly quotes included', () => {
    const text = 'India’s minister visited Rabat—the first such visit. Morocco’s minister signed it.';
    expect(sentencesOf(text)).toEqual(['India’s minister visited Rabat—the first such visit.', 'Morocco’s minister signed it.']);
  });

  test('finds dates, numbers and names', () => {
    const text = 'King Mohammed VI met Narendra Modi in 2015 and signed 3 agreements.';
    const { spans } = analyzePassage(text);
    const found: Array<[number, string]> = [];
    for (let i = 0; i < spans.length; i += 3) found.push([spans[i]!, text.slice(spans[i + 1], spans[i + 2])]);
    expect(found).toContainEqual([SpanKind.Date, '2015']);
    expect(found).toContainEqual([SpanKind.Number, '3']);
    expect(found).toContainEqual([SpanKind.Name, 'Narendra Modi']);
  });
});

describe('questionFocus', () => {
  test.each([
    [['who', 'signed'], [SpanKind.Name]],
    [['when', 'did', 'they', 'meet'], [SpanKind.Date, SpanKind.Time]],
    [['how', 'many', 'soldiers'], [SpanKind.Number]],
    [['how', 'many', 'dollars'], [SpanKind.Money, SpanKind.Number]],
    [['how', 'much', 'did', 'it', 'cost'], [SpanKind.Number, SpanKind.Money, SpanKind.Percent]],
    [['what', 'does', 'it', 'cover'], []],
    [['what', 'is', 'the', 'name', 'of', 'the', 'stadium'], [SpanKind.Name]],
    [['morocco', 'defence', 'minister', 'name'], [SpanKind.Name]],
    [['when', 'was', 'the', 'city', 'given', 'its', 'name'], [SpanKind.Date, SpanKind.Time]],
    [['what', 'name', 'did', 'the', 'club', 'take'], [SpanKind.Name]],
    [['how', 'did', 'the', 'city', 'get', 'its', 'name'], []],
    [['why', 'was', 'the', 'name', 'changed'], []],
    [['what', 'is', 'another', 'name', 'for', 'the', 'west', 'side'], [SpanKind.Name]],
    [['whos', 'morocco', 's', 'defence', 'minister'], [SpanKind.Name]],
    [['whens', 'the', 'next', 'meeting'], [SpanKind.Date, SpanKind.Time]],
    [['how', 'big', 'a', 'deal', 'is', 'the', 'visit'], []],
    [['how', 'big', 'is', 'the', 'ship'], [SpanKind.Number, SpanKind.Duration, SpanKind.Percent]],
    [['how', 'wide', 'ranging', 'were', 'the', 'talks'], []],
    [['how', 'wide', 'is', 'the', 'river'], [SpanKind.Number, SpanKind.Duration, SpanKind.Percent]],
    [['wat', 'year', 'was', 'it', 'signed'], [SpanKind.Date, SpanKind.Time]],
    [['wich', 'countries', 'signed', 'the', 'deal'], [SpanKind.Name]],
    [['whn', 'was', 'it', 'signed'], [SpanKind.Date, SpanKind.Time]],
    [['which', '2', 'countries', 'signed'], [SpanKind.Name]],
    [['what', 'other', 'city', 'did', 'he', 'visit'], [SpanKind.Name]],
    [['which', 'two', 'years'], [SpanKind.Date, SpanKind.Time]],
    [['what', 'is', 'the', 'price', 'of', 'a', 'ticket'], [SpanKind.Number, SpanKind.Money, SpanKind.Percent]],
    [['what', 'the', 'date', 'of', 'the', 'vote'], [SpanKind.Date, SpanKind.Time]],
    [['what', 'will', 'the', 'cost', 'be'], [SpanKind.Number, SpanKind.Money, SpanKind.Percent]],
    [['what', 'was', 'the', 'city', 'known', 'for'], []],
    [['senegal', 'port', 'cost'], [SpanKind.Number, SpanKind.Money, SpanKind.Percent]],
    [['strike', 'date'], [SpanKind.Date, SpanKind.Time]],
    [['cost', 'of', 'the', 'port'], []],
    [['how', 'did', 'they', 'cut', 'the', 'cost'], []],
    [['how', 'strong', 'was', 'the', 'quake'], [SpanKind.Number, SpanKind.Duration, SpanKind.Percent]],
    [['how', 'close', 'did', 'the', 'probe', 'get'], [SpanKind.Number, SpanKind.Duration, SpanKind.Percent]],
    [['how', 'soon', 'are', 'farmers', 'paid'], [SpanKind.Duration, SpanKind.Number, SpanKind.Date]],
    [['whats', 'the', 'commission', 'on', 'rides'], [SpanKind.Number, SpanKind.Money, SpanKind.Percent]],
    [['what', 'was', 'the', 'turnout'], [SpanKind.Number, SpanKind.Money, SpanKind.Percent]],
    [['what', 'was', 'the', 'indian', 'pm', 'name', 'in', '2015'], [SpanKind.Name]],
    [['what', 'the', 'pm', 'name', 'now'], [SpanKind.Name]],
    [['what', 'was', 'the', 'name', 'change', 'about'], []],
    [['whats', 'the', 'pm', 'name', 'now'], [SpanKind.Name]],
    [['what', 'is', 'the', 'origin', 'of', 'the', 'name', 'in', 'arabic'], []],
  ])('%j wants %j', (words, kinds) => {
    expect(questionFocus(words).kinds).toEqual(kinds);
  });

  test('marks the noun that names the answer type so it is not searched for', () => {
    expect(questionFocus(['what', 'year', 'did', 'tesla', 'die'])).toEqual({ kinds: [SpanKind.Date, SpanKind.Time], typeWord: 'year' });
    expect(questionFocus(['what', 'kind', 'of', 'training'])).toEqual({ kinds: [], typeWord: 'kind' });
    expect(questionFocus(['what', 'is', 'the', 'name', 'of', 'the', 'stadium'])).toEqual({ kinds: [SpanKind.Name], typeWord: 'name' });
    expect(questionFocus(['name', 'one', 'of', 'the', 'causes'])).toEqual({ kinds: [], typeWord: 'name' });
    expect(questionFocus(['what', 'does', 'mou', 'stand', 'for', 'pls'])).toEqual({ kinds: [], typeWord: 'stand' });
    expect(questionFocus(['whats', 'ptwu', 'short', 'for'])).toEqual({ kinds: [], typeWord: 'short' });
    expect(questionFocus(['what', 'does', 'ctenophore', 'mean', 'in', 'greek'])).toEqual({ kinds: [], typeWord: 'mean' });
    expect(questionFocus(['what', 'does', 'this', 'mean', 'for', 'morocco'])).toEqual({ kinds: [] });
  });

  test.each([
    [['what', 'date', 'was', 'the', 'mou', 'signed'], true],
    [['rabat', 'visit', 'date'], true],
    [['which', 'year', 'did', 'they', 'meet'], true],
    [['how', 'many', 'days', 'was', 'rajnath', 'in', 'morocco'], true],
    [['for', 'how', 'many', 'years', 'did', 'he', 'work'], true],
    [['when', 'was', 'the', 'mou', 'signed'], false],
    [['the', 'pleistocene', 'takes', 'place', 'during', 'which', 'period'], false],
    [['how', 'many', 'times', 'did', 'they', 'win'], false],
    [['how', 'many', 'countries', 'signed'], false],
  ])('%j names the unit of its answer: %j', (words, named) => {
    expect(namesUnit(words, questionFocus(words))).toBe(named);
  });

  test('names the kind of thing a name is wanted of', () => {
    expect(questionFocus(['in', 'which', 'city', 'was', 'it', 'signed'])).toEqual({ kinds: [SpanKind.Name], category: 'city' });
    expect(questionFocus(['who', 'signed'])).toEqual({ kinds: [SpanKind.Name], asks: 'someone' });
    expect(questionFocus(['where', 'was', 'it', 'signed'])).toEqual({ kinds: [SpanKind.Name], asks: 'somewhere' });
    expect(questionFocus(['which', '2', 'countries', 'signed'])).toEqual({ kinds: [SpanKind.Name], category: 'country' });
    expect(questionFocus(['which', 'towns', 'flooded'])).toEqual({ kinds: [SpanKind.Name], category: 'town' });
  });
});

describe('partsOfSpeech', () => {
  test('tags words as written, British spellings included', () => {
    const parts = partsOfSpeech('Who is the defence minister of Morocco?');
    expect(parts.get('defence')).toBe('NOUN');
    expect(parts.get('minister')).toBe('NOUN');
    expect(parts.get('morocco')).toBe('PROPN');
  });
});
