/**
 * The bot: a discord.js client wired to the knowledge base, the commands and the free-form
 * message handler. `src/cli/start.ts` starts it for `npm start`; tests start it in-process against a
 * fake Discord by pointing `config.discordApiUrl` at it.
 */
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import type { Config } from '../config.js';
import { DAY_MS, MIGRATIONS, openDatabase, pruneAnswers, type Database } from '../data/index.js';
import { KnowledgeWorker } from '../core/index.js';
import type { Logger } from '../logger.js';
import { Confirmations } from './articles/index.js';
import { loadCommands, type CommandContext } from './commands.js';
import { createMessageHandler } from './messages.js';
import { RateLimiter, type QuestionLimiter } from './rate-limiter.js';
import { tryRecords } from './records.js';
import { createRefresher } from './refresh.js';
import { SharedRateLimiter } from '../sharding/rate-limit.js';
import type { ManagerChannel } from '../sharding/protocol.js';
import { adoptRefreshes } from '../sharding/shard.js';
import { NO_MENTIONS } from './reply.js';
import { createInteractionRouter } from './router.js';

/**
 * What the bot needs from a knowledge base: questions, refresh, and (sharded) adoption. The bot
 * opens a {@link KnowledgeWorker} (the index in a worker thread); tests may pass a `KnowledgeBase`.
 */
export type BotKnowledge = Pick<KnowledgeWorker, 'reader' | 'refresh' | 'flushCache' | 'adopt'>;

export interface BotOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** An open knowledge base. By default `start()` opens `config.knowledgeDir` in a worker thread, and `stop()` closes it. */
  readonly knowledgeBase?: BotKnowledge;
}

export interface Bot {
  readonly client: Client;
  /**
   * Opens the knowledge base (unless one was given), loads the commands, logs in and resolves
   * once the client is ready. Rejects with {@link StartError} when Discord refuses the login.
   */
  start(): Promise<void>;
  /** Disconnects from Discord. In-flight replies may fail; they are logged. */
  stop(): Promise<void>;
}

/** How often records older than `DATA_RETENTION_DAYS` are deleted (also once at start). */
export const PRUNE_INTERVAL_MS = DAY_MS;

/** Discord refused the login; the message says what to change. */
export class StartError extends Error {
  /**
   * Whether only the operator can fix it (a token or an intent Discord refuses): starting again
   * as it is fails the same way.
   */
  readonly configuration: boolean;

  constructor(message: string, options: { cause: unknown; configuration?: boolean }) {
    super(message, { cause: options.cause });
    this.name = 'StartError';
    this.configuration = options.configuration ?? false;
  }
}

/**
 * The gateway intents the bot needs. Message Content is privileged: it is requested only when
 * `ASK_CHANNEL_IDS` lists channels, because reading un-mentioned messages is the only thing that
 * needs it (Discord gives the content of mentions and DMs without it), and a bot that requests
 * an intent not enabled in the Developer Portal cannot log in.
 */
export function intentsFor(config: Pick<Config, 'askChannelIds'>): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
  if (config.askChannelIds.length > 0) intents.push(GatewayIntentBits.MessageContent);
  return intents;
}

function explainLoginError(error: unknown): StartError {
  const message = error instanceof Error ? error.message : String(error);
  if (message === 'Used disallowed intents') {
    return new StartError('Discord refused the Message Content intent, which ASK_CHANNEL_IDS needs. Enable it in the Developer Portal '
      + '(Bot → Privileged Gateway Intents → Message Content Intent), or leave ASK_CHANNEL_IDS empty to answer only mentions and DMs.', { cause: error, configuration: true });
  }
  if ((error as { code?: unknown }).code === 'TokenInvalid') {
    return new StartError('Discord rejected DISCORD_TOKEN. Reset the token in the Developer Portal (Bot → Reset Token) and put the new one in .env or the service’s environment file.', { cause: error, configuration: true });
  }
  if (/aborted/i.test(message)) {
    return new StartError('Discord did not answer in time: check the network, or DISCORD_API_URL if it points to a proxy.', { cause: error });
  }
  return new StartError(`Could not connect to Discord: ${message}`, { cause: error });
}

/** Creates the bot; nothing connects until {@link Bot.start}. */
export function createBot(options: BotOptions): Bot {
  const { config, logger } = options;
  const client = new Client({
    intents: intentsFor(config),
    // DMs arrive for channels the client has never seen; without this partial they are dropped.
    partials: [Partials.Channel],
    rest: { api: config.discordApiUrl },
    // A second guard beside the replies' own allowedMentions: nothing the client sends pings.
    allowedMentions: NO_MENTIONS,
  });
  // Under discord.js's ShardingManager (process mode) the manager is at the other end of this
  // process's IPC channel: refresh then spans every shard, and every shard shares one rate limit.
  const manager = client.shard?.mode === 'process' ? (process as unknown as ManagerChannel) : undefined;
  const ownLimiter = new RateLimiter(config.rateLimit.max, config.rateLimit.windowSeconds * 1000);
  const limiter: QuestionLimiter = manager ? new SharedRateLimiter(manager, ownLimiter, logger) : ownLimiter;
  let stopAdopting = () => {};
  let opened: KnowledgeWorker | undefined;
  let records: Database | undefined;
  let pruning: NodeJS.Timeout | undefined;
  let stopping = false;

  client.on(Events.Warn, (message) => logger.warn({ source: 'discord.js' }, message));
  client.on(Events.Error, (error) => logger.error({ err: error, source: 'discord.js' }, 'client error'));
  client.on(Events.ShardError, (error, shardId) => logger.warn({ err: error, shardId }, 'gateway connection error'));
  // While stopping, the connection closes on purpose: not worth a line that sounds like trouble.
  client.on(Events.ShardReconnecting, (shardId) => {
    if (!stopping) logger.info({ shardId }, 'gateway connection lost; reconnecting');
  });
  client.on(Events.ShardResume, (shardId, replayed) => logger.info({ shardId, replayed }, 'gateway resumed'));
  // discord.js emits this only for close codes it will not recover from (bad token, intents…).
  client.on(Events.ShardDisconnect, (event, shardId) => logger.error({ shardId, code: event.code }, 'gateway disconnected for good'));

  return {
    client,
    async start() {
      const commands = await loadCommands();
      if (stopping) return;
      try {
        // The knowledge base first: opening it can take minutes (a first build), and a stop
        // asked meanwhile must find nothing else open.
        let knowledge = options.knowledgeBase;
        if (!knowledge) {
          opened = await KnowledgeWorker.open(config.knowledgeDir, { ...(config.indexCachePath !== undefined && { cachePath: config.indexCachePath }), meanings: config.sentenceMeanings, logger });
          knowledge = opened;
        }
        if (stopping) {
          await release();
          return;
        }
        records = openRecords();
        pruneRecords();
        // Unreferenced: the timer alone never keeps the process alive.
        pruning = setInterval(pruneRecords, PRUNE_INTERVAL_MS).unref();
        await connect(knowledge, commands);
      } catch (error) {
        // Its worker thread would keep the process alive after a failed start.
        await release();
        throw error;
      }
    },
    async stop() {
      stopping = true;
      stopAdopting();
      await client.destroy();
      // What the knowledge base computed last (a refresh, sentence meanings) is kept for the next start.
      await opened?.flushCache().catch((error: unknown) => logger.warn({ err: error }, 'the index cache could not be saved before stopping'));
      await release();
      logger.info('disconnected from Discord');
    },
  };

  /** Closes what a start opened: the knowledge worker, the database and its pruning timer. Safe to call twice. */
  async function release(): Promise<void> {
    clearInterval(pruning);
    const [worker, database] = [opened, records];
    opened = undefined;
    records = undefined;
    await worker?.close();
    database?.close();
  }

  /**
   * Opens the bot's database. The bot answers without it: a database that cannot be used is
   * logged with what to check, and what needs it says it is unavailable.
   */
  function openRecords(): Database | undefined {
    try {
      const database = openDatabase(config.dataDir, MIGRATIONS);
      logger.info({ file: database.file, schema: database.version }, 'database ready');
      return database;
    } catch (error) {
      logger.error({ err: error }, 'the database cannot be used; answering without it (feedback and moderators\' history are unavailable)');
      return undefined;
    }
  }

  /** Deletes the answers and feedback older than `DATA_RETENTION_DAYS`. */
  function pruneRecords(): void {
    const before = new Date(Date.now() - config.dataRetentionDays * DAY_MS);
    const deleted = tryRecords({ records, logger }, 'delete old records', (database) => pruneAnswers(database, before));
    if (deleted) logger.info({ deleted, before: before.toISOString() }, 'deleted answers older than DATA_RETENTION_DAYS, with their feedback');
  }

  /** Wires the handlers to the knowledge base, logs in and waits until the client is ready. */
  async function connect(knowledge: BotKnowledge, commands: Awaited<ReturnType<typeof loadCommands>>): Promise<void> {
    if (manager) stopAdopting = adoptRefreshes(knowledge, manager, logger);
    const context: CommandContext = {
      knowledge, refresh: createRefresher(knowledge, logger, manager), limiter, config, logger, records, confirmations: new Confirmations(),
    };
    const route = createInteractionRouter(commands, context);
    const answer = createMessageHandler({ knowledge, limiter, config, logger, records });
    // Both handlers catch everything; a rejection here would be a bug in the boundary itself.
    const unhandled = (error: unknown) => logger.error({ err: error }, 'handler failed outside the error boundary');
    client.on(Events.InteractionCreate, (interaction) => void route(interaction).catch(unhandled));
    client.on(Events.MessageCreate, (message) => void answer(message).catch(unhandled));

    // Registered before login: ready can fire before login() resolves.
    const ready = once(client, Events.ClientReady);
    logger.info({ api: config.discordApiUrl }, 'connecting to Discord');
    try {
      await Promise.all([client.login(config.discordToken), ready]);
    } catch (error) {
      await client.destroy();
      throw explainLoginError(error);
    }
    const { version } = knowledge.reader;
    logger.info({
      user: client.user?.tag, applicationId: client.application?.id, guilds: client.guilds.cache.size,
      commands: [...commands.keys()], askChannels: config.askChannelIds.length,
      knowledge: { dir: config.knowledgeDir, version: version.hash, articles: version.articles, passages: version.passages },
    }, 'ready');
    const adminCommands = [...commands.values()].filter((command) => command.scope === 'admin-guilds').map((command) => `/${command.data.name}`);
    if (adminCommands.length > 0 && config.adminGuildIds.length === 0) {
      logger.warn({ commands: adminCommands }, 'ADMIN_GUILD_IDS is empty: moderator commands are refused in every server; set it (or DISCORD_GUILD_ID) to the id of the server you moderate from, then run `npm run deploy-commands`');
    }
    if (client.application && client.application.id !== config.discordClientId) {
      logger.warn({ applicationId: client.application.id, configured: config.discordClientId },
        'DISCORD_CLIENT_ID is not the id of the application this token belongs to; `npm run deploy-commands` registers commands for the wrong application');
    }
  }
}
