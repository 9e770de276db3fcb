/**
 * `npm start`: reads the configuration, opens the knowledge base, connects to Discord, and
 * disconnects cleanly on SIGINT (Ctrl+C) or SIGTERM. Commands are registered separately, by
 * `npm run deploy-commands`.
 */
import { loadConfigOrExit } from '../config.js';
import { createBot, StartError } from '../bot/client.js';
import { ArticleError } from '../core/index.js';
import { createLogger } from '../logger.js';

/** How long a clean shutdown may take before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

const config = loadConfigOrExit();

const logger = createLogger(config.logLevel);
const bot = createBot({ config, logger });

let stopping = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    logger.warn({ signal }, 'second signal: exiting without waiting');
    process.exit(1);
  }
  stopping = true;
  logger.info({ signal }, 'shutting down');
  setTimeout(() => {
    logger.error({ ms: SHUTDOWN_TIMEOUT_MS }, 'shutdown took too long: exiting');
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_MS).unref();
  await bot.stop();
  // Nothing else keeps the process alive once the client is gone: it exits by itself.
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, (received) => {
    shutdown(received).catch((error: unknown) => {
      logger.fatal({ err: error }, 'shutdown failed');
      process.exit(1);
    });
  });
}
process.on('unhandledRejection', (reason) => {
  logger.fatal({ err: reason }, 'unhandled promise rejection');
  process.exit(1);
});

try {
  await bot.start();
} catch (error) {
  logger.fatal({ err: error }, 'could not start');
  // Said plainly as well: these are the operator's to fix, and the JSON log line is hard to read.
  if (error instanceof StartError || error instanceof ArticleError) console.error(error.message);
  process.exitCode = 1;
}
