import { describe, expect, test } from 'vitest';
import type { Answer } from '../../src/core/answering/results.js';
import { formatAnswer, formatSummary } from '../../src/core/present/format.js';
import { discordText } from '../../src/core/present/safe-text.js';
import { ANSWER_LINE_START, quotedLayout } from '../helpers.js';

describe('discordText', () => {
  test.each([
    ['# Breaking: a heading', '\\# Breaking: a heading'],
    ['### Smaller heading', '\\### Smaller heading'],
    ['-# subtext', '\\-# subtext'],
    ['- a list item', '\\- a list item'],
    ['+ a list item', '\\+ a list item'],
    ['1. a numbered item', '1\\. a numbered item'],
    ['> a quote', '\\> a quote'],
    ['#hashtag and 2025. plain', '#hashtag and 2025. plain'],
    ['-5 degrees, 3.5 million', '-5 degrees, 3.5 million'],
    ['1.', '1\\.'],
    ['#', '\\#'],
  ])('escapes what would start a heading, list or quote: %j', (text, shown) => {
    expect(discordText(text)).toBe(shown);
  });

  test('escapes inline markdown, masked links and mention syntax', () => {
    expect(discordText('[Official statement](https://evil.example) <@&123> ||spoiler|| **bold**'))
      .toBe('\\[Official statement\\](https://evil.example) \\<@&123\\> \\|\\|spoiler\\|\\| \\*\\*bold\\*\\*');
  });

  test('shows line breaks and control characters as symbols, so a name cannot start a new line', () => {
    expect(discordText('bad\n# heading.md')).toBe('bad␊# heading.md');
    expect(discordText('a\rb\tc\u2028d')).toBe('a␍b␉c\ufffdd');
  });

  test('removes bidirectional overrides', () => {
    expect(discordText('report\u202efdp.exe')).toBe('reportfdp.exe');
  });
});

describe('quoted article text in answers and summaries', () => {
  const answer: Answer = {
    kind: 'answer',
    question: 'q',
    confidence: 0.9,
    snippets: [{ text: '# Breaking: the cranes stopped.', citation: 1 }, { text: '- 12 cranes were built.', citation: 1 }],
    citations: [{ n: 1, passageId: 'port#1', slug: 'port', title: '1. Port news', paragraph: 1 }],
  };

  test('never renders as a heading or list, in a quote or on its own line', () => {
    const reply = formatAnswer(answer, { style: 'discord' });
    const summary = formatSummary({ kind: 'summary', title: 'Port', snippets: answer.snippets, citations: answer.citations }, { style: 'discord' });
    expect(quotedLayout(reply, ANSWER_LINE_START)).toEqual([]);
    expect(quotedLayout(summary)).toEqual([]);
    expect(reply.split('\n')).toEqual(expect.arrayContaining(['> \\# Breaking: the cranes stopped. [1]', '- \\- 12 cranes were built. [1]']));
    expect(summary.split('\n')).toEqual(expect.arrayContaining(['\\# Breaking: the cranes stopped. [1]', '\\- 12 cranes were built. [1]']));
  });
});
