/**
 * `npm run start:sharded`: runs the bot under discord.js's ShardingManager, one child process
 * per shard (`start.ts`, or its build), each with its own gateway connection and its own copy of the index.
 * It stops every shard on SIGINT, SIGTERM, or when the process that started it exits; a shard
 * whose manager is gone stops by itself, as `npm start` does without its parent.
 * The manager coordinates refresh so every shard serves the same knowledge base version, and
 * keeps the one rate limit that every shard asks (a member is limited once, not once per shard).
 *
 * Exit status, as `npm start`'s: {@link EXIT_CONFIG} (78) when the configuration is wrong in a
 * way only the operator can fix (invalid settings, a token Discord rejects, or a shard that exits
 * with 78, which respawning would only repeat), 1 for anything a restart may cure.
 */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RESTGetAPIGatewayBotResult } from 'discord.js';
import { EXIT_CONFIG, loadConfigOrExit, type Config } from '../config.js';
// The manager starts processes and runs no answer engine: it needs only this of the core.
import { runnableModule } from '../core/runtime/index.js';
import { createLogger } from '../logger.js';
import { RateLimiter } from '../bot/rate-limiter.js';
import { RefreshCoordinator } from '../sharding/coordinator.js';
import { serveRateLimit } from '../sharding/rate-limit.js';
import { watchParent } from './parent.js';

/** Pause between starting shards: Discord lets a bot identify about once every 5 seconds. */
const SPAWN_DELAY_MS = 5_500;
/** How long a shard may take to become ready (it loads the index first). */
const SPAWN_TIMEOUT_MS = 180_000;

const config = loadConfigOrExit();
// discord.js loads once the configuration is valid: a configuration error is reported without
// waiting for it.
const [{ DiscordAPIError, REST, Routes, ShardingManager }, { explainDeployError }] = await Promise.all([
  import('discord.js'), import('../bot/deploy.js'),
]);

/**
 * Discord's recommended shard count, asked through the configured REST API (discord.js's own
 * helper always asks discord.com, which would bypass an API proxy).
 */
async function recommendedShardCount(config: Config): Promise<number> {
  const rest = new REST({ api: config.discordApiUrl }).setToken(config.discordToken);
  const gateway = await rest.get(Routes.gatewayBot()) as RESTGetAPIGatewayBotResult;
  return Math.max(1, gateway.shards);
}

const logger = createLogger(config.logLevel, undefined, [config.discordToken]);
const totalShards = config.shardCount === 'auto' ? await recommendedShardCount(config).catch((error: unknown) => {
  logger.fatal({ err: error }, 'could not ask Discord how many shards to run');
  if (!(error instanceof DiscordAPIError && error.status === 401)) process.exit(1);
  // Said plainly as well, in the words `npm run deploy-commands` uses for the same refusal.
  console.error(explainDeployError(error, config));
  process.exit(EXIT_CONFIG);
}) : config.shardCount;
const shardModule = runnableModule(new URL('./start.js', import.meta.url));
const manager = new ShardingManager(fileURLToPath(shardModule.url), {
  token: config.discordToken,
  totalShards,
  mode: 'process',
  // A build's shards run its JavaScript with plain Node; from the sources they run the TypeScript
  // through tsx, resolved here so any working folder works.
  execArgv: shardModule.typescript ? ['--import', import.meta.resolve('tsx')] : [],
});
let stopping = false;
const coordinator = new RefreshCoordinator(logger);
// One limit per member, whichever shard their question reaches.
const limiter = new RateLimiter(config.rateLimit.max, config.rateLimit.windowSeconds * 1000);
manager.on('shardCreate', (shard) => {
  coordinator.attach(shard);
  serveRateLimit(shard, limiter, logger);
  shard.on('death', (child) => {
    if (stopping) return;
    // A shard that exits with EX_CONFIG would exit so again each time it is respawned.
    if ((child as ChildProcess).exitCode === EXIT_CONFIG) {
      logger.fatal({ shard: shard.id }, 'shard exited on a configuration error; stopping every shard');
      stopAll({ reason: `shard ${shard.id} exited on a configuration error` }, EXIT_CONFIG);
      return;
    }
    logger.warn({ shard: shard.id }, 'shard process exited; the manager respawns it');
  });
  logger.info({ shard: shard.id, totalShards }, 'shard started');
});

function stopAll(why: { signal: NodeJS.Signals } | { reason: string }, status = 0): void {
  if (stopping) process.exit(1);
  stopping = true;
  logger.info(why, 'stopping all shards');
  for (const shard of manager.shards.values()) shard.kill();
  process.exit(status);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stopAll({ signal }));
// A supervisor that signals only npm must not leave the manager and its shards running.
watchParent(() => stopAll({ reason: 'the process that started the manager exited' }));

try {
  await manager.spawn({ amount: totalShards, delay: SPAWN_DELAY_MS, timeout: SPAWN_TIMEOUT_MS });
  logger.info({ totalShards }, 'all shards ready');
} catch (error) {
  logger.fatal({ err: error }, 'could not start the shards');
  for (const shard of manager.shards.values()) shard.kill();
  process.exit(1);
}
