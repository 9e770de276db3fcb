/**
 * `npm run deploy-commands` against the fake Discord: the function in-process, and the script
 * itself as a child process configured through the environment.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, test } from 'vitest';
import { deployCommands, describeDeployment, explainDeployError, type DeployConfig } from '../src/bot/deploy.js';
import { FAKE_IDS, FakeDiscord } from './fake-discord/index.js';
import { compiled } from './compiled.js';

const run = promisify(execFile);

/** The JSON the commands in `commands/` register: what members and moderators see in Discord. */
const EXPECTED_COMMANDS = [
  {
    name: 'mou-admin',
    description: 'Moderator tools for the news bot.',
    type: 1,
    default_member_permissions: '32',
    contexts: [0],
    integration_types: [0],
    options: [
      {
        type: 1, name: 'refresh', description: 'Re-read the knowledge folder and swap in the new index.',
        options: [{ type: 5, name: 'dry_run', description: 'Only show what would change; keep serving the current index.', required: false }],
      },
      {
        type: 1, name: 'add', description: 'Add an article from a link or a file; you see a preview first.',
        options: [
          { type: 3, name: 'url', description: 'Link to the article\'s web page', required: false, max_length: 500 },
          { type: 11, name: 'file', description: 'An .md file with front matter, a .txt file (first line: title) or a saved .html page', required: false },
        ],
      },
      {
        type: 1, name: 'remove', description: 'Remove an article; it moves to the trash folder, and undo brings it back.',
        options: [{ type: 3, name: 'article', description: 'The article to remove', required: true, autocomplete: true }],
      },
      { type: 1, name: 'undo', description: 'Undo the last article added or removed in this server.', options: [] },
      { type: 1, name: 'history', description: 'The last changes to the knowledge base made in this server.', options: [] },
      {
        type: 1, name: 'unanswered', description: 'Questions declined or rated 👎, most asked first: which articles to add.',
        options: [{ type: 4, name: 'days', description: 'How many days back to look (default 30)', required: false, min_value: 1, max_value: 3650 }],
      },
      {
        type: 1, name: 'feedback', description: '👍/👎 counts on answers, overall and per article.',
        options: [{ type: 4, name: 'days', description: 'How many days back to look (default 30)', required: false, min_value: 1, max_value: 3650 }],
      },
    ],
  },
  {
    name: 'mou',
    description: 'Ask about the news articles: answers quote them, with sources.',
    type: 1,
    contexts: [0, 1],
    integration_types: [0],
    options: [
      {
        type: 1, name: 'ask', description: 'Ask a question; the answer quotes the articles and cites them.',
        options: [
          { type: 3, name: 'question', description: 'Your question, e.g. "Who signed the agreement?"', required: true, max_length: 500, autocomplete: true },
          { type: 5, name: 'private', description: 'Show the answer only to you.', required: false },
        ],
      },
      {
        type: 1, name: 'search', description: 'List the passages that best match some words, with their sources.',
        options: [{ type: 3, name: 'query', description: 'Words to look for, e.g. "maritime security"', required: true, max_length: 500 }],
      },
      {
        type: 1, name: 'summary', description: 'A cited summary of one article, or of the whole knowledge base.',
        options: [{ type: 3, name: 'article', description: 'The article to summarise (default: the whole knowledge base)', required: false, max_length: 100, autocomplete: true }],
      },
      { type: 1, name: 'sources', description: 'The articles the bot knows, and the knowledge base version.', options: [] },
    ],
  },
];

const fakes: FakeDiscord[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) {
    await fake.close();
    expect(fake.errors).toEqual([]);
  }
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function startFake(): Promise<FakeDiscord> {
  const fake = await FakeDiscord.start();
  fakes.push(fake);
  return fake;
}

function configFor(fake: FakeDiscord, guildId?: string, adminGuildIds: readonly string[] = guildId ? [guildId] : []): DeployConfig {
  return { discordToken: FAKE_IDS.token, discordClientId: FAKE_IDS.applicationId, discordGuildId: guildId, adminGuildIds, discordApiUrl: fake.apiUrl };
}

/** Runs the script as `npm run deploy-commands` does, in an empty folder so no developer's .env is read. */
async function runScript(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const cwd = await mkdtemp(path.join(tmpdir(), 'mou-bot-deploy-'));
  dirs.push(cwd);
  const result = await run(process.execPath, [compiled('src/cli/deploy-commands.ts')], { cwd, env: { PATH: process.env.PATH, ...env } })
    .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }))
    .catch((error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }));
  return result;
}

describe('deployCommands', () => {
  test('registers the commands in the configured server with the exact JSON', async () => {
    const fake = await startFake();
    const deployment = await deployCommands(configFor(fake, FAKE_IDS.guildId));

    const put = fake.requests.find((r) => r.method === 'PUT')!;
    expect(put.path).toBe(`/applications/${FAKE_IDS.applicationId}/guilds/${FAKE_IDS.guildId}/commands`);
    expect(put.headers.authorization).toBe(`Bot ${FAKE_IDS.token}`);
    expect(put.body).toEqual(EXPECTED_COMMANDS);
    expect(fake.registeredCommands.get(FAKE_IDS.guildId)?.map((c) => c.name)).toEqual(['mou-admin', 'mou']);
    expect(fake.registeredCommands.has('global')).toBe(false);
    expect(describeDeployment(deployment)).toBe(
      `Registered 2 commands in server ${FAKE_IDS.guildId}:\n  /mou-admin (refresh, add, remove, undo, history, unanswered, feedback)\n  /mou (ask, search, summary, sources)`,
    );
  });

  test('registers globally when no server is configured, and moderator commands nowhere, saying so', async () => {
    const fake = await startFake();
    const config = configFor(fake);
    const deployment = await deployCommands(config);

    expect(fake.requests.filter((r) => r.method === 'PUT').map((r) => r.path)).toEqual([`/applications/${FAKE_IDS.applicationId}/commands`]);
    expect(fake.registeredCommands.get('global')?.map((c) => c.name)).toEqual(['mou']);
    expect(describeDeployment(deployment, config)).toBe([
      'Registered 1 command globally (in every server the bot is in, and in DMs):',
      '  /mou (ask, search, summary, sources)',
      'Moderator commands (/mou-admin) are not registered anywhere: set ADMIN_GUILD_IDS (or DISCORD_GUILD_ID) to the id of the server you moderate from, then run this again.',
    ].join('\n'));
  });

  test('registers /mou-admin only as a guild command of each ADMIN_GUILD_IDS server, and /mou globally', async () => {
    const fake = await startFake();
    const deployment = await deployCommands(configFor(fake, undefined, [FAKE_IDS.otherGuildId]));

    expect(fake.requests.filter((r) => r.method === 'PUT').map((r) => [r.path, (r.body as Array<{ name: string }>).map((c) => c.name)])).toEqual([
      [`/applications/${FAKE_IDS.applicationId}/commands`, ['mou']],
      [`/applications/${FAKE_IDS.applicationId}/guilds/${FAKE_IDS.otherGuildId}/commands`, ['mou-admin']],
    ]);
    expect(fake.registeredCommands.get(FAKE_IDS.otherGuildId)).toEqual([expect.objectContaining(EXPECTED_COMMANDS[0])]);
    expect(fake.registeredCommands.has(FAKE_IDS.guildId)).toBe(false);
    expect(describeDeployment(deployment)).toBe([
      'Registered 1 command globally (in every server the bot is in, and in DMs):',
      '  /mou (ask, search, summary, sources)',
      `Registered 1 command in server ${FAKE_IDS.otherGuildId}:`,
      `  /mou-admin (${EXPECTED_COMMANDS[0]!.options.map((option) => option.name).join(', ')})`,
    ].join('\n'));
  });

  test('a rejected token is explained without the token', async () => {
    const fake = await startFake();
    fake.failNext((r) => r.method === 'PUT', { status: 401 });
    const config = configFor(fake);

    const error = await deployCommands(config).catch((e: unknown) => e);
    expect(explainDeployError(error, config))
      .toBe('Discord rejected DISCORD_TOKEN. Reset the token in the Developer Portal (Bot → Reset Token) and put the new one in .env or the service’s environment file.');
  });

  test('an error whose message holds the token, or anything shaped like one, is explained without it', async () => {
    const config: DeployConfig = { ...configFor(await startFake()), discordToken: 'configured-secret-that-has-no-token-shape' };
    const other = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB';
    // As a proxy that echoes the request's headers in its error would.
    const error = new Error(`proxy refused: Authorization: Bot ${config.discordToken}; earlier: Bot ${other}`);
    const explained = explainDeployError(error, config);
    expect(explained.startsWith('Could not register the commands: proxy refused: Authorization: Bot ')).toBe(true);
    expect(explained).not.toContain(config.discordToken);
    expect(explained).not.toContain(other);
    expect(explained).toContain('[redacted]');
  });
});

describe('npm run deploy-commands', () => {
  test('reads the environment, registers in the guild, and prints what it registered', async () => {
    const fake = await startFake();
    const { code, stdout, stderr } = await runScript({
      DISCORD_TOKEN: FAKE_IDS.token, DISCORD_CLIENT_ID: FAKE_IDS.applicationId, DISCORD_GUILD_ID: FAKE_IDS.guildId, DISCORD_API_URL: fake.apiUrl,
    });

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toBe(`Registered 2 commands in server ${FAKE_IDS.guildId}:\n  /mou-admin (refresh, add, remove, undo, history, unanswered, feedback)\n  /mou (ask, search, summary, sources)\n`);
    expect(fake.requests.find((r) => r.method === 'PUT')?.body).toEqual(EXPECTED_COMMANDS);
  });

  test('without a token, exits 78 (a configuration error) listing every configuration problem', async () => {
    const { code, stdout, stderr } = await runScript({});

    expect(code).toBe(78);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^The configuration has 2 problems .*\n {2}- DISCORD_TOKEN is missing\. .*run `npm run chat`\.\n {2}- DISCORD_CLIENT_ID is missing/);
  });
});
