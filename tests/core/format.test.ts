import { describe, expect, test } from 'vitest';
import { escapeMarkdown, formatAnswer, formatMore, formatParagraphs, formatSourceLine, formatSources, quotedParagraphs } from '../../src/core/present/format.js';
import type { Answer, Citation } from '../../src/core/answering/results.js';
import type { Reading } from '../../src/core/answering/follow-up.js';

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

describe('formatSourceLine', () => {
  test('shows the title as a masked link without preview on Discord, then source, date and the paragraphs cited', () => {
    const article = { n: 1, slug: 'talks', title: 'Talks in *Rabat*', source: 'Agencies', date: '2025-06-01', url: 'https://example.com/talks', paragraphs: [2, 5] };
    expect(formatSourceLine(article, 'discord')).toBe('[1] [Talks in \\*Rabat\\*](<https://example.com/talks>) · Agencies · 2025-06-01 · ¶ 2, 5');
    expect(formatSourceLine(article, 'terminal')).toBe('[1] Talks in *Rabat* · Agencies · 2025-06-01 · ¶ 2, 5 · https://example.com/talks');
  });

  test('writes the title alone without a link, and never lets a link break out of its brackets', () => {
    expect(formatSourceLine({ n: 2, slug: 'a', title: 'A [title]', paragraphs: [1] }, 'discord')).toBe('[2] A \\[title\\] · ¶ 1');
    expect(formatSourceLine({ n: 1, slug: 'a', title: 'A', url: 'https://example.com/a>(b) c', paragraphs: [1] }, 'discord'))
      .toBe('[1] [A](<https://example.com/a%3E%28b%29%20c>) · ¶ 1');
  });
});

describe('formatAnswer', () => {
  test('sets the best snippet apart, lists the others, and groups sources by article', () => {
    expect(formatAnswer(answer, { style: 'discord' })).toBe([
      '> First sentence with a\\_b. [1]',
      '',
      '- Second sentence. [1]',
      '- Third sentence, same paragraph as the first. [1]',
      '',
      '**Sources**',
      '[1] [Talks in \\*Rabat\\*](<https://example.com/talks>) · Agencies · 2025-06-01 · ¶ 2, 5',
    ].join('\n'));
    expect(formatAnswer(answer, { style: 'terminal' })).toBe([
      '“First sentence with a_b.” [1]',
      '',
      '  • “Second sentence.” [1]',
      '  • “Third sentence, same paragraph as the first.” [1]',
      '',
      'Sources',
      '[1] Talks in *Rabat* · Agencies · 2025-06-01 · ¶ 2, 5 · https://example.com/talks',
    ].join('\n'));
  });

  test('numbers articles in the order the snippets first cite them', () => {
    const other: Citation = { n: 3, passageId: 'port#1', slug: 'port', title: 'Port opens', paragraph: 1 };
    const text = formatAnswer({ ...answer, snippets: [{ text: 'Port news.', citation: 3 }, ...answer.snippets], citations: [...answer.citations, other] }, { style: 'terminal' });
    expect(text).toContain('“Port news.” [1]\n\n  • “First sentence with a_b.” [2]');
    expect(text).toMatch(/\nSources\n\[1\] Port opens · ¶ 1\n\[2\] Talks in \*Rabat\* · /);
  });

  test('says first what a follow-up carried from the question before it', () => {
    const reading: Reading = { question: 'and when?', searched: 'when? MoU Morocco signed', carried: { names: ['MoU', 'Morocco'], words: ['signed'] }, subject: { names: [], words: [] } };
    expect(formatAnswer({ ...answer, reading }, { style: 'discord' })).toMatch(/^-# Read with your previous question: MoU, Morocco, signed\n\n> First/);
    expect(formatAnswer({ ...answer, reading }, { style: 'terminal' })).toMatch(/^\(Read with your previous question: MoU, Morocco, signed\)\n\n“First/);
  });

  test('drops snippets from the end to fit, with the sources only they used', () => {
    const full = formatAnswer(answer, { style: 'discord' });
    const fitted = formatAnswer(answer, { style: 'discord', maxChars: full.length - 60 });
    expect(fitted.length).toBeLessThanOrEqual(full.length - 60);
    expect(fitted).not.toContain('Third sentence');
    const oneSnippet = formatAnswer(answer, { style: 'discord', maxChars: 150 });
    expect(oneSnippet).toContain('First sentence');
    expect(oneSnippet).not.toContain('Second');
    expect(oneSnippet).toMatch(/ · ¶ 2$/);
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
  test('shows when it was loaded as a Discord timestamp on Discord', () => {
    const text = formatSources([], { hash: 'abc123def456', loadedAt: new Date('2026-01-02T03:04:05Z'), articles: 0, passages: 0 }, { style: 'discord' });
    expect(text).toBe('**Knowledge base** version abc123def456, loaded <t:1767323045:f>: 0 articles, 0 passages.\n');
  });

  test('lists articles after the version, and says how many more did not fit', () => {
    const sources = Array.from({ length: 50 }, (_, i) => ({ slug: `a${i}`, title: `Article ${i}`, passages: i + 1 }));
    const text = formatSources(sources, { hash: 'abc123def456', loadedAt: new Date('2026-01-02T03:04:05Z'), articles: 50, passages: 1275 }, { style: 'terminal', maxChars: 400 });
    expect(text.startsWith('Knowledge base version abc123def456, loaded 2026-01-02 03:04 UTC: 50 articles, 1275 passages.')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(400);
    expect(text).toMatch(/… and \d+ more\.$/);
  });
});

describe('formatParagraphs', () => {
  const citation = { n: 1, title: 'Talks in Rabat', paragraph: 2, url: 'https://example.com/talks' };
  const paragraph = 'The ministers met on Monday. They signed the *agreement* in Rabat. It covers training.';

  test('shows each paragraph in full under its title, with the quoted sentences marked', () => {
    const shown = quotedParagraphs([citation], [{ text: 'They signed the *agreement* in Rabat.', citation: 1 }], [paragraph]);
    expect(formatParagraphs(shown, { style: 'discord' })).toBe([
      '**[Talks in Rabat](<https://example.com/talks>)** · ¶ 2',
      '> The ministers met on Monday. **They signed the \\*agreement\\* in Rabat.** It covers training.',
    ].join('\n'));
    expect(formatParagraphs(shown, { style: 'terminal' })).toBe('Talks in Rabat · ¶ 2\n  The ministers met on Monday. »They signed the *agreement* in Rabat.« It covers training.');
  });

  test('finds a clipped quote, and says when a paragraph is gone', () => {
    const shown = quotedParagraphs([citation, { ...citation, n: 2, paragraph: 7 }], [{ text: '…signed the *agreement*…', citation: 1 }], [paragraph, undefined]);
    const text = formatParagraphs(shown, { style: 'terminal' });
    expect(text).toContain('They »signed the *agreement*« in Rabat.');
    expect(text).toContain('Talks in Rabat · ¶ 7\nThis paragraph is no longer in the knowledge base');
  });

  test('clips long paragraphs around what was quoted to fit', () => {
    const long = `${'Background words here. '.repeat(200)}The quoted sentence is this one. ${'More words after. '.repeat(200)}`;
    const shown = quotedParagraphs([citation, { ...citation, n: 2 }], [{ text: 'The quoted sentence is this one.', citation: 1 }, { text: 'The quoted sentence is this one.', citation: 2 }], [long, long]);
    const text = formatParagraphs(shown, { style: 'discord', maxChars: 2000 });
    expect(text.length).toBeLessThanOrEqual(2000);
    expect(text.match(/\*\*The quoted sentence is this one\.\*\*/g)).toHaveLength(2);
  });
});

describe('formatMore', () => {
  test('lists the passages under their own heading, or says there is nothing more', () => {
    const results = { kind: 'search', query: 'q', hits: [{ text: 'Another passage.', citation: 1 }], citations: [citation(1, 4)] } as const;
    expect(formatMore(results, { style: 'terminal' })).toBe('More from the articles\n\n1. Another passage. [1]\n\nSources\n[1] Talks in *Rabat* · Agencies · 2025-06-01 · ¶ 4 · https://example.com/talks');
    expect(formatMore({ ...results, hits: [], citations: [] }, { style: 'discord' })).toBe('The articles hold nothing more on this question than the answer quotes.');
  });
});
