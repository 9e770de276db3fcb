import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { replyToQuestion } from '../../src/bot/answers.js';
import { helpText, refreshProblemsText, refreshReportText, searchText } from '../../src/bot/render.js';
import { parseConfig } from '../../src/config.js';
import { openArticleIndex, readerOf, type KnowledgeReader, type KnowledgeVersion, type RefreshReport } from '../../src/core/index.js';
import { createLogger } from '../../src/logger.js';
import { FAKE_IDS } from '../fake-discord/index.js';
import { FIXTURES } from './harness.js';

const VERSION: KnowledgeVersion = { hash: 'abcdef123456', loadedAt: new Date('2025-06-01T12:00:00Z'), articles: 2, passages: 12 };
const REPORT: RefreshReport = {
  dryRun: false, full: false, added: ['New *bold* title'], changed: [], removed: ['Old title'], passagesBefore: 9, passagesAfter: 12,
  versionBefore: { ...VERSION, hash: '000000aaaaaa' }, version: VERSION, ignored: [], milliseconds: 41.6,
};

const CONFIG = parseConfig({ DISCORD_TOKEN: FAKE_IDS.token, DISCORD_CLIENT_ID: FAKE_IDS.applicationId, ASK_CHANNEL_IDS: FAKE_IDS.channelId, ANSWER_IN_THREADS: 'true' });

describe('replyToQuestion and searchText', () => {
  let reader: KnowledgeReader;
  beforeAll(async () => {
    // The fixtures: long titles, sources and links make the longest answers.
    reader = readerOf(await openArticleIndex(fileURLToPath(FIXTURES)));
  });

  test('stay within one Discord message for any question, and an answer recorded nowhere still has its buttons', async () => {
    const context = { knowledge: { reader }, records: undefined, logger: createLogger('silent'), config: CONFIG };
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 600 }), async (question) => {
      const reply = await replyToQuestion(context, { question, askerId: FAKE_IDS.memberUserId, guildId: null, channelId: FAKE_IDS.channelId });
      expect(reply.text.length).toBeLessThanOrEqual(2000);
      for (const row of reply.components ?? []) expect(row.components.every((button) => (button.data as { custom_id: string }).custom_id.endsWith(':-'))).toBe(true);
      expect((await searchText(reader, question)).length).toBeLessThanOrEqual(2000);
    }), { numRuns: 200 });
  });
});

describe('helpText', () => {
  test('says where to ask and how to follow up, with the ask channels as channel links', () => {
    expect(helpText(CONFIG)).toContain(`• Ask with \`/mou ask\`, by mentioning me, in a DM, or in <#${FAKE_IDS.channelId}>.`);
    expect(helpText(CONFIG)).toContain('by replying to one of my answers or writing in its thread');
    expect(helpText({ askChannelIds: [], answerInThreads: false })).toContain('• Ask with `/mou ask`, by mentioning me, or in a DM.');
  });
});

describe('refreshReportText', () => {
  test('lists what changed, escaping markdown in titles', () => {
    expect(refreshReportText(REPORT)).toBe([
      '**Refreshed** the knowledge base in 42 ms.',
      'Added (1): New \\*bold\\* title',
      'Changed (0): none',
      'Removed (1): Old title',
      'Passages: 9 → 12',
      'Version: `abcdef123456` (2 articles, loaded <t:1748779200:f>), was `000000aaaaaa`',
    ].join('\n'));
  });

  test('counts what it does not list, and names ignored files', () => {
    const added = Array.from({ length: 14 }, (_, i) => `Article ${i + 1}`);
    const text = refreshReportText({ ...REPORT, dryRun: true, added, ignored: ['notes.pdf'] });
    expect(text).toMatch(/^\*\*Dry run\*\* in 42 ms: nothing was swapped in\. A refresh would change this:\n/);
    expect(text).toContain('\nAdded (14): Article 1; Article 2; Article 3; Article 4; Article 5; Article 6; Article 7; Article 8; Article 9; Article 10; … and 4 more\n');
    expect(text).toMatch(/\nIgnored \(not \.md, \.markdown or \.txt\): notes\.pdf$/);
  });

  test('stays within one message even with very long titles', () => {
    const long = Array.from({ length: 10 }, (_, i) => `${i} ${'word '.repeat(39)}`);
    expect(refreshReportText({ ...REPORT, added: long, changed: long, removed: long }).length).toBeLessThanOrEqual(2000);
  });
});

describe('refreshProblemsText', () => {
  test('names each file and its problem, and the version still serving', () => {
    expect(refreshProblemsText([{ file: 'broken_file.md', problem: 'has no front matter' }], VERSION)).toBe([
      '**Refresh failed**: nothing changed, and the knowledge base still serves version `abcdef123456` (2 articles, loaded <t:1748779200:f>).',
      'Fix this file, then refresh again:',
      '• broken\\_file.md: has no front matter',
    ].join('\n'));
  });

  test('lists at most ten problems and counts the rest', () => {
    const problems = Array.from({ length: 25 }, (_, i) => ({ file: `a${i}.md`, problem: 'has an empty body' }));
    const lines = refreshProblemsText(problems, VERSION).split('\n');
    expect(lines[1]).toBe('Fix these files, then refresh again:');
    expect(lines.slice(2)).toHaveLength(11);
    expect(lines.at(-1)).toBe('… and 15 more');
  });
});
