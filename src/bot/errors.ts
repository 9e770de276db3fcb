/**
 * The two kinds of failure the bot knows. A {@link UserError} is expected (bad input, not
 * allowed, rate limited, nothing found): its message is written for the member and shown as is.
 * Anything else is a bug or an outage: logged with its stack, and the member sees only an error id.
 */
import type { Logger } from '../logger.js';

/** An expected problem; its message is shown to the member as is (ephemerally when possible). */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** What the member sees for an unexpected error; `errorId` is the one in the log line. */
export function unexpectedErrorMessage(errorId: string): string {
  return `Something went wrong on my side, sorry. If it keeps happening, give a moderator this error id: \`${errorId}\``;
}

/** Where a failure happened, for the log line. */
export interface FailureScope {
  /** The interaction or message id: the error id the member is shown. */
  readonly id: string;
  readonly logger: Logger;
  /** What was being done (command, user, channel), logged beside the error. */
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * The bot's one error boundary: runs `work` and, when it throws, tells the member through
 * `tell` (a {@link UserError}'s own message, or a short message with the error id) and logs
 * unexpected errors with their stack under `errorId`. Never throws: a failure to tell the member
 * (for example an interaction that expired) is logged too.
 */
export async function withErrorBoundary(scope: FailureScope, work: () => Promise<void>, tell: (text: string) => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    let text: string;
    if (error instanceof UserError) {
      scope.logger.debug({ ...scope.details, reason: error.message }, 'refused');
      text = error.message;
    } else {
      scope.logger.error({ ...scope.details, err: error, errorId: scope.id }, 'unexpected error');
      text = unexpectedErrorMessage(scope.id);
    }
    try {
      await tell(text);
    } catch (replyError) {
      scope.logger.warn({ ...scope.details, err: replyError, errorId: scope.id }, 'could not tell the member about an error');
    }
  }
}
