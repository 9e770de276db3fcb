/**
 * Free-form questions: the bot answers a message when it is mentioned, in a DM, or (when the
 * operator lists channels in `ASK_CHANNEL_IDS`) any message in those channels. It replies to the
 * message, never pings, ignores bots (itself included), and shows "typing…" while it works.
 */
import type { Message } from 'discord.js';
import type { Config } from '../config.js';
import type { Database } from '../data/index.js';
import type { KnowledgeReader } from '../core/index.js';
import type { Logger } from '../logger.js';
import { withErrorBoundary } from './errors.js';
import type { RateLimiter } from './rate-limiter.js';
import { replyToMessage } from './reply.js';
import { answerText } from './render.js';

export interface MessageHandlerOptions {
  readonly knowledge: { readonly reader: KnowledgeReader };
  readonly limiter: RateLimiter;
  readonly config: Pick<Config, 'askChannelIds'>;
  readonly logger: Logger;
  /** The bot's database; `undefined` when it could not be opened. */
  readonly records: Database | undefined;
}

/** Why a message is answered, or undefined when it is not for the bot. */
function reasonToAnswer(message: Message, botId: string, askChannels: ReadonlySet<string>): 'dm' | 'mention' | 'ask-channel' | undefined {
  if (message.author.bot || message.system || message.webhookId) return undefined;
  if (!message.inGuild()) return 'dm';
  // Only a direct mention of the bot counts: not @everyone, @here or one of its roles.
  if (message.mentions.users.has(botId)) return 'mention';
  if (askChannels.has(message.channelId)) return 'ask-channel';
  return undefined;
}

/** The question in a message: its text without mentions of the bot. */
export function questionOf(content: string, botId: string): string {
  return content.replaceAll(`<@${botId}>`, ' ').replaceAll(`<@!${botId}>`, ' ').trim();
}

/** Returns the `messageCreate` handler. It never rejects: failures go through the error boundary. */
export function createMessageHandler(options: MessageHandlerOptions): (message: Message) => Promise<void> {
  const { knowledge, limiter, logger } = options;
  const askChannels = new Set(options.config.askChannelIds);
  return async (message) => {
    const botId = message.client.user.id;
    const reason = reasonToAnswer(message, botId, askChannels);
    if (!reason) return;
    const details = { messageId: message.id, reason, userId: message.author.id, guildId: message.guildId, channelId: message.channelId };
    await withErrorBoundary({ id: message.id, logger, details }, async () => {
      const decision = limiter.take(message.author.id);
      if (!decision.ok) {
        // A message cannot be answered privately, so say it once per window rather than to every message.
        if (decision.firstRefusal) await replyToMessage(message, limiter.refusal(decision.retryAt));
        return;
      }
      // Typing only shows that the bot is working; an answer matters more than the indicator.
      if (message.channel.isSendable()) {
        await message.channel.sendTyping().catch((error: unknown) => logger.warn({ ...details, err: error }, 'could not show the typing indicator'));
      }
      await replyToMessage(message, await answerText(knowledge.reader, questionOf(message.content, botId)));
      logger.debug(details, 'message answered');
    }, (text) => replyToMessage(message, text));
  };
}
