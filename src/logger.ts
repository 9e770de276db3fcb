/**
 * Structured logging: one JSON line per event on stdout (pino), at the level from the config.
 * A formatter such as `pino-pretty` (not a dependency) makes it readable by eye while developing.
 *
 * Every line is written without secrets: the token and what holds it are removed by key, and
 * what looks like a secret anywhere in a line (an error's URL, a path the token was pasted
 * into by mistake) is replaced by `[redacted]` before the line is written.
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

const REDACTED = '[redacted]';
/**
 * Shortest known secret that is redacted where it appears: every Discord token is far longer,
 * and replacing a short value (a placeholder token in a test) would garble every line.
 */
const MIN_SECRET_CHARS = 8;

// What a secret looks like wherever it appears in text:
// - a user name and password in an address (`https://user:password@proxy.example`);
// - an interaction or webhook token in a Discord URL (`/interactions/<id>/<token>/callback`),
//   which lets anyone answer in the bot's name for 15 minutes;
// - a Discord bot token: three base64url parts joined by dots.
const SECRET_SHAPES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"]+@/gi, `$1${REDACTED}@`],
  [/(\/(?:interactions|webhooks)\/\d+\/)[^/?#\s"]+/g, `$1${REDACTED}`],
  [/[\w-]{20,}\.[\w-]{5,}\.[\w-]{20,}/g, REDACTED],
];

/**
 * `text` with every secret in `secrets` of at least {@link MIN_SECRET_CHARS} characters (as
 * written, or as JSON writes it) and everything shaped like a secret (see above) replaced by
 * `[redacted]`.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let redacted = text;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_CHARS) continue;
    redacted = redacted.replaceAll(secret, REDACTED).replaceAll(JSON.stringify(secret).slice(1, -1), REDACTED);
  }
  for (const [shape, replacement] of SECRET_SHAPES) redacted = redacted.replace(shape, replacement);
  return redacted;
}

/**
 * A logger at `level` writing JSON lines to `destination` (default: stdout). Errors go under
 * the `err` key, with their stack and cause. `secrets` (the token) never appear in a line, nor
 * does anything shaped like a secret. Tests pass an in-memory stream to read the lines.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream, secrets: readonly string[] = []): Logger {
  const options = {
    level,
    base: { app: 'mou-bot' },
    redact: { paths: [...REDACTED_PATHS], censor: REDACTED },
    // An error's cause is logged as its own object: pino's default would repeat its message in
    // the message of an error that already says it ("Could not connect: ECONNREFUSED: ECONNREFUSED").
    serializers: { err: pino.stdSerializers.errWithCause },
    hooks: { streamWrite: (line: string) => redactSecrets(line, secrets) },
  };
  return destination ? pino(options, destination) : pino(options);
}
