/**
 * `/mou` end to end: the fake Discord sends the interaction to the real bot, and the tests read
 * the REST calls the bot made in answer.
 */
import { afterAll, assert, beforeAll, describe, expect, test } from 'vitest';
import { formatAnswer, formatSearch, formatSummary, openArticleIndex, type ArticleIndex } from '../../src/core/index.js';
import { findAnswer, MIGRATIONS, openDatabase } from '../../src/data/index.js';
import { bodyOf, SEED_TITLE, startBot, stopAll, type Harness } from './harness.js';

// Two bots serve most tests (they only read): one with the seed article, one with a second
// article beside it. Tests that need articles of their own start a bot of their own.
let seed: Harness;
let two: Harness;
beforeAll(async () => {
  [seed, two] = await Promise.all([startBot(), startBot({ fixtures: ['container-terminal.md'] })]);
});
afterAll(stopAll);

const TERMINAL_TITLE = 'Port authority opens a second container terminal in Tanjung Harbour';
const DESALINATION_TITLE = 'Coastal city council approves the long-delayed seawater desalination plant after a decade of drought, protests, court hearings and a regional referendum on water prices';

/** The core's own Discord text for the same request: the bot must send exactly this. */
const DISCORD = { style: 'discord', maxChars: 2000 } as const;

/** A second index of the bot's knowledge folder, to compute what the bot should reply. */
function indexOf(knowledgeDir: string): Promise<ArticleIndex> {
  return openArticleIndex(knowledgeDir);
}

/**
 * Articles whose source lines are as long as Discord allows (200-character title, 100-character
 * source, 500-character link), each with a paragraph on the same "Qarwin lantern" subject: an
 * answer or a search quoting several of them passes 2,000 characters.
 */
function longSourcedArticles(count: number): Record<string, string> {
  const towns = ['Amber', 'Birch', 'Cedar', 'Dune', 'Elm', 'Fern'];
  return Object.fromEntries(towns.slice(0, count).map((town, i) => [`lantern-${i}.md`, [
    '---',
    `title: "${`${town} reports on the Qarwin lantern festival `.padEnd(200, 'x')}"`,
    `source: "${`${town} Gazette `.padEnd(100, 'y')}"`,
    `url: "https://news.example.com/${town.toLowerCase()}/${'z'.repeat(460)}"`,
    '---',
    `The Qarwin lantern festival in ${town} drew ${i + 2} thousand visitors who released paper lanterns over the harbour at dusk on the longest night of the year.`,
    '',
  ].join('\n')]));
}

/** Asserts that every citation number in the text before "Sources" has its line in the source list. */
function expectEveryCitationSourced(content: string): void {
  const [body, sources] = content.split('\n\n**Sources**\n');
  const cited = new Set([...body!.matchAll(/\[(\d+)\]/g)].map((m) => m[1]));
  const listed = new Set(sources!.split('\n').map((line) => /^\[(\d+)\] /.exec(line)?.[1]));
  expect(cited.size).toBeGreaterThan(0);
  expect([...cited].filter((n) => !listed.has(n))).toEqual([]);
}

describe('/mou ask', () => {
  test('answers with cited snippets and their sources, visible to the channel', async () => {
    const { fake, knowledgeDir } = seed;
    const question = 'Who signed the MoU for Morocco?';
    const sent = fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question } });

    const reply = await fake.waitForReply(sent);
    expect(reply.path).toBe(`/interactions/${sent.id}/${sent.token}/callback`);
    const { type, data } = bodyOf(reply);
    expect(type).toBe(4);
    expect(data.flags).toBeUndefined();
    expect(data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(data.content).toBe(formatAnswer((await indexOf(knowledgeDir)).answer(question), DISCORD));
    expect(data.content).toMatch(/^> .+ \[1\]\n/);
    expect(data.content).toContain(`\n\n**Sources**\n[1] ${SEED_TITLE} · Agencies · ¶ `);
    expectEveryCitationSourced(data.content);
    // The buttons under it carry the answer's record id.
    expect(data.components[0].components.map((b: { custom_id: string }) => b.custom_id)).toEqual(['show', 'more', 'up', 'down'].map((action) => `mou:${action}:1`));
  });

  test('private:true shows the answer only to the member who asked', async () => {
    const { fake } = seed;
    const sent = fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question: 'Who signed the MoU?', private: true } });

    const { type, data } = bodyOf(await fake.waitForReply(sent));
    expect(type).toBe(4);
    expect(data.flags).toBe(64);
    expect(data.content).toContain(`[1] ${SEED_TITLE}`);
  });

  test('a question the articles do not answer gets "no confident answer" and the closest article', async () => {
    const { fake, knowledgeDir } = seed;
    const question = 'What is the capital of France?';
    const sent = fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question } });

    const { content } = bodyOf(await fake.waitForReply(sent)).data;
    expect(content).toBe(formatAnswer((await indexOf(knowledgeDir)).answer(question), DISCORD));
    expect(content).toMatch(/^I could not find a confident answer/);
    expect(content).toContain(SEED_TITLE);
  });

  test('a question of only common words gets the engine\'s polite explanation', async () => {
    const { fake, knowledgeDir } = seed;
    const sent = fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question: 'what is it?' } });

    const invalid = (await indexOf(knowledgeDir)).answer('what is it?');
    expect(invalid.kind).toBe('invalid');
    expect(bodyOf(await fake.waitForReply(sent)).data.content).toBe(formatAnswer(invalid, DISCORD));
  });

  test('a question containing @everyone is answered without pinging anyone', async () => {
    const { fake } = seed;
    const sent = fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question: '@everyone <@&1300000000000000201> who signed the MoU?' } });

    const { data } = bodyOf(await fake.waitForReply(sent));
    expect(data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(data.content).toContain(`[1] ${SEED_TITLE}`);
  });

  test('an answer that would pass 2,000 characters keeps whole snippets, each with its source, and records only those shown', async () => {
    const { fake, knowledgeDir, config } = await startBot({ articles: longSourcedArticles(3) });
    const question = 'How many visitors released lanterns at the Qarwin lantern festival?';
    const full = (await openArticleIndex(knowledgeDir)).answer(question);
    const untrimmed = formatAnswer(full, { style: 'discord' });
    expect(untrimmed.length).toBeGreaterThan(2000);

    const sent = fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question } });
    const reply = await fake.waitForReply(sent);
    expect(reply.status).toBe(204);
    const { content } = bodyOf(reply).data;
    expect(content.length).toBeLessThanOrEqual(2000);
    expect(content).toMatch(/\[1\] \[\w+ reports on the Qarwin lantern festival x+\]\(<https:\/\/news\.example\.com\//);
    expect(untrimmed.startsWith(content.split('\n\n**Sources**')[0]!)).toBe(true);
    expectEveryCitationSourced(content);

    const id = Number(/^mou:show:(\d+)$/.exec(bodyOf(reply).data.components[0].components[0].custom_id)![1]);
    const database = openDatabase(config.dataDir, MIGRATIONS);
    try {
      const recorded = findAnswer(database, id)!;
      assert(full.kind === 'answer');
      expect(recorded.snippets.length).toBeLessThan(full.snippets.length);
      for (const snippet of recorded.snippets) expect(content).toContain(snippet.text);
      expect(recorded.citations.map((c) => c.n)).toEqual([...new Set(recorded.snippets.map((s) => s.citation))].sort((a, b) => a - b));
    } finally {
      database.close();
    }
  });
});

describe('/mou search', () => {
  test('lists the matching passages with their citations', async () => {
    const { fake, knowledgeDir } = seed;
    const sent = fake.slashCommand({ name: 'mou', subcommand: 'search', options: { query: 'maritime security' } });

    const { type, data } = bodyOf(await fake.waitForReply(sent));
    expect(type).toBe(4);
    expect(data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const expected = (await indexOf(knowledgeDir)).search('maritime security');
    if (expected.kind !== 'search') throw new Error('expected search results');
    expect(data.content).toBe(formatSearch(expected, DISCORD));
    expect(data.content).toMatch(/^\*\*Passages matching “maritime security”\*\*\n\n1\. .*maritime security.* \[1\]\n/);
    expect(data.content).toContain(`[1] ${SEED_TITLE} · Agencies · ¶ `);
    expectEveryCitationSourced(data.content);
  });

  test('results that would pass 2,000 characters are cut to whole passages with their sources', async () => {
    const { fake, knowledgeDir } = await startBot({ articles: longSourcedArticles(5) });
    const untrimmed = (await openArticleIndex(knowledgeDir)).search('Qarwin lantern festival');
    if (untrimmed.kind !== 'search') throw new Error('expected search results');
    expect(formatSearch(untrimmed, { style: 'discord' }).length).toBeGreaterThan(2000);

    const sent = fake.slashCommand({ name: 'mou', subcommand: 'search', options: { query: 'Qarwin lantern festival' } });
    const { content } = bodyOf(await fake.waitForReply(sent)).data;
    expect(content.length).toBeLessThanOrEqual(2000);
    expectEveryCitationSourced(content);
  });

  test('a query of only common words gets the engine\'s polite explanation', async () => {
    const { fake, knowledgeDir } = seed;
    const sent = fake.slashCommand({ name: 'mou', subcommand: 'search', options: { query: 'the and of' } });

    const invalid = (await indexOf(knowledgeDir)).search('the and of');
    if (invalid.kind !== 'invalid') throw new Error('expected the engine to refuse the query');
    expect(bodyOf(await fake.waitForReply(sent)).data.content).toBe(invalid.message);
  });
});

describe('/mou summary', () => {
  test('without an article, summarises the whole knowledge base with citations', async () => {
    const { fake, knowledgeDir } = two;
    const sent = fake.slashCommand({ name: 'mou', subcommand: 'summary' });

    const { data } = bodyOf(await fake.waitForReply(sent));
    expect(data.content).toBe(formatSummary((await indexOf(knowledgeDir)).summarize()!, DISCORD));
    expect(data.content).toMatch(/^\*\*Summary: The knowledge base \(2 articles\)\*\*\n\n/);
    // Titles are masked links in <…>, so that Discord shows no preview; one line per article.
    expect(data.content).toMatch(new RegExp(`\\n\\[\\d\\] \\[${TERMINAL_TITLE}\\]\\(<https://news\\.example\\.com/ports/2025/05/02/second-container-terminal>\\) · Harbour Gazette · 2025-05-02 · ¶ \\d`));
    expect(data.content).toMatch(new RegExp(`\\n\\[\\d\\] ${SEED_TITLE} · Agencies · ¶ \\d`));
    expectEveryCitationSourced(data.content);
  });

  test('summarises the article chosen from autocomplete', async () => {
    const { fake, knowledgeDir } = two;
    const sent = fake.slashCommand({ name: 'mou', subcommand: 'summary', options: { article: 'container-terminal' } });

    const { data } = bodyOf(await fake.waitForReply(sent));
    expect(data.content).toBe(formatSummary((await indexOf(knowledgeDir)).summarize('container-terminal')!, DISCORD));
    expect(data.content).toMatch(new RegExp(`^\\*\\*Summary: ${TERMINAL_TITLE}\\*\\*\\n\\n`));
    expect(data.content).not.toContain(SEED_TITLE);
  });

  test('accepts an article\'s title typed in full instead of picked', async () => {
    const { fake } = two;
    const sent = fake.slashCommand({ name: 'mou', subcommand: 'summary', options: { article: TERMINAL_TITLE.toUpperCase() } });

    expect(bodyOf(await fake.waitForReply(sent)).data.content).toMatch(new RegExp(`^\\*\\*Summary: ${TERMINAL_TITLE}\\*\\*`));
  });

  test('an unknown article is refused ephemerally with a hint', async () => {
    const { fake } = seed;
    const sent = fake.slashCommand({ name: 'mou', subcommand: 'summary', options: { article: 'football results' } });

    expect(bodyOf(await fake.waitForReply(sent))).toEqual({
      type: 4,
      data: expect.objectContaining({
        content: 'I have no article called “football results”. Pick one from the list as you type, or see `/mou sources`.',
        flags: 64,
        allowed_mentions: { parse: [], replied_user: false },
      }),
    });
  });
});

describe('/mou sources', () => {
  test('lists each article with its source, date and passages, and the knowledge base version', async () => {
    const { fake, knowledgeDir } = two;
    const { hash } = (await openArticleIndex(knowledgeDir)).version;
    const sent = fake.slashCommand({ name: 'mou', subcommand: 'sources' });

    const { data } = bodyOf(await fake.waitForReply(sent));
    expect(data.content).toMatch(new RegExp(`^\\*\\*Knowledge base\\*\\* version ${hash}, loaded <t:\\d+:f>: 2 articles, 12 passages\\.\\n`));
    expect(data.content.split('\n').slice(1)).toEqual([
      `• ${TERMINAL_TITLE} (Harbour Gazette · 2025-05-02 · 3 passages)`,
      `• ${SEED_TITLE} (Agencies · 9 passages)`,
    ]);
  });
});

describe('/mou autocomplete', () => {
  test('completes the last word of a question from the articles\' words', async () => {
    const { fake } = seed;
    const sent = fake.autocomplete({ name: 'mou', subcommand: 'ask', focused: { name: 'question', value: 'Who signed the agre' } });

    expect(bodyOf(await fake.waitForReply(sent))).toEqual({
      type: 8,
      data: { choices: [{ name: 'Who signed the agreement', value: 'Who signed the agreement' }] },
    });
  });

  test('offers no completion for a question longer than a choice may be', async () => {
    const { fake } = seed;
    const typed = `${'What did the two defence ministers say about the cooperation '.repeat(2)}agre`;
    const sent = fake.autocomplete({ name: 'mou', subcommand: 'ask', focused: { name: 'question', value: typed } });

    expect(bodyOf(await fake.waitForReply(sent))).toEqual({ type: 8, data: { choices: [] } });
  });

  test('lists the articles whose title matches what is typed, by slug', async () => {
    const { fake } = two;
    const sent = fake.autocomplete({ name: 'mou', subcommand: 'summary', focused: { name: 'article', value: 'harb' } });

    expect(bodyOf(await fake.waitForReply(sent))).toEqual({
      type: 8,
      data: { choices: [{ name: TERMINAL_TITLE, value: 'container-terminal' }] },
    });
  });

  test('lists every article, newest first, before anything is typed; long titles are clipped to 100 characters', async () => {
    const { fake } = await startBot({ fixtures: ['container-terminal.md', 'desalination-plant.md'] });
    const sent = fake.autocomplete({ name: 'mou', subcommand: 'summary', focused: { name: 'article', value: '' } });

    expect(bodyOf(await fake.waitForReply(sent)).data.choices).toEqual([
      { name: TERMINAL_TITLE, value: 'container-terminal' },
      { name: `${DESALINATION_TITLE.slice(0, 99).trimEnd()}…`, value: 'desalination-plant' },
      { name: SEED_TITLE, value: 'india-morocco-defence-mou' },
    ]);
  });
});
