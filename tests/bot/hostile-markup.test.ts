/**
 * Articles written to spoof the bot's replies, end to end: a phishing link in `url`, headings
 * and bidi overrides in the text, invisible line breaks, a file name that starts a new line.
 * The replies must show the articles as written and nothing else. One bot serves every test.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ANSWER_LINE_START, quotedLayout } from '../helpers.js';
import { bodyOf, deferredReply, startBot, stopAll, type Harness } from './harness.js';

let bot: Harness;
beforeAll(async () => {
  bot = await startBot();
});
afterAll(stopAll);


async function refresh(): Promise<string> {
  return deferredReply(bot.fake, bot.fake.slashCommand({ name: 'mou-admin', subcommand: 'refresh', user: 'moderator' }));
}

async function command(subcommand: string, options: Record<string, string>): Promise<string> {
  const sent = bot.fake.slashCommand({ name: 'mou', subcommand, options });
  return bodyOf(await bot.fake.waitForReply(sent)).data.content as string;
}


describe('a hostile url', () => {
  test('is refused by name at refresh, so no citation can carry a masked link', async () => {
    await bot.writeArticle('phishing.md', '---\ntitle: "Port statement"\nurl: "https://legit.example/>[Official port statement](https://evil.example)<"\n---\nThe port reopened on Monday.\n');
    try {
      const report = await refresh();
      expect(report).toMatch(/^\*\*Refresh failed\*\*/);
      expect(report).toContain('\n• phishing.md: front matter url must be a plain address, without spaces, invisible characters or the characters \\< \\> " \\\\');
      expect(report).not.toContain('evil.example');
    } finally {
      await rm(path.join(bot.knowledgeDir, 'phishing.md'));
    }
  });
});

describe('hostile text in an article', () => {
  beforeAll(async () => {
    await bot.writeArticle('port-news.md', [
      '---',
      'title: "Port news \\u202eOFFICIAL"',
      'source: "Harbour\\n# Gazette"',
      'url: https://news.example.com/ports/(2025)',
      '---',
      'The harbour of Tanjung handled two million containers a\u2028year. Cranes were\u2029not built before 2019.',
      '',
      'Talks with the port authority failed on Sunday. # Breaking: the dockers of Tanjung went on strike on Monday. - They asked for higher pay.',
      '',
    ].join('\n'));
    expect(await refresh()).toMatch(/^\*\*Refreshed\*\*/);
  });

  test('a sentence starting with "# " is quoted as text, never as a heading', async () => {
    const summary = await command('summary', { article: 'port-news' });
    expect(summary).toContain('\\# Breaking: the dockers of Tanjung went on strike on Monday.');
    expect(quotedLayout(summary)).toEqual([]);
  });

  test('invisible line breaks do not cut a quote: it is the sentence word for word', async () => {
    const answer = await command('ask', { question: 'How many containers did the harbour of Tanjung handle?' });
    expect(answer).toContain('> The harbour of Tanjung handled two million containers a year. Cranes were not built before 2019.');
    expect(answer).not.toMatch(/[\u2028\u2029]/);
  });

  test('titles and sources carry no bidi override and no line break; the link is the normalised address', async () => {
    const answer = await command('ask', { question: 'Why did the dockers of Tanjung strike?' });
    expect(answer).toContain('\n[1] [Port news OFFICIAL](<https://news.example.com/ports/%282025%29>) · Harbour # Gazette · ¶ 2');
    expect(answer).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(quotedLayout(answer, ANSWER_LINE_START)).toEqual([]);
  });
});

describe('a hostile file name', () => {
  test('a name with a line break cannot start a heading in the refresh report', async () => {
    const name = 'notes\n# Everything is fine.md';
    await bot.writeArticle(name, 'no front matter\n');
    try {
      const report = await refresh();
      expect(report).toContain('\n• notes␊# Everything is fine.md: has no front matter');
      expect(quotedLayout(report)).toEqual([]);
    } finally {
      await rm(path.join(bot.knowledgeDir, name));
    }
  });
});
