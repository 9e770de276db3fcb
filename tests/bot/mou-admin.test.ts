/**
 * `/mou-admin refresh` end to end: permissions checked at run time, the deferred report, a
 * broken file, concurrent refreshes, and the log line of each refresh.
 */
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { BotKnowledge } from '../../src/bot/client.js';
import { KnowledgeBase } from '../../src/core/index.js';
import { FAKE_IDS, MEMBER_PERMISSIONS, type FakeDiscord, type InjectedInteraction } from '../fake-discord/index.js';
import { KNOWLEDGE_DIR } from '../helpers.js';
import { bodyOf, FIXTURES, type Harness, SEED_TITLE, startBot, stopAll } from './harness.js';

const TERMINAL_TITLE = 'Port authority opens a second container terminal in Tanjung Harbour';
const TERMINAL_QUESTION = 'How many cranes does the new container terminal have?';

/** Resolves with the text of the deferred reply once the bot has filled it in. */
async function finalReply(fake: FakeDiscord, sent: InjectedInteraction): Promise<string> {
  const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.status < 400
    && r.path === `/webhooks/${FAKE_IDS.applicationId}/${sent.token}/messages/@original`);
  return bodyOf(edit).content as string;
}

async function ask(fake: FakeDiscord, question: string): Promise<string> {
  const sent = fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question } });
  return bodyOf(await fake.waitForReply(sent)).data.content as string;
}

describe('/mou-admin refresh', () => {
  afterEach(stopAll);

  test('a moderator\'s refresh is deferred privately, then reports the added article, passages and version', async () => {
    const { fake, addFixture } = await startBot();
    await addFixture('container-terminal.md');
    const sent = fake.slashCommand({ name: 'mou-admin', subcommand: 'refresh', user: 'moderator' });

    const report = await finalReply(fake, sent);
    const requests = fake.requestsFor(sent);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /interactions/${sent.id}/${sent.token}/callback`,
      `PATCH /webhooks/${FAKE_IDS.applicationId}/${sent.token}/messages/@original`,
    ]);
    expect(bodyOf(requests[0]!)).toEqual({ type: 5, data: { flags: 64 } });
    expect(bodyOf(requests[1]!).allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(report).toMatch(new RegExp([
      '^\\*\\*Refreshed\\*\\* the knowledge base in \\d+ ms\\.',
      `Added \\(1\\): ${TERMINAL_TITLE}`,
      'Changed \\(0\\): none',
      'Removed \\(0\\): none',
      'Passages: 9 → 12',
      'Version: `[0-9a-f]{12}` \\(2 articles, loaded <t:\\d+:f>\\), was `[0-9a-f]{12}`$',
    ].join('\\n')));
  });

  test('after a refresh that added an article, the next answer cites it', async () => {
    const { fake, addFixture } = await startBot();
    expect(await ask(fake, TERMINAL_QUESTION)).toMatch(/^I could not find a confident answer/);
    await addFixture('container-terminal.md');

    await finalReply(fake, fake.slashCommand({ name: 'mou-admin', subcommand: 'refresh', user: 'moderator' }));
    const answer = await ask(fake, TERMINAL_QUESTION);
    expect(answer).toContain('its twelve cranes are operated remotely');
    expect(answer).toContain(`\n[1] [${TERMINAL_TITLE}](<https://news.example.com/ports/`);
  });

  test('a dry run shows what would change and keeps the current index', async () => {
    const { fake, addFixture, writeArticle } = await startBot({ fixtures: ['container-terminal.md'] });
    await addFixture('desalination-plant.md');
    await writeArticle('container-terminal.md', '---\ntitle: "Port authority opens a second container terminal in Tanjung Harbour"\n---\nThe opening was postponed.\n');
    const sent = fake.slashCommand({ name: 'mou-admin', subcommand: 'refresh', user: 'moderator', options: { dry_run: true } });

    const report = await finalReply(fake, sent);
    expect(report).toMatch(/^\*\*Dry run\*\* in \d+ ms: nothing was swapped in\. A refresh would change this:\n/);
    expect(report).toContain('\nAdded (1): Coastal city council approves the long-delayed seawater desalination plant');
    expect(report).toContain(`\nChanged (1): ${TERMINAL_TITLE}\n`);
    expect(report).toContain('\nPassages: 12 → 14\n');
    expect(await ask(fake, TERMINAL_QUESTION)).toContain('its twelve cranes are operated remotely');
  });

  test('a broken file keeps the old index serving, and the reply names the file and the problem', async () => {
    const { fake, writeArticle } = await startBot();
    await writeArticle('broken.md', 'Just a line of text without front matter.\n');
    const sent = fake.slashCommand({ name: 'mou-admin', subcommand: 'refresh', user: 'moderator' });

    expect(await finalReply(fake, sent)).toMatch(new RegExp([
      '^\\*\\*Refresh failed\\*\\*: nothing changed, and the knowledge base still serves version `[0-9a-f]{12}` \\(1 article, loaded <t:\\d+:f>\\)\\.',
      'Fix this file, then refresh again:',
      '• broken\\.md: has no front matter \\(start the file with ---, title: …, ---\\)$',
    ].join('\n')));
    expect(await ask(fake, 'Who signed the MoU?')).toContain(`[1] ${SEED_TITLE}`);
  });

  test('of two refreshes at once, the second is told one is already running', async () => {
    // The first refresh waits until the test lets it go, so the second surely finds it running.
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'mou-two-')), 'knowledge');
    await cp(KNOWLEDGE_DIR, dir, { recursive: true });
    const real = await KnowledgeBase.open(dir);
    let letGo = () => {};
    const held = new Promise<void>((resolve) => {
      letGo = resolve;
    });
    const knowledgeBase: BotKnowledge = {
      reader: real.reader,
      refresh: async (options) => {
        await held;
        return real.refresh(options);
      },
      flushCache: () => real.flushCache(),
      adopt: (hash) => real.adopt(hash),
    };
    const { fake } = await startBot({ knowledgeBase });
    await cp(new URL('container-terminal.md', FIXTURES), path.join(dir, 'container-terminal.md'));
    const first = fake.slashCommand({ name: 'mou-admin', subcommand: 'refresh', user: 'moderator' });
    const second = fake.slashCommand({ name: 'mou-admin', subcommand: 'refresh', user: 'moderator' });

    expect(await finalReply(fake, second)).toBe('A refresh is already running; try again when it has finished.');
    letGo();
    expect(await finalReply(fake, first)).toMatch(/^\*\*Refreshed\*\* .*\nAdded \(1\): Port authority/);
  });

  test('each refresh is logged with who asked and the result', async () => {
    const { fake, addFixture, writeArticle, logs } = await startBot();
    await addFixture('container-terminal.md');
    await finalReply(fake, fake.slashCommand({ name: 'mou-admin', subcommand: 'refresh', user: 'moderator' }));
    await writeArticle('broken.md', 'no front matter\n');
    await finalReply(fake, fake.slashCommand({ name: 'mou-admin', subcommand: 'refresh', user: 'moderator', options: { dry_run: true } }));

    const refreshes = logs().filter((line) => line.event === 'refresh');
    expect(refreshes).toEqual([
      expect.objectContaining({
        msg: 'knowledge refreshed', level: 30, result: 'ok', dryRun: false,
        requestedBy: { id: FAKE_IDS.moderatorUserId, name: 'moderator' },
        added: [TERMINAL_TITLE], changed: [], removed: [], passagesBefore: 9, passagesAfter: 12,
      }),
      expect.objectContaining({
        msg: 'refresh failed; the old index keeps serving', level: 40, result: 'broken-files', dryRun: true,
        requestedBy: { id: FAKE_IDS.moderatorUserId, name: 'moderator' },
        problems: [{ file: 'broken.md', problem: 'has no front matter (start the file with ---, title: …, ---)' }],
      }),
    ]);
  });
});

describe('/mou-admin permissions', () => {
  // Refusals change nothing, and the one refresh here adds nothing: the tests of each
  // configuration share one bot.
  describe('without moderator roles configured', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startBot();
    });
    afterAll(stopAll);

    test('a member without Manage Server is refused at run time, even though the interaction reached the bot', async () => {
      const { fake, addFixture, logs } = h;
      await addFixture('container-terminal.md');
      const sent = fake.slashCommand({ name: 'mou-admin', subcommand: 'refresh', user: 'member' });

      const reply = await fake.waitForReply(sent);
      expect(bodyOf(reply)).toEqual({
        type: 4,
        data: expect.objectContaining({ content: 'Only moderators can do this: it needs the Manage Server permission.', flags: 64 }),
      });
      expect(fake.requestsFor(sent)).toHaveLength(1);
      expect(logs().some((line) => line.event === 'refresh')).toBe(false);
      expect(await ask(fake, TERMINAL_QUESTION)).toMatch(/^I could not find a confident answer/);
    });

    test('is refused in DMs, even for a moderator', async () => {
      const { fake } = h;
      const sent = fake.slashCommand({ name: 'mou-admin', subcommand: 'refresh', user: 'moderator', dm: true });

      expect(bodyOf(await fake.waitForReply(sent))).toEqual({
        type: 4,
        data: expect.objectContaining({ content: 'Moderator commands work only in a server, not in direct messages.', flags: 64 }),
      });
    });
  });

  describe('with moderator roles configured', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startBot({ env: { MODERATOR_ROLE_IDS: FAKE_IDS.moderatorRoleId } });
    });
    afterAll(stopAll);

    test('a member with a moderator role from the config may refresh without Manage Server', async () => {
      const { fake } = h;
      const sent = fake.slashCommand({
        name: 'mou-admin', subcommand: 'refresh', user: 'member', permissions: MEMBER_PERMISSIONS, roles: [FAKE_IDS.moderatorRoleId],
      });

      expect(await finalReply(fake, sent)).toMatch(/^\*\*Refreshed\*\* the knowledge base/);
    });

    test('the refusal mentions them', async () => {
      const { fake } = h;
      const sent = fake.slashCommand({ name: 'mou-admin', subcommand: 'refresh', user: 'member', roles: [] });

      expect(bodyOf(await fake.waitForReply(sent)).data.content).toBe('Only moderators can do this: it needs the Manage Server permission or a moderator role.');
    });
  });
});
