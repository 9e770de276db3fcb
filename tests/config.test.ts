import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import dotenv from 'dotenv';
import { CONFIG_VARIABLES, ConfigError, loadConfig, loadLocalConfig, parseConfig } from '../src/config.js';

const TOKEN = 'MTI5MDAwMDAwMDAwMDAwMDAwMQ.Gx1yZa.secret-part-of-the-token';
const CLIENT_ID = '1290000000000000001';
const MINIMAL = { DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: CLIENT_ID };

/** The problems `parseConfig` reports for an environment. */
function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  test('reads every variable into a typed object', () => {
    expect(parseConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_CLIENT_ID: CLIENT_ID,
      DISCORD_GUILD_ID: '1300000000000000001',
      ADMIN_GUILD_IDS: '1300000000000000001, 1300000000004194305',
      KNOWLEDGE_DIR: '/srv/articles',
      ASK_CHANNEL_IDS: '1300000000000000101, 1300000000000000102',
      MODERATOR_ROLE_IDS: '1300000000000000201',
      RATE_LIMIT_MAX: '3',
      RATE_LIMIT_WINDOW_SECONDS: '30',
      LOG_LEVEL: 'warn',
      DISCORD_API_URL: 'http://127.0.0.1:8080/api',
      INDEX_CACHE_PATH: '/var/cache/mou/index.jsonl',
      SHARD_TOTAL: '4',
      DATA_DIR: '/srv/mou-data',
      DATA_RETENTION_DAYS: '30',
      ANSWER_IN_THREADS: 'TRUE',
      SENTENCE_MEANINGS: 'false',
      FETCH_ALLOW_HOSTS: 'News.Intranet.Example, 10.0.0.5, [fd00::1]',
      FETCH_TIMEOUT_SECONDS: '2.5',
    })).toEqual({
      discordToken: TOKEN,
      discordClientId: CLIENT_ID,
      discordGuildId: '1300000000000000001',
      adminGuildIds: ['1300000000000000001', '1300000000004194305'],
      knowledgeDir: '/srv/articles',
      askChannelIds: ['1300000000000000101', '1300000000000000102'],
      moderatorRoleIds: ['1300000000000000201'],
      rateLimit: { max: 3, windowSeconds: 30 },
      logLevel: 'warn',
      discordApiUrl: 'http://127.0.0.1:8080/api',
      indexCachePath: '/var/cache/mou/index.jsonl',
      shardCount: 4,
      dataDir: '/srv/mou-data',
      dataRetentionDays: 30,
      answerInThreads: true,
      sentenceMeanings: false,
      fetchAllowHosts: ['news.intranet.example', '10.0.0.5', '[fd00::1]'],
      fetchTimeoutMs: 2500,
    });
  });

  test('keeps the index cache next to the knowledge folder unless told otherwise, and turns it off with "off"', () => {
    expect(parseConfig({ ...MINIMAL, KNOWLEDGE_DIR: '/srv/articles' }).indexCachePath).toBe('/srv/.articles-index.jsonl');
    expect(parseConfig({ ...MINIMAL, INDEX_CACHE_PATH: 'off' }).indexCachePath).toBeUndefined();
  });

  test('refuses an ANSWER_IN_THREADS that is not true or false', () => {
    expect(problemsOf({ ...MINIMAL, ANSWER_IN_THREADS: 'yes' })).toEqual(['ANSWER_IN_THREADS must be true or false; got "yes"']);
  });

  test.each(['0', '65', '2.5', 'many'])('refuses SHARD_TOTAL=%s', (value) => {
    expect(problemsOf({ ...MINIMAL, SHARD_TOTAL: value })).toEqual([`SHARD_TOTAL must be auto or a whole number from 1 to 64; got "${value}"`]);
  });

  test('takes the operator\'s servers from DISCORD_GUILD_ID unless ADMIN_GUILD_IDS lists them', () => {
    expect(parseConfig({ ...MINIMAL, DISCORD_GUILD_ID: '1300000000000000001' }).adminGuildIds).toEqual(['1300000000000000001']);
    expect(parseConfig({ ...MINIMAL, DISCORD_GUILD_ID: '1300000000000000001', ADMIN_GUILD_IDS: '1300000000004194305' }).adminGuildIds).toEqual(['1300000000004194305']);
    expect(problemsOf({ ...MINIMAL, ADMIN_GUILD_IDS: 'my-server' })).toEqual([
      'ADMIN_GUILD_IDS must list ids separated by commas; "my-server" is not a Discord id (17 to 20 digits; enable Developer Mode in Discord, then right-click → Copy ID)',
    ]);
  });

  test('fills in the defaults when only the token and client id are set', () => {
    expect(parseConfig(MINIMAL)).toEqual({
      discordToken: TOKEN,
      discordClientId: CLIENT_ID,
      discordGuildId: undefined,
      adminGuildIds: [],
      knowledgeDir: path.resolve('knowledge'),
      askChannelIds: [],
      moderatorRoleIds: [],
      rateLimit: { max: 10, windowSeconds: 60 },
      logLevel: 'info',
      discordApiUrl: 'https://discord.com/api',
      indexCachePath: path.resolve('.knowledge-index.jsonl'),
      shardCount: 'auto',
      dataDir: path.resolve('data'),
      dataRetentionDays: 90,
      answerInThreads: false,
      sentenceMeanings: true,
      fetchAllowHosts: [],
      fetchTimeoutMs: 10_000,
    });
  });

  test('treats blank values as unset, as a .env with empty "NAME=" lines leaves them', () => {
    const config = parseConfig({ ...MINIMAL, DISCORD_GUILD_ID: '', ASK_CHANNEL_IDS: '  ', DISCORD_API_URL: '', LOG_LEVEL: '' });
    expect(config.discordGuildId).toBeUndefined();
    expect(config.askChannelIds).toEqual([]);
    expect(config.discordApiUrl).toBe('https://discord.com/api');
    expect(config.logLevel).toBe('info');
  });

  test('drops a trailing slash from the API address, which discord.js would double', () => {
    expect(parseConfig({ ...MINIMAL, DISCORD_API_URL: 'https://proxy.example.com/api/' }).discordApiUrl).toBe('https://proxy.example.com/api');
  });

  test('lists ignore spaces, empty items and repeats', () => {
    expect(parseConfig({ ...MINIMAL, MODERATOR_ROLE_IDS: ' 1300000000000000201,,1300000000000000201 , 1300000000000000202 ' }).moderatorRoleIds)
      .toEqual(['1300000000000000201', '1300000000000000202']);
  });

  test('accepts a log level in any case', () => {
    expect(parseConfig({ ...MINIMAL, LOG_LEVEL: 'DEBUG' }).logLevel).toBe('debug');
  });

  test('returns a frozen object', () => {
    const config = parseConfig({ ...MINIMAL, ASK_CHANNEL_IDS: '1300000000000000101' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.askChannelIds)).toBe(true);
    expect(Object.isFrozen(config.rateLimit)).toBe(true);
  });

  test('reports every missing or bad variable in one message', () => {
    const attempt = () => parseConfig({ DISCORD_GUILD_ID: 'my-server', RATE_LIMIT_MAX: '0', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      'The configuration has 5 problems (set the variables in .env or the environment; .env.example describes each one):\n'
      + '  - DISCORD_TOKEN is missing. Create an application in the Discord Developer Portal (https://discord.com/developers/applications), '
      + 'open Bot → Reset Token, and put the token in .env (README.md, "Connect to Discord", walks through it). To try the answers without Discord, run `npm run chat`.\n'
      + '  - DISCORD_CLIENT_ID is missing: copy the Application ID from the Developer Portal (General Information)\n'
      + '  - DISCORD_GUILD_ID must be a Discord id (17 to 20 digits; enable Developer Mode in Discord, then right-click → Copy ID); got "my-server"\n'
      + '  - RATE_LIMIT_MAX must be a whole number of at least 1; got "0"\n'
      + '  - LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "loud"',
    );
  });

  test.each([
    ['DISCORD_CLIENT_ID', '12345', 'DISCORD_CLIENT_ID must be a Discord id (17 to 20 digits; enable Developer Mode in Discord, then right-click → Copy ID); got "12345"'],
    ['ASK_CHANNEL_IDS', '1300000000000000101,general', 'ASK_CHANNEL_IDS must list ids separated by commas; "general" is not a Discord id (17 to 20 digits; enable Developer Mode in Discord, then right-click → Copy ID)'],
    ['MODERATOR_ROLE_IDS', '@Moderators', 'MODERATOR_ROLE_IDS must list ids separated by commas; "@Moderators" is not a Discord id (17 to 20 digits; enable Developer Mode in Discord, then right-click → Copy ID)'],
    ['RATE_LIMIT_MAX', 'ten', 'RATE_LIMIT_MAX must be a whole number of at least 1; got "ten"'],
    ['RATE_LIMIT_WINDOW_SECONDS', '1.5', 'RATE_LIMIT_WINDOW_SECONDS must be a whole number of at least 1; got "1.5"'],
    ['DISCORD_API_URL', 'discord.com/api', 'DISCORD_API_URL must be an http or https address such as https://discord.com/api; got "discord.com/api"'],
    ['FETCH_ALLOW_HOSTS', 'intranet.example, http://10.0.0.5/', 'FETCH_ALLOW_HOSTS must list host names or IP addresses separated by commas; "http://10.0.0.5/" is neither'],
    ['FETCH_TIMEOUT_SECONDS', '0', 'FETCH_TIMEOUT_SECONDS must be a number of seconds above 0 and at most 60; got "0"'],
    ['FETCH_TIMEOUT_SECONDS', '90', 'FETCH_TIMEOUT_SECONDS must be a number of seconds above 0 and at most 60; got "90"'],
    ['DISCORD_API_URL', 'ftp://proxy.example.com', 'DISCORD_API_URL must be an http or https address such as https://discord.com/api; got "ftp://proxy.example.com"'],
  ])('%s=%s is reported', (name, value, problem) => {
    expect(problemsOf({ ...MINIMAL, [name]: value })).toEqual([problem]);
  });

  test('never shows the token, even when it is malformed', () => {
    const token = 'abc.def secret-token-value';
    const problems = problemsOf({ DISCORD_TOKEN: token, DISCORD_CLIENT_ID: 'x' });
    expect(problems).toContain('DISCORD_TOKEN contains spaces or line breaks; paste the token exactly as the Developer Portal shows it');
    expect(problems.join('\n')).not.toContain('secret-token-value');
  });

  test('shortens a long bad value so a secret pasted into the wrong variable is not echoed whole', () => {
    expect(problemsOf({ ...MINIMAL, DISCORD_CLIENT_ID: TOKEN })).toEqual([
      'DISCORD_CLIENT_ID must be a Discord id (17 to 20 digits; enable Developer Mode in Discord, then right-click → Copy ID); got "MTI5MDAwMDAwMDAwMDAw..."',
    ]);
  });
});

describe('loadConfig', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  async function envFile(text: string): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'mou-bot-config-'));
    dirs.push(dir);
    const file = path.join(dir, '.env');
    await writeFile(file, text);
    return file;
  }

  test('reads .env, and the environment wins over it', async () => {
    const file = await envFile(`DISCORD_TOKEN=${TOKEN}\nDISCORD_CLIENT_ID=${CLIENT_ID}\nLOG_LEVEL=debug\n# a comment\nRATE_LIMIT_MAX=4\n`);
    const config = loadConfig({ envFile: file, env: { LOG_LEVEL: 'error' } });
    expect(config).toMatchObject({ discordToken: TOKEN, discordClientId: CLIENT_ID, logLevel: 'error', rateLimit: { max: 4, windowSeconds: 60 } });
  });

  test('gives the tools that need no token the same knowledge folder, cache and sentence meanings as the bot', async () => {
    const file = await envFile('KNOWLEDGE_DIR=/srv/articles\nINDEX_CACHE_PATH=/var/cache/mou.jsonl\nSENTENCE_MEANINGS=false\n');
    expect(loadLocalConfig({ envFile: file, env: {} })).toEqual({ knowledgeDir: '/srv/articles', indexCachePath: '/var/cache/mou.jsonl', sentenceMeanings: false });
    expect(loadLocalConfig({ envFile: '/nonexistent/.env', env: {} })).toEqual({ knowledgeDir: path.resolve('knowledge'), indexCachePath: path.resolve('.knowledge-index.jsonl'), sentenceMeanings: true });
    // Another folder than the bot's gets a cache of its own, in the cache folder, or none.
    expect(loadLocalConfig({ envFile: file, env: {}, knowledgeDir: '/tmp/other', cacheDir: '/var/cache/chat' }).indexCachePath).toMatch(/^\/var\/cache\/chat\/[0-9a-f]{16}\.jsonl$/);
    expect(loadLocalConfig({ envFile: file, env: {}, knowledgeDir: '/tmp/other' }).indexCachePath).toBeUndefined();
    expect(() => loadLocalConfig({ envFile: '/nonexistent/.env', env: { SENTENCE_MEANINGS: 'maybe' } })).toThrow(ConfigError);
  });

  test('works without a .env file when the environment has everything', () => {
    expect(loadConfig({ envFile: '/nonexistent/.env', env: MINIMAL }).discordToken).toBe(TOKEN);
  });

  test('does not change process.env', async () => {
    const file = await envFile('MOU_BOT_TEST_ONLY_VARIABLE=1\n');
    expect(() => loadConfig({ envFile: file, env: MINIMAL })).not.toThrow();
    expect(process.env.MOU_BOT_TEST_ONLY_VARIABLE).toBeUndefined();
  });
});

describe('.env.example and the README', () => {
  test('.env.example lists every variable, in order, and passes once the token and client id are filled in', async () => {
    const text = await readFile(new URL('../.env.example', import.meta.url), 'utf8');
    // Optional variables are documented as commented-out "# NAME=value" lines.
    const documented = [...text.matchAll(/^(?:# )?([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);
    expect(documented).toEqual(CONFIG_VARIABLES);
    const example = dotenv.parse(text);
    expect(parseConfig({ ...example, ...MINIMAL })).toMatchObject({ knowledgeDir: path.resolve('knowledge'), rateLimit: { max: 10, windowSeconds: 60 } });
  });

  test('.env.example sets only the required variables, and its commented-out values are the defaults', async () => {
    const text = await readFile(new URL('../.env.example', import.meta.url), 'utf8');
    // A copy used with `docker run --env-file` must not blank out what the image sets.
    expect(Object.keys(dotenv.parse(text))).toEqual(['DISCORD_TOKEN', 'DISCORD_CLIENT_ID']);
    const uncommented = dotenv.parse(text.replace(/^# ([A-Z][A-Z0-9_]*=)/gm, '$1'));
    expect(Object.keys(uncommented)).toEqual(CONFIG_VARIABLES);
    expect(parseConfig({ ...uncommented, ...MINIMAL })).toEqual(parseConfig(MINIMAL));
  });

  test('the configuration reference names every variable in the first column of a row', async () => {
    const docs = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    const firstColumns = docs.split('\n').filter((line) => line.startsWith('| `')).map((line) => line.split(' | ')[0] ?? '');
    for (const name of CONFIG_VARIABLES) expect(firstColumns.some((cell) => cell.includes(`\`${name}\``)), name).toBe(true);
  });
});
