/**
 * `npm run start:sharded` end to end: the fake Discord announces two shards, the manager starts
 * two shard processes, a refresh asked through shard 0 changes the answers shard 1 gives, and a
 * member's questions count against one limit whichever shard they reach.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { deployCommands } from '../../src/bot/deploy.js';
import { parseConfig } from '../../src/config.js';
import { FAKE_IDS, FakeDiscord, type InjectedInteraction } from '../fake-discord/index.js';
import { bodyOf, FIXTURES, replyText } from './harness.js';
import { compiled } from '../compiled.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TERMINAL_TITLE = 'Port authority opens a second container terminal in Tanjung Harbour';

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function finalReply(fake: FakeDiscord, sent: InjectedInteraction): Promise<string> {
  const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.status < 400
    && r.path === `/webhooks/${FAKE_IDS.applicationId}/${sent.token}/messages/@original`, 60_000);
  return bodyOf(edit).content as string;
}

describe('npm run start:sharded', () => {
  test('a refresh asked through shard 0 is carried out once and changes the answers of shard 1', async () => {
    const fake = await FakeDiscord.start({ shards: 2 });
    cleanup.push(() => fake.close());
    const root = await mkdtemp(path.join(tmpdir(), 'mou-sharded-'));
    cleanup.push(() => rm(root, { recursive: true, force: true }));
    const knowledgeDir = path.join(root, 'knowledge');
    await cp(path.join(ROOT, 'tests', 'fixtures', 'seed-knowledge'), knowledgeDir, { recursive: true });
    const env = {
      PATH: process.env.PATH,
      DISCORD_TOKEN: FAKE_IDS.token,
      DISCORD_CLIENT_ID: FAKE_IDS.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      KNOWLEDGE_DIR: knowledgeDir,
      ADMIN_GUILD_IDS: FAKE_IDS.guildId,
      RATE_LIMIT_MAX: '3',
      SHARD_TOTAL: 'auto',
      // As in the other tests that start the bot: the encoder's thread is started only by the
      // tests that are about sentence meanings.
      SENTENCE_MEANINGS: 'false',
    };
    await deployCommands(parseConfig(env));

    const manager: ChildProcess = spawn(process.execPath, [compiled('src/cli/start-sharded.ts')], { cwd: root, env });
    let output = '';
    manager.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
    manager.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
    cleanup.push(async () => {
      if (manager.exitCode === null) {
        const exited = once(manager, 'exit');
        manager.kill('SIGTERM');
        await exited;
      }
    });

    // The count came from the fake's /gateway/bot ("auto"): one identify per shard.
    await fake.waitForReady(2, 90_000);
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([[0, 2], [1, 2]]);

    const askShard1 = async (question: string) => {
      const sent = fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question }, guildId: FAKE_IDS.otherGuildId, channelId: FAKE_IDS.otherChannelId });
      expect(sent.shard).toBe(1);
      return replyText(fake, sent, 20_000);
    };
    expect(await askShard1('How many cranes does the new container terminal have?')).toMatch(/^I could not find a confident answer/);

    await writeFile(path.join(knowledgeDir, 'container-terminal.md'), await readFile(new URL('container-terminal.md', FIXTURES)));
    const refresh = fake.slashCommand({ name: 'mou-admin', subcommand: 'refresh', user: 'moderator', guildId: FAKE_IDS.guildId, channelId: FAKE_IDS.channelId });
    expect(refresh.shard).toBe(0);
    const report = await finalReply(fake, refresh);
    expect(report).toContain(`Added (1): ${TERMINAL_TITLE}`);
    expect(report).toContain('Shards serving the new version: 2 of 2');

    const answer = await askShard1('How many cranes does the new container terminal have?');
    expect(answer).toContain('its twelve cranes are operated remotely');
    expect(answer).toContain(`[1] [${TERMINAL_TITLE}](<https://news.example.com/ports/`);
    // Shard 1 adopted the version shard 0 built; it did not refresh on its own.
    const lines = output.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string });
    expect(lines.filter((l) => l.msg === 'knowledge refreshed')).toHaveLength(1);
    expect(lines.filter((l) => l.msg === 'adopted the version another shard refreshed to')).toHaveLength(1);

    // The member has asked twice on shard 1; a third question on shard 0 is the last the limit
    // allows, and a fourth, on shard 1 again, is refused.
    const onShard0 = fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question: 'Who signed the MoU?' } });
    expect(onShard0.shard).toBe(0);
    expect(await replyText(fake, onShard0, 20_000)).toContain('[1] ');
    expect(await askShard1('Who signed the MoU?')).toMatch(/^You are asking quickly: the limit is 3 questions per 60 seconds\. Try again <t:\d+:R>\.$/);
  }, 150_000);
});
