/**
 * `/mou-admin` belongs to the operator's servers: every server the bot is in shares one
 * knowledge base, so a Manage Server member of any other server must not change it, see what it
 * would change, or learn the server's paths.
 */
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { FAKE_IDS, type FakeDiscord } from '../fake-discord/index.js';
import { bodyOf, deferredReply, startBot, stopAll, type Harness } from './harness.js';

const refreshIn = (fake: FakeDiscord, guildId: string, channelId: string, dryRun = false) => fake.slashCommand({
  name: 'mou-admin', subcommand: 'refresh', user: 'moderator', guildId, channelId, options: { dry_run: dryRun },
});


describe('/mou-admin scope, with ADMIN_GUILD_IDS set', () => {
  // One bot for these tests: each leaves its knowledge folder as it found it.
  let bot: Harness;
  beforeAll(async () => {
    bot = await startBot();
  });
  afterAll(stopAll);

  test('in a server that is not the operator\'s, a moderator is refused before anything is read, even for a dry run', async () => {
    const { fake, addFixture, logs, knowledgeDir } = bot;
    await addFixture('container-terminal.md');
    const sent = refreshIn(fake, FAKE_IDS.otherGuildId, FAKE_IDS.otherChannelId, true);

    expect(bodyOf(await fake.waitForReply(sent))).toEqual({
      type: 4,
      data: expect.objectContaining({
        content: 'Moderator commands work only in the servers the bot\'s operator manages the knowledge base from, not in this one.',
        flags: 64,
      }),
    });
    expect(fake.requestsFor(sent)).toHaveLength(1);
    expect(logs().some((line) => line.event === 'refresh')).toBe(false);
    await rm(path.join(knowledgeDir, 'container-terminal.md'));
  });

  test('in the operator\'s server, it works', async () => {
    const { fake } = bot;
    expect(await deferredReply(fake, refreshIn(fake, FAKE_IDS.guildId, FAKE_IDS.channelId))).toMatch(/^\*\*Refreshed\*\* the knowledge base/);
  });

  test('a failed refresh names the knowledge folder, never its path on the server', async () => {
    const { fake, knowledgeDir } = bot;
    await rename(knowledgeDir, `${knowledgeDir}-syncing`);
    const report = await deferredReply(fake, refreshIn(fake, FAKE_IDS.guildId, FAKE_IDS.channelId));
    await rename(`${knowledgeDir}-syncing`, knowledgeDir);

    expect(report).toMatch(/^\*\*Refresh failed\*\*: nothing changed/);
    expect(report).toContain('\n• the knowledge folder: does not exist');
    expect(report).not.toContain(knowledgeDir);
  });
});

describe('/mou-admin scope, with ADMIN_GUILD_IDS empty', () => {
  afterEach(stopAll);

  test('it works nowhere: the member is told what the operator must set, and the operator is warned at start', async () => {
    const { fake, logs } = await startBot({ env: { ADMIN_GUILD_IDS: '' } });
    const sent = refreshIn(fake, FAKE_IDS.guildId, FAKE_IDS.channelId);

    expect(bodyOf(await fake.waitForReply(sent)).data.content)
      .toBe('Moderator commands are turned off: the bot\'s operator has not listed any server in ADMIN_GUILD_IDS (see the README, "Configuration").');
    expect(logs().find((line) => line.level === 40 && line.msg.startsWith('ADMIN_GUILD_IDS is empty'))).toMatchObject({ commands: ['/mou-admin'] });
  });
});
