/**
 * Free-form questions: the bot answers a message when it is mentioned, in a DM, in a reply to
 * one of its answers, in a thread it opened, in a post of an ask forum, or (when the operator
 * lists channels in `ASK_CHANNEL_IDS`) a message in those channels that reads as a question or
 * request. Replies, threads and posts are conversations: a follow-up is read with the question
 * before it. It never pings, ignores bots (itself included), and shows "typing…" while it works.
 *
 * With `ANSWER_IN_THREADS`, a question in an ask channel gets its answer in a new thread named
 * after it (a greeting or "tl;dr" is answered in place); a forum post is answered in the post.
 */
import { ThreadAutoArchiveDuration, type Message, type SendableChannels } from 'discord.js';
import type { Config } from '../config.js';
import { checkQuestion, readIntent } from '../core/index.js';
import type { Database } from '../data/index.js';
import type { KnowledgeReader } from '../core/index.js';
import type { Logger } from '../logger.js';
import { replyToQuestion } from './answers.js';
import { occasionOf, postQuestion, previousSubject, questionOf, type Occasion } from './conversation.js';
import { withErrorBoundary } from './errors.js';
import type { QuestionLimiter } from './rate-limiter.js';
import { fitMessage, replyToMessage, sendTo, type BotReply } from './reply.js';

export interface MessageHandlerOptions {
  readonly knowledge: { readonly reader: KnowledgeReader };
  readonly limiter: QuestionLimiter;
  readonly config: Config;
  readonly logger: Logger;
  /** The bot's database; `undefined` when it could not be opened. */
  readonly records: Database | undefined;
}

/** Discord's limit on a thread's name. */
export const MAX_THREAD_NAME_CHARS = 100;

/** A thread's name for a question: the question, cleaned of markup, clipped at a word. */
export function threadName(question: string): string {
  const checked = checkQuestion(question);
  return fitMessage(checked.ok ? checked.text : 'Question', MAX_THREAD_NAME_CHARS);
}

/** Where the answer goes: a new thread made from the message, or a reply to it. */
interface Destination {
  /** The channel or thread the answer is posted in. */
  readonly channelId: string;
  readonly typingIn: SendableChannels | undefined;
  send(reply: BotReply | string): Promise<void>;
}

/** Returns the `messageCreate` handler. It never rejects: failures go through the error boundary. */
export function createMessageHandler(options: MessageHandlerOptions): (message: Message) => Promise<void> {
  const { limiter, logger, config } = options;
  const askChannels = new Set(config.askChannelIds);

  /** A reply to the message, in place. */
  const inPlace = (message: Message): Destination => ({
    channelId: message.channelId,
    typingIn: message.channel.isSendable() ? message.channel : undefined,
    send: (reply) => replyToMessage(message, reply),
  });

  /** A new thread from the message, named after the question; in place when it cannot be made. */
  async function inNewThread(message: Message, question: string): Promise<Destination> {
    try {
      const thread = await message.startThread({ name: threadName(question), autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
      return { channelId: thread.id, typingIn: thread, send: (reply) => sendTo(thread, reply) };
    } catch (error) {
      logger.warn({ err: error, messageId: message.id, channelId: message.channelId }, 'could not open a thread for the answer (Create Public Threads permission?); replying in the channel');
      return inPlace(message);
    }
  }

  return async (message) => {
    const occasion = await occasionOf(message, askChannels).catch((error: unknown) => {
      logger.warn({ err: error, messageId: message.id }, 'could not read what the message replies to');
      return undefined;
    });
    if (!occasion) return;
    const botId = message.client.user.id;
    const details = { messageId: message.id, reason: occasion.kind, userId: message.author.id, guildId: message.guildId, channelId: message.channelId };
    await withErrorBoundary({ id: message.id, logger, details }, async () => {
      const decision = await limiter.take(message.author.id);
      if (!decision.ok) {
        // A message cannot be answered privately, so say it once per window rather than to every message.
        if (decision.firstRefusal) await replyToMessage(message, limiter.refusal(decision.retryAt));
        return;
      }
      const question = questionAsked(message, occasion, botId);
      // A question opens a thread; "hi" or "tl;dr" is answered in place.
      const opensThread = occasion.kind === 'ask-channel' && config.answerInThreads && !message.channel.isThread() && readIntent(question).kind === 'question';
      const destination = opensThread ? await inNewThread(message, question) : inPlace(message);
      // Typing only shows that the bot is working: it is sent without waiting for Discord to
      // confirm it, so that a slow answer from Discord never holds up the answer itself.
      void destination.typingIn?.sendTyping().catch((error: unknown) => logger.warn({ ...details, err: error }, 'could not show the typing indicator'));
      const previous = await previousSubject(occasion, options);
      const reply = await replyToQuestion(options, {
        question, askerId: message.author.id, guildId: message.guildId, channelId: destination.channelId,
        ...(previous !== undefined && { previous }),
      });
      await destination.send(reply);
      logger.debug({ ...details, followUp: previous !== undefined }, 'message answered');
    }, (text) => replyToMessage(message, text));
  };
}

/** The question a message asks: a new forum post's title with its text, else the text without the bot's mention. */
function questionAsked(message: Message, occasion: Occasion, botId: string): string {
  const text = questionOf(message.content, botId);
  return occasion.kind === 'post' && occasion.starter ? postQuestion(occasion.thread.name, text) : text;
}
