/**
 * `npm start`: reads the configuration, opens the knowledge base, connects to Discord, and
 * disconnects cleanly on SIGINT (Ctrl+C), SIGTERM, or when the process that started it exits
 * (a supervisor that signals only `npm`). A second signal exits at once. Commands are registered
 * separately, by `npm run deploy-commands`.
 *
 * Exit status: 0 after a clean stop; {@link EXIT_CONFIG} (78) when the configuration is wrong in
 * a way only the operator can fix (invalid settings, a token Discord rejects, an intent it
 * refuses), so that a supervisor stops restarting it; 1 for anything a restart may cure (the
 * network, a knowledge folder not mounted yet, an unexpected error).
 */
import { EXIT_CONFIG, loadConfigOrExit } from '../config.js';
import { createLogger, redactSecrets } from '../logger.js';
import { watchParent } from './parent.js';

/** How long a clean shutdown may take before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

const config = loadConfigOrExit();
// The bot and the answer engine (discord.js, the language model) load once the configuration is
// valid: a configuration error is reported without waiting for them.
const [{ createBot, StartError }, { ArticleError, LanguageDataError, removeOwnTemporaryFiles }] = await Promise.all([
  import('../bot/client.js'), import('../core/index.js'),
]);

const logger = createLogger(config.logLevel, undefined, [config.discordToken]);
const bot = createBot({ config, logger });

// However the process ends (a clean stop, a second signal, a stop that took too long), a cache
// save it cut short leaves no temporary file as large as the cache behind.
process.on('exit', () => {
  if (config.indexCachePath !== undefined) removeOwnTemporaryFiles(config.indexCachePath);
});

let stopping = false;
async function shutdown(why: { signal: NodeJS.Signals } | { reason: string }): Promise<void> {
  if (stopping) {
    logger.warn(why, 'asked again to stop: exiting without waiting');
    process.exit(1);
  }
  stopping = true;
  logger.info(why, 'shutting down');
  setTimeout(() => {
    logger.error({ ms: SHUTDOWN_TIMEOUT_MS }, 'shutdown took too long: exiting');
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_MS).unref();
  await bot.stop();
  // Nothing else keeps the process alive once the client is gone: it exits by itself.
}
const stop = (why: Parameters<typeof shutdown>[0]) => {
  shutdown(why).catch((error: unknown) => {
    logger.fatal({ err: error }, 'shutdown failed');
    process.exit(1);
  });
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, (received) => stop({ signal: received }));
watchParent(() => stop({ reason: 'the process that started the bot exited' }));
process.on('unhandledRejection', (reason) => {
  logger.fatal({ err: reason }, 'unhandled promise rejection');
  process.exit(1);
});

try {
  await bot.start();
} catch (error) {
  logger.fatal({ err: error }, 'could not start');
  // Said plainly as well: these are the operator's to fix, and the JSON log line is hard to read.
  if (error instanceof StartError || error instanceof ArticleError || error instanceof LanguageDataError) console.error(redactSecrets(error.message, [config.discordToken]));
  process.exitCode = error instanceof StartError && error.configuration ? EXIT_CONFIG : 1;
  // Under the sharding manager its IPC channel would keep the process alive: the manager learns
  // of the failure from the exit status.
  if (process.connected) process.disconnect();
}
