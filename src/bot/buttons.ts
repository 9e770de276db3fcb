/**
 * The buttons under an answer: **Show paragraph** (the cited paragraphs in full, quoted
 * sentences marked), **More** (the next best passages: a search, so each click counts against
 * the member's rate limit), 👍 and 👎 (with a reason). All replies are ephemeral: only the
 * member who clicked sees them.
 *
 * A button's custom id carries all it needs: the action and the row id of the answer in the
 * database (`mou:show:42`, `mou:why:42:outdated`), never process memory, so buttons keep working
 * after a restart and on any shard. An answer that could not be recorded carries `-` instead of
 * an id, and its buttons say so when clicked.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type ButtonInteraction } from 'discord.js';
import { formatMore, formatParagraphs, quotedParagraphs } from '../core/index.js';
import { FEEDBACK_REASONS, findAnswer, isFeedbackReason, recordFeedback, type FeedbackReason, type StoredAnswer } from '../data/index.js';
import type { CommandContext } from './commands.js';
import { UserError } from './errors.js';
import { useRecords } from './records.js';
import { DISCORD } from './render.js';
import { NO_MENTIONS, replyTo } from './reply.js';

/** What a button does. */
export type ButtonAction = 'show' | 'more' | 'up' | 'down' | 'why';

/** The first part of every custom id of an answer's buttons: `/mou`'s name, so the router hands their clicks to `/mou`'s `button`. */
export const BUTTON_PREFIX = 'mou';
/** Stands for the answer id in the buttons of an answer that could not be recorded. */
const UNRECORDED = '-';

/** A button's custom id (at most 100 characters: Discord's limit). */
export function buttonId(action: ButtonAction, answerId: number | undefined, reason?: FeedbackReason): string {
  return [BUTTON_PREFIX, action, answerId ?? UNRECORDED, ...(reason ? [reason] : [])].join(':');
}

/** What a custom id asks for; `undefined` when it is not one of the bot's buttons. */
export function parseButtonId(customId: string): { action: ButtonAction; answerId: number | undefined; reason?: FeedbackReason } | undefined {
  const [prefix, action, id, reason, ...rest] = customId.split(':');
  if (prefix !== BUTTON_PREFIX || rest.length > 0 || !isAction(action)) return undefined;
  const answerId = id === UNRECORDED ? undefined : Number(id);
  if (answerId !== undefined && !(Number.isSafeInteger(answerId) && answerId > 0)) return undefined;
  if (action === 'why' ? reason === undefined || !isFeedbackReason(reason) : reason !== undefined) return undefined;
  return { action, answerId, ...(reason !== undefined && { reason: reason as FeedbackReason }) };
}

function isAction(action: string | undefined): action is ButtonAction {
  return action === 'show' || action === 'more' || action === 'up' || action === 'down' || action === 'why';
}

function button(id: string, label: string, emoji?: string): ButtonBuilder {
  const built = new ButtonBuilder().setCustomId(id).setStyle(ButtonStyle.Secondary);
  if (label) built.setLabel(label);
  if (emoji) built.setEmoji(emoji);
  return built;
}

/**
 * The buttons under an answer (`declined`: a "no confident answer", which has no paragraphs to
 * show and offers the closest passages instead of more).
 */
export function answerButtons(answerId: number | undefined, declined: boolean): Array<ActionRowBuilder<ButtonBuilder>> {
  return [new ActionRowBuilder<ButtonBuilder>().addComponents(
    ...(declined ? [] : [button(buttonId('show', answerId), 'Show paragraph')]),
    button(buttonId('more', answerId), declined ? 'Closest passages' : 'More'),
    button(buttonId('up', answerId), '', '👍'),
    button(buttonId('down', answerId), '', '👎'),
  )];
}

const REASON_LABELS: Readonly<Record<FeedbackReason, string>> = { wrong: 'Wrong', incomplete: 'Incomplete', outdated: 'Outdated', 'off-topic': 'Off-topic' };

/** The reasons offered after 👎. */
export function reasonButtons(answerId: number): Array<ActionRowBuilder<ButtonBuilder>> {
  return [new ActionRowBuilder<ButtonBuilder>().addComponents(FEEDBACK_REASONS.map((reason) => button(buttonId('why', answerId, reason), REASON_LABELS[reason])))];
}

/** What each action cannot do without its answer's record, for the messages that say so. */
const DOING: Readonly<Record<ButtonAction, string>> = {
  show: 'show this answer\'s paragraphs',
  more: 'look for more on this answer',
  up: 'take feedback on this answer',
  down: 'take feedback on this answer',
  why: 'take feedback on this answer',
};

type ButtonContext = Pick<CommandContext, 'knowledge' | 'records' | 'logger' | 'config' | 'limiter'>;
type Clicked = { readonly interaction: ButtonInteraction; readonly answerId: number; readonly reason?: FeedbackReason; readonly context: ButtonContext };

/** Says that a button's answer is no longer recorded (kept for `DATA_RETENTION_DAYS`). */
function noLongerRecorded({ interaction, answerId, context }: Clicked, action: ButtonAction): UserError {
  context.logger.debug({ interactionId: interaction.id, answerId }, 'a button of an answer no longer recorded');
  return new UserError(`I no longer have a record of this answer (answers are kept for ${context.config.dataRetentionDays} days), so I cannot ${DOING[action]}. Ask again for a fresh answer.`);
}

/** The recorded answer a button is about, or a {@link UserError} that says why it is not there. */
function answerOf(clicked: Clicked, action: ButtonAction): StoredAnswer {
  const answer = useRecords(clicked.context, DOING[action], (database) => findAnswer(database, clicked.answerId));
  if (!answer) throw noLongerRecorded(clicked, action);
  return answer;
}

/** Records a click on 👍, 👎 or a reason; says whose rating it was. */
function rate(clicked: Clicked, rating: 'up' | 'down', action: ButtonAction): { byAsker: boolean } {
  const { interaction, answerId, reason, context } = clicked;
  const outcome = useRecords(context, DOING[action], (database) => recordFeedback(database, {
    answerId, memberId: interaction.user.id, rating, ...(reason !== undefined && { reason }), givenAt: new Date(),
  }));
  if (!outcome.ok) throw noLongerRecorded(clicked, action);
  return { byAsker: outcome.byAsker };
}

const NOT_THE_ASKER = 'It is noted as your view; the rating that counts for the answer is the asker\'s.';

const HANDLERS: Readonly<Record<ButtonAction, (clicked: Clicked) => Promise<void>>> = {
  async show(clicked) {
    const answer = answerOf(clicked, 'show');
    const texts = await clicked.context.knowledge.reader.paragraphs(answer.citations.map((c) => c.passageId));
    await replyTo(clicked.interaction, formatParagraphs(quotedParagraphs(answer.citations, answer.snippets, texts), DISCORD), { ephemeral: true });
  },
  async more(clicked) {
    const answer = answerOf(clicked, 'more');
    // Each click is a search: it counts against the member's limit, as a question does.
    await clicked.context.limiter.check(clicked.interaction.user.id);
    const results = await clicked.context.knowledge.reader.more(answer.searched, answer.citations.map((c) => c.passageId));
    await replyTo(clicked.interaction, results.kind === 'invalid' ? results.message : formatMore(results, DISCORD), { ephemeral: true });
  },
  async up(clicked) {
    const { byAsker } = rate(clicked, 'up', 'up');
    await replyTo(clicked.interaction, `Thanks for the 👍.${byAsker ? '' : ` ${NOT_THE_ASKER}`}`, { ephemeral: true });
  },
  async down(clicked) {
    const { byAsker } = rate(clicked, 'down', 'down');
    await replyTo(clicked.interaction, {
      text: `Thanks for the 👎: moderators see the answers rated this way, to add or fix articles.${byAsker ? '' : ` ${NOT_THE_ASKER}`} What was wrong with it?`,
      components: reasonButtons(clicked.answerId),
    }, { ephemeral: true });
  },
  async why(clicked) {
    rate(clicked, 'down', 'why');
    // Replaces the question with the thanks, so the reasons cannot be clicked twice by mistake.
    await clicked.interaction.update({ content: `Thanks: noted as ${REASON_LABELS[clicked.reason!].toLowerCase()}.`, components: [], allowedMentions: NO_MENTIONS });
  },
};

/**
 * Handles a click on one of the bot's buttons. Throws a {@link UserError} (shown to the member
 * alone) when the button is not the bot's, when its answer was never recorded or is no longer,
 * or when the records cannot be used.
 */
export async function handleButton(interaction: ButtonInteraction, context: ButtonContext): Promise<void> {
  const parsed = parseButtonId(interaction.customId);
  if (!parsed) throw new UserError('This button is not one I know (it may be from an older version of me). Ask again for a fresh answer.');
  if (parsed.answerId === undefined) {
    throw new UserError(`I kept no record of this answer (my records were unavailable when I gave it), so I cannot ${DOING[parsed.action]}. Ask again for an answer with working buttons.`);
  }
  await HANDLERS[parsed.action]({ interaction, answerId: parsed.answerId, ...(parsed.reason !== undefined && { reason: parsed.reason }), context });
}
