import { describe, expect, test } from 'vitest';
import { escapeMarkdown, formatAnswer, formatCitation, formatSources } from '../../src/core/present/format.js';
import type { Answer, Citation } from '../../src/core/answering/results.js';

const citation = (n: number, paragraph: number): Citation => ({
  n,
  passageId: `talks#${paragraph}`,
  slug: 'talks',
  title: 'Talks in *Rabat*',
  paragraph,
  date: '2025-06-01',
  url: 'https://example.com/talks',
  source: 'Agencies',
});

const answer: Answer = {
  kind: 'answer',
  question: 'q',
  confidence: 0.9,
  snippets: [
    { text: 'First sentence with a_b.', citation: 1 },
    { text: 'Second sentence.', citation: 2 },
    { text: 'Third sentence, same paragraph as the first.', citation: 1 },
  ],
  citations: [citation(1, 2), citation(2, 5)],
};

describe('formatCitation', () => {
  test('shows title, paragraph, source, date, and a link without preview on Discord', () => {
    expect(formatCitation(citation(1, 2), 'discord')).toBe('[1] Talks in \\*Rabat\\*, paragraph 2 · Agencies · 2025-06-01 · <https://example.com/talks>');
    expect(formatCitation(citation(1, 2), 'terminal')).toBe('[1] Talks in *Rabat*, paragraph 2 · Agencies · 2025-06-01 · https://example.com/talks');
  });
});

describe('formatAnswer', () => {
  test('quotes each snippet with its citation number, then the sources', () => {
    expect(formatAnswer(answer, { style: 'discord' })).toBe([
      '> First sentence with a\\_b. [1]',
      '> Second sentence. [2]',
      '> Third sentence, same paragraph as the first. [1]',
      '',
      '**Sources**',
      '[1] Talks in \\*Rabat\\*, paragraph 2 · Agencies · 2025-06-01 · <https://example.com/talks>',
      '[2] Talks in \\*Rabat\\*, paragraph 5 · Agencies · 2025-06-01 · <https://example.com/talks>',
    ].join('\n'));
  });

  test('drops snippets from the end to fit, with the sources only they used', () => {
    const full = formatAnswer(answer, { style: 'discord' });
    const fitted = formatAnswer(answer, { style: 'discord', maxChars: full.length - 60 });
    expect(fitted.length).toBeLessThanOrEqual(full.length - 60);
    expect(fitted).not.toContain('Third sentence');
    const oneSnippet = formatAnswer(answer, { style: 'discord', maxChars: 200 });
    expect(oneSnippet).toContain('First sentence');
    expect(oneSnippet).not.toContain('[2]');
  });

  test('says why there is no answer, naming the closest articles', () => {
    const text = formatAnswer({ kind: 'no-answer', question: 'q', message: 'I could not find a confident answer in the articles.', closestTitles: ['A', 'B'], unknownWords: [], confidence: 0.1 }, { style: 'terminal' });
    expect(text).toBe('I could not find a confident answer in the articles.\nThe closest articles are: A; B.\nTry other words, or /mou search for a topic.');
  });
});

describe('escapeMarkdown', () => {
  test('escapes the characters Discord reads as formatting', () => {
    expect(escapeMarkdown('a*b_c~d`e|f<g>[h]\\')).toBe('a\\*b\\_c\\~d\\`e\\|f\\<g\\>\\[h\\]\\\\');
  });
});

describe('formatSources', () => {
  test('lists articles after the version, and says how many more did not fit', () => {
    const sources = Array.from({ length: 50 }, (_, i) => ({ slug: `a${i}`, title: `Article ${i}`, passages: i + 1 }));
    const text = formatSources(sources, { hash: 'abc123def456', loadedAt: new Date('2026-01-02T03:04:05Z'), articles: 50, passages: 1275 }, { style: 'terminal', maxChars: 400 });
    expect(text.startsWith('Knowledge base version abc123def456, loaded 2026-01-02 03:04 UTC: 50 articles, 1275 passages.')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(400);
    expect(text).toMatch(/… and \d+ more\.$/);
  });
});
