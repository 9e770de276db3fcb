/**
 * The bot's configuration: read once from the environment and `.env`, validated as a whole, and
 * returned as a typed, frozen object. Nothing else in the project reads `process.env`.
 *
 * Every problem is reported at once, so an operator fixes `.env` in one pass, and no message ever
 * contains the token's value.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';

/** pino's level names, most to least severe; `silent` logs nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Discord's own REST API, what discord.js uses when no proxy is configured. */
export const DEFAULT_DISCORD_API_URL = 'https://discord.com/api';
export const DEFAULT_KNOWLEDGE_DIR = 'knowledge';
/** Questions a member may ask per window before being asked to wait. */
export const DEFAULT_RATE_LIMIT_MAX = 10;
export const DEFAULT_RATE_LIMIT_WINDOW_SECONDS = 60;
/** Where the bot keeps its database, relative to where it is started. */
export const DEFAULT_DATA_DIR = 'data';
/** Days the records of answers and feedback are kept. */
export const DEFAULT_DATA_RETENTION_DAYS = 90;
/** `INDEX_CACHE_PATH` value that turns the index cache off. */
export const CACHE_OFF = 'off';
/** Most shards `SHARD_TOTAL` accepts: far past what one machine runs (about 2,500 servers each). */
export const MAX_SHARDS = 64;
/** Seconds a moderator's `/mou-admin add url:` may take to fetch the page, by default. */
export const DEFAULT_FETCH_TIMEOUT_SECONDS = 10;
/** Longest fetch time `FETCH_TIMEOUT_SECONDS` accepts: an interaction's reply must come within 15 minutes, a member waits far less. */
export const MAX_FETCH_TIMEOUT_SECONDS = 60;

/** The validated configuration. */
export interface Config {
  /** The bot token. Never logged (the logger redacts it) and never shown in an error. */
  readonly discordToken: string;
  /** The application id: where `deploy-commands` registers commands. */
  readonly discordClientId: string;
  /** When set, commands are deployed to this one server (instant; for development). */
  readonly discordGuildId: string | undefined;
  /**
   * The operator's servers: the only ones where moderator commands (`/mou-admin`) are registered
   * and work, because every server shares the one knowledge base. Defaults to `discordGuildId`
   * when that is set; empty turns moderator commands off.
   */
  readonly adminGuildIds: readonly string[];
  /** Absolute path of the knowledge folder. */
  readonly knowledgeDir: string;
  /**
   * Channels where every message is answered, not only mentions. Needs the privileged Message
   * Content intent, which the bot requests only when this list is not empty.
   */
  readonly askChannelIds: readonly string[];
  /** Roles allowed to use `/mou-admin` besides members with Manage Server. */
  readonly moderatorRoleIds: readonly string[];
  /** Per-member limit on questions: at most `max` in any `windowSeconds`. */
  readonly rateLimit: { readonly max: number; readonly windowSeconds: number };
  readonly logLevel: LogLevel;
  /** Base URL of Discord's REST API, without a trailing slash (an API proxy, or a local fake). */
  readonly discordApiUrl: string;
  /**
   * Absolute path of the index cache file, or `undefined` when it is off. By default next to
   * the knowledge folder: `knowledge/` → `.knowledge-index.jsonl`.
   */
  readonly indexCachePath: string | undefined;
  /** Shards for `npm run start:sharded`: a number, or `auto` for Discord's recommendation. */
  readonly shardCount: number | 'auto';
  /** Absolute path of the folder of the bot's database (answers, feedback, changes). */
  readonly dataDir: string;
  /** Records of answers and feedback older than this many days are deleted. */
  readonly dataRetentionDays: number;
  /** Answer a question in an ask channel in a new thread named after it (follow-ups go there). */
  readonly answerInThreads: boolean;
  /**
   * Whether answers weigh the closeness in meaning of whole sentences (a sentence encoder run in
   * a worker thread after start, and for each question).
   */
  readonly sentenceMeanings: boolean;
  /**
   * Host names and IP addresses that `/mou-admin add url:` may fetch from although they are
   * private, loopback or link-local (an intranet news site); lower case. Empty by default.
   */
  readonly fetchAllowHosts: readonly string[];
  /** Longest a page fetch for `/mou-admin add url:` may take, redirects included, in milliseconds. */
  readonly fetchTimeoutMs: number;
}

/** The configuration is incomplete or wrong; `problems` names each variable and what is wrong. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `The configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'} `
      + '(set the variables in .env or the environment; .env.example describes each one):\n'
      + problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

const TOKEN_MISSING = 'DISCORD_TOKEN is missing. Create an application in the Discord Developer Portal '
  + '(https://discord.com/developers/applications), open Bot → Reset Token, and put the token in .env '
  + '(README.md, "Connect to Discord", walks through it). To try the answers without Discord, run `npm run chat`.';

// Discord ids are snowflakes: 64-bit numbers written in decimal, 17 to 20 digits today.
const SNOWFLAKE = /^\d{17,20}$/;
const SNOWFLAKE_HINT = 'a Discord id (17 to 20 digits; enable Developer Mode in Discord, then right-click → Copy ID)';

/** Longest bad value quoted whole in a message: a mistyped id fits, a misplaced token does not. */
const MAX_SHOWN_CHARS = 24;

/** Quotes a bad value in a message, shortened so a secret pasted into the wrong variable is not echoed. */
function shown(value: unknown): string {
  const text = String(value);
  return JSON.stringify(text.length > MAX_SHOWN_CHARS ? `${text.slice(0, 20)}...` : text);
}

const snowflake = (name: string) => z.string().refine((value) => SNOWFLAKE.test(value), {
  error: (issue) => `${name} must be ${SNOWFLAKE_HINT}; got ${shown(issue.input)}`,
});

/** A comma-separated list of ids ("123, 456"); each bad item is named. Unset: undefined. */
const optionalSnowflakeList = (name: string) => z.string().transform((value, ctx) => {
  const ids = value.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
  for (const id of ids) {
    if (!SNOWFLAKE.test(id)) ctx.addIssue({ code: 'custom', message: `${name} must list ids separated by commas; ${shown(id)} is not ${SNOWFLAKE_HINT}` });
  }
  return Object.freeze([...new Set(ids)]);
}).optional();

/** A comma-separated list of ids; unset is the empty list. */
const snowflakeList = (name: string) => optionalSnowflakeList(name).transform((ids) => ids ?? Object.freeze([]));

const positiveInteger = (name: string, fallback: number) => z.string().default(String(fallback)).transform((value, ctx) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    ctx.addIssue({ code: 'custom', message: `${name} must be a whole number of at least 1; got ${shown(value)}` });
    return z.NEVER;
  }
  return number;
});

const booleanFlag = (name: string, fallback = false) => z.string().default(String(fallback)).transform((value, ctx) => {
  const flag = value.toLowerCase();
  if (flag === 'true' || flag === 'false') return flag === 'true';
  ctx.addIssue({ code: 'custom', message: `${name} must be true or false; got ${shown(value)}` });
  return z.NEVER;
});

// A host name (letters, digits, hyphens and dots) or an IP address, IPv6 optionally in brackets.
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.?|\[?[0-9a-f:.]+\]?)$/i;

/** A comma-separated list of hosts ("news.internal, 10.0.0.5"); each bad item is named. */
const hostList = (name: string) => z.string().default('').transform((value, ctx) => {
  const hosts = value.split(',').map((item) => item.trim().toLowerCase()).filter((item) => item.length > 0);
  for (const host of hosts) {
    if (!HOST.test(host)) ctx.addIssue({ code: 'custom', message: `${name} must list host names or IP addresses separated by commas; ${shown(host)} is neither` });
  }
  return Object.freeze([...new Set(hosts)]);
});

const envSchema = z.object({
  // The token's issues never include its value.
  DISCORD_TOKEN: z.string({ error: TOKEN_MISSING }).refine((value) => !/\s/.test(value), {
    error: 'DISCORD_TOKEN contains spaces or line breaks; paste the token exactly as the Developer Portal shows it',
  }),
  DISCORD_CLIENT_ID: z.string({
    error: 'DISCORD_CLIENT_ID is missing: copy the Application ID from the Developer Portal (General Information)',
  }).pipe(snowflake('DISCORD_CLIENT_ID')),
  DISCORD_GUILD_ID: snowflake('DISCORD_GUILD_ID').optional(),
  ADMIN_GUILD_IDS: optionalSnowflakeList('ADMIN_GUILD_IDS'),
  KNOWLEDGE_DIR: z.string().default(DEFAULT_KNOWLEDGE_DIR),
  ASK_CHANNEL_IDS: snowflakeList('ASK_CHANNEL_IDS'),
  MODERATOR_ROLE_IDS: snowflakeList('MODERATOR_ROLE_IDS'),
  RATE_LIMIT_MAX: positiveInteger('RATE_LIMIT_MAX', DEFAULT_RATE_LIMIT_MAX),
  RATE_LIMIT_WINDOW_SECONDS: positiveInteger('RATE_LIMIT_WINDOW_SECONDS', DEFAULT_RATE_LIMIT_WINDOW_SECONDS),
  LOG_LEVEL: z.string().default('info').transform((value, ctx) => {
    const level = value.toLowerCase();
    if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;
    ctx.addIssue({ code: 'custom', message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got ${shown(value)}` });
    return z.NEVER;
  }),
  DISCORD_API_URL: z.string().default(DEFAULT_DISCORD_API_URL).transform((value, ctx) => {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      // reported below
    }
    if (!url || !['http:', 'https:'].includes(url.protocol)) {
      ctx.addIssue({ code: 'custom', message: `DISCORD_API_URL must be an http or https address such as ${DEFAULT_DISCORD_API_URL}; got ${shown(value)}` });
      return z.NEVER;
    }
    // discord.js appends "/v10/…"; a trailing slash would make "//v10".
    return value.replace(/\/+$/, '');
  }),
  INDEX_CACHE_PATH: z.string().optional(),
  // Not SHARD_COUNT: discord.js reads that name from the environment of every process it runs
  // in (its sharding manager sets it for each shard), and refuses "auto" there.
  SHARD_TOTAL: z.string().default('auto').transform((value, ctx) => {
    if (value.toLowerCase() === 'auto') return 'auto' as const;
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1 || number > MAX_SHARDS) {
      ctx.addIssue({ code: 'custom', message: `SHARD_TOTAL must be auto or a whole number from 1 to ${MAX_SHARDS}; got ${shown(value)}` });
      return z.NEVER;
    }
    return number;
  }),
  DATA_DIR: z.string().default(DEFAULT_DATA_DIR),
  DATA_RETENTION_DAYS: positiveInteger('DATA_RETENTION_DAYS', DEFAULT_DATA_RETENTION_DAYS),
  ANSWER_IN_THREADS: booleanFlag('ANSWER_IN_THREADS'),
  SENTENCE_MEANINGS: booleanFlag('SENTENCE_MEANINGS', true),
  FETCH_ALLOW_HOSTS: hostList('FETCH_ALLOW_HOSTS'),
  FETCH_TIMEOUT_SECONDS: z.string().default(String(DEFAULT_FETCH_TIMEOUT_SECONDS)).transform((value, ctx) => {
    const seconds = Number(value);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_FETCH_TIMEOUT_SECONDS) {
      ctx.addIssue({ code: 'custom', message: `FETCH_TIMEOUT_SECONDS must be a number of seconds above 0 and at most ${MAX_FETCH_TIMEOUT_SECONDS}; got ${shown(value)}` });
      return z.NEVER;
    }
    return Math.round(seconds * 1000);
  }),
});

/** Every variable the configuration reads, in the order `.env.example` lists them. */
export const CONFIG_VARIABLES: readonly string[] = Object.freeze(Object.keys(envSchema.shape));

/**
 * Validates configuration variables (usually `process.env` after `.env` is read). Blank values
 * count as unset (`NAME=` in a `.env` file, or an empty variable in a service's environment).
 * Throws a {@link ConfigError} listing every problem.
 */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const present: Record<string, string> = {};
  for (const key of CONFIG_VARIABLES) {
    const value = env[key]?.trim();
    if (value) present[key] = value;
  }
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => issue.message));
  const data = parsed.data;
  const knowledgeDir = path.resolve(data.KNOWLEDGE_DIR);
  const indexCachePath = cachePathOf(knowledgeDir, data.INDEX_CACHE_PATH);
  return Object.freeze({
    discordToken: data.DISCORD_TOKEN,
    discordClientId: data.DISCORD_CLIENT_ID,
    discordGuildId: data.DISCORD_GUILD_ID,
    adminGuildIds: data.ADMIN_GUILD_IDS ?? Object.freeze(data.DISCORD_GUILD_ID === undefined ? [] : [data.DISCORD_GUILD_ID]),
    knowledgeDir,
    askChannelIds: data.ASK_CHANNEL_IDS,
    moderatorRoleIds: data.MODERATOR_ROLE_IDS,
    rateLimit: Object.freeze({ max: data.RATE_LIMIT_MAX, windowSeconds: data.RATE_LIMIT_WINDOW_SECONDS }),
    logLevel: data.LOG_LEVEL,
    discordApiUrl: data.DISCORD_API_URL,
    indexCachePath,
    shardCount: data.SHARD_TOTAL,
    dataDir: path.resolve(data.DATA_DIR),
    dataRetentionDays: data.DATA_RETENTION_DAYS,
    answerInThreads: data.ANSWER_IN_THREADS,
    sentenceMeanings: data.SENTENCE_MEANINGS,
    fetchAllowHosts: data.FETCH_ALLOW_HOSTS,
    fetchTimeoutMs: data.FETCH_TIMEOUT_SECONDS,
  });
}

/**
 * Reads `.env` (when it exists) over a copy of the process environment and validates the
 * result. Variables already set in the environment win over `.env`, so a deployment can
 * override the file. Throws a {@link ConfigError} listing every problem.
 */
export function loadConfig(options: EnvOptions = {}): Config {
  return parseConfig(readEnv(options));
}

/** Where the environment comes from: `.env` (when it exists) over a copy of `env`. */
interface EnvOptions {
  readonly envFile?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

function readEnv(options: EnvOptions): Record<string, string | undefined> {
  const env = { ...(options.env ?? process.env) };
  const envFile = path.resolve(options.envFile ?? '.env');
  if (existsSync(envFile)) {
    const { error } = dotenv.config({ path: envFile, processEnv: env, quiet: true });
    if (error) throw new ConfigError([`${envFile} cannot be read: ${error.message}`]);
  }
  return env;
}

/** The index cache for a knowledge folder: `INDEX_CACHE_PATH`, or beside the folder by default; `undefined` when it is off. */
function cachePathOf(knowledgeDir: string, setting: string | undefined): string | undefined {
  if (setting === undefined) return path.join(path.dirname(knowledgeDir), `.${path.basename(knowledgeDir)}-index.jsonl`);
  return setting.toLowerCase() === CACHE_OFF ? undefined : path.resolve(setting);
}

/** What the tools that need no token (`npm run chat`, `npm run ask`) read of the configuration. */
export interface LocalConfig {
  readonly knowledgeDir: string;
  readonly indexCachePath: string | undefined;
  readonly sentenceMeanings: boolean;
}

/**
 * The knowledge folder, its index cache and whether sentences get meanings, from the
 * environment or `.env` as the bot reads them, so that `npm run chat` and `npm run ask` answer
 * as the bot does. `knowledgeDir` (a `--knowledge` folder) replaces `KNOWLEDGE_DIR`; its cache
 * is then kept in `cacheDir`, named after the folder (never written into the folder's own
 * tree), or not kept without `cacheDir`. Throws a {@link ConfigError} for a bad value.
 */
export function loadLocalConfig(options: EnvOptions & { readonly knowledgeDir?: string; readonly cacheDir?: string } = {}): LocalConfig {
  const env = readEnv(options);
  const present = Object.fromEntries(['KNOWLEDGE_DIR', 'INDEX_CACHE_PATH', 'SENTENCE_MEANINGS'].flatMap((key) => {
    const value = env[key]?.trim();
    return value ? [[key, value]] : [];
  }));
  const parsed = envSchema.pick({ KNOWLEDGE_DIR: true, INDEX_CACHE_PATH: true, SENTENCE_MEANINGS: true }).safeParse(present);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => issue.message));
  const knowledgeDir = path.resolve(options.knowledgeDir ?? parsed.data.KNOWLEDGE_DIR);
  const otherCache = options.cacheDir && path.join(options.cacheDir, `${createHash('sha256').update(knowledgeDir).digest('hex').slice(0, 16)}.jsonl`);
  return Object.freeze({
    knowledgeDir,
    indexCachePath: options.knowledgeDir === undefined ? cachePathOf(knowledgeDir, parsed.data.INDEX_CACHE_PATH) : otherCache,
    sentenceMeanings: parsed.data.SENTENCE_MEANINGS,
  });
}

/**
 * Exit status of an entry point stopped by a configuration error that restarting cannot fix
 * (sysexits.h's EX_CONFIG): invalid settings, a token Discord rejects. The systemd example names
 * it in `RestartPreventExitStatus`, so a supervisor stops restarting the bot.
 */
export const EXIT_CONFIG = 78;

/**
 * For the command-line entry points: {@link loadConfig}, or print the problems (never the
 * token) to stderr and exit with status {@link EXIT_CONFIG}.
 */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(EXIT_CONFIG);
  }
}
