/**
 * Structured logging: one JSON line per event on stdout (pino), at the level from the config.
 * A formatter such as `pino-pretty` (not a dependency) makes it readable by eye while developing.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger } from 'pino';

/**
 * Where a token could appear in a logged object. The code never logs the token on purpose; this
 * catches an accident, such as logging the whole config or a client's options.
 */
export const REDACTED_PATHS: readonly string[] = [
  'discordToken', '*.discordToken', 'token', '*.token', '*.*.token', 'authorization', '*.authorization', '*.headers.authorization',
];

/**
 * A logger at `level` writing JSON lines to `destination` (default: stdout). Errors go under
 * the `err` key, with their stack and cause. Tests pass an in-memory stream to read the lines.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { app: 'mou-bot' },
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    // An error's cause is logged as its own object: pino's default would repeat its message in
    // the message of an error that already says it ("Could not connect: ECONNREFUSED: ECONNREFUSED").
    serializers: { err: pino.stdSerializers.errWithCause },
  };
  return destination ? pino(options, destination) : pino(options);
}
