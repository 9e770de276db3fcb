/**
 * Where a message stands in a conversation with the bot: why it is for the bot (a DM, a
 * mention, a reply to one of its answers, a thread it opened, a post in an ask forum, an ask
 * channel), and, for a follow-up, the subject of the question before it.
 *
 * The previous subject comes from the records (the answer replied to, or the last answer in
 * the thread). Without them, the bot falls back on Discord itself: the question an answer
 * replied to, or the thread's first message.
 */
import { ChannelType, type Message, type ThreadChannel } from 'discord.js';
import { MAX_QUESTION_CHARS, readsAsRequest, subjectOf, type Subject } from '../core/index.js';
import { findAnswer, lastAnswerIn } from '../data/index.js';
import { parseButtonId } from './buttons.js';
import { tryRecords, type RecordsContext } from './records.js';

/** Why a message is for the bot. */
export type Occasion =
  | { readonly kind: 'dm' | 'mention' | 'ask-channel' }
  /** A reply to one of the bot's messages (`to`). */
  | { readonly kind: 'reply'; readonly to: Message }
  /** A message in a thread the bot opened for an answer in an ask channel. */
  | { readonly kind: 'thread'; readonly thread: ThreadChannel }
  /** A post in a forum listed as an ask channel: `starter` for the post itself, else a message in it. */
  | { readonly kind: 'post'; readonly thread: ThreadChannel; readonly starter: boolean };

/** The question in a message: its text without mentions of the bot. */
export function questionOf(content: string, botId: string): string {
  return content.replaceAll(`<@${botId}>`, ' ').replaceAll(`<@!${botId}>`, ' ').trim();
}

/** The question of a forum post: its title, and its first message when both fit in one question. */
export function postQuestion(title: string, content: string): string {
  const joined = content.includes(title) ? content : `${title}\n${content}`.trim();
  return joined.length <= MAX_QUESTION_CHARS ? joined : title;
}

/** The thread a message is in, when its parent is one of the ask channels. */
function askThreadOf(message: Message, askChannels: ReadonlySet<string>): ThreadChannel | undefined {
  const { channel } = message;
  return channel.isThread() && channel.parentId !== null && askChannels.has(channel.parentId) ? channel : undefined;
}

/**
 * Why a message is for the bot, or `undefined` when it is not: other bots, system messages and
 * webhooks never are. A DM, a mention and a new forum post always are. Replies to the bot and
 * later messages in forum posts are when they read as requests or follow-ups; messages in a
 * thread the bot opened are unless they are plainly chatter; messages in ask channels are when
 * they read as requests (see {@link readsAsRequest}).
 */
export async function occasionOf(message: Message, askChannels: ReadonlySet<string>): Promise<Occasion | undefined> {
  if (message.author.bot || message.system || message.webhookId) return undefined;
  const botId = message.client.user.id;
  const question = questionOf(message.content, botId);
  const replied = message.reference?.messageId ? await message.fetchReference().catch(() => undefined) : undefined;
  // A reply to the bot is addressed to it, but "thanks!" in a channel needs no answer; in a DM,
  // as every DM, it gets one.
  if (replied?.author.id === botId) return !message.inGuild() || readsAsRequest(question, 'reply') ? { kind: 'reply', to: replied } : undefined;
  if (!message.inGuild()) return { kind: 'dm' };
  // Only a direct mention of the bot counts: not @everyone, @here or one of its roles.
  const mentioned = message.mentions.users.has(botId);
  const thread = askThreadOf(message, askChannels);
  if (thread?.parent?.type === ChannelType.GuildForum) {
    const starter = message.id === thread.id;
    return starter || mentioned || readsAsRequest(question, 'reply') ? { kind: 'post', thread, starter } : undefined;
  }
  if (thread?.ownerId === botId) return mentioned || readsAsRequest(question, 'thread') ? { kind: 'thread', thread } : undefined;
  if (mentioned) return { kind: 'mention' };
  if (askChannels.has(message.channelId) && readsAsRequest(question, 'channel')) return { kind: 'ask-channel' };
  return undefined;
}

/** The answer id carried by a message's buttons, when it has any. */
function answerIdOf(message: Message): number | undefined {
  for (const row of message.components) {
    if (!('components' in row)) continue;
    for (const component of row.components) {
      const parsed = 'customId' in component && typeof component.customId === 'string' ? parseButtonId(component.customId) : undefined;
      if (parsed?.answerId !== undefined) return parsed.answerId;
    }
  }
  return undefined;
}

/**
 * The subject of the question before a follow-up: of the answer replied to, or of the last
 * answer in the thread or post. `undefined` when the message starts a conversation, or when
 * nothing before it can be found.
 */
export async function previousSubject(occasion: Occasion, context: RecordsContext): Promise<Subject | undefined> {
  if (occasion.kind === 'reply') {
    const id = answerIdOf(occasion.to);
    const recorded = id === undefined ? undefined : tryRecords(context, 'read an answer', (database) => findAnswer(database, id));
    if (recorded) return recorded.subject;
    // Without its record: the member's question that the bot's answer replied to.
    const question = occasion.to.reference?.messageId ? await occasion.to.fetchReference().catch(() => undefined) : undefined;
    return question && !question.author.bot ? subjectOf(questionOf(question.content, occasion.to.author.id)) : undefined;
  }
  if (occasion.kind === 'thread' || (occasion.kind === 'post' && !occasion.starter)) {
    const recorded = tryRecords(context, 'read an answer', (database) => lastAnswerIn(database, occasion.thread.id));
    if (recorded) return recorded.subject;
    // Without records: the question that opened the thread or post.
    const starter = await occasion.thread.fetchStarterMessage().catch(() => null);
    if (!starter) return undefined;
    const botId = starter.client.user.id;
    return subjectOf(occasion.kind === 'post' ? postQuestion(occasion.thread.name, questionOf(starter.content, botId)) : questionOf(starter.content, botId));
  }
  return undefined;
}
