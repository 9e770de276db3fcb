/**
 * Sending text to Discord: every reply goes through here, so every reply stays inside Discord's
 * limits and carries `allowedMentions: { parse: [] }` (the bot never pings anyone, whatever the
 * question or the articles contain).
 */
import {
  MessageFlags, type ActionRowBuilder, type ApplicationCommandOptionChoiceData, type AutocompleteInteraction,
  type ButtonBuilder, type Message, type MessageMentionOptions, type RepliableInteraction, type SendableChannels,
} from 'discord.js';

/** Discord's limit on a message's text. */
export const MAX_MESSAGE_CHARS = 2000;
/** Discord's limits on autocomplete: 25 choices, each name and string value at most 100 characters. */
export const MAX_CHOICES = 25;
export const MAX_CHOICE_CHARS = 100;

/** No @everyone, role, user or replied-user ping, ever. */
export const NO_MENTIONS: MessageMentionOptions = Object.freeze({ parse: [], repliedUser: false });

const ELLIPSIS = '…';

/** A reply: its text and, under it, rows of buttons. */
export interface BotReply {
  readonly text: string;
  readonly components?: ReadonlyArray<ActionRowBuilder<ButtonBuilder>>;
}

/** The message payload of a reply: text fitted to Discord's limit, buttons, and no pings. */
function payloadOf(reply: string | BotReply) {
  const { text, components } = typeof reply === 'string' ? { text: reply, components: undefined } : reply;
  return { content: fitMessage(text), allowedMentions: NO_MENTIONS, ...(components && components.length > 0 && { components: [...components] }) };
}

/**
 * `text` if it fits in `max` characters; otherwise cut after the last whole line or sentence
 * that fits, with "…". The core formatters already drop whole snippets (each with its source) to
 * fit, so this is only a backstop for text they must keep whole, such as one snippet whose source
 * line is very long.
 */
export function fitMessage(text: string, max = MAX_MESSAGE_CHARS): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max - ELLIPSIS.length);
  const boundary = Math.max(room.lastIndexOf('\n'), ...['. ', '? ', '! '].map((end) => {
    const at = room.lastIndexOf(end);
    return at < 0 ? -1 : at + 1;
  }));
  // Without a boundary in the second half, cutting there would lose too much: cut at a space.
  const half = Math.floor(max / 2);
  const cut = boundary > half ? boundary : Math.max(room.lastIndexOf(' '), half);
  return `${room.slice(0, cut).trimEnd()}${ELLIPSIS}`;
}

/**
 * Replies to an interaction in the way its state allows: the first reply, the edit of a deferred
 * reply (which keeps the deferral's visibility), or a follow-up once it has been answered.
 */
export async function replyTo(interaction: RepliableInteraction, reply: string | BotReply, options: { ephemeral?: boolean } = {}): Promise<void> {
  const payload = payloadOf(reply);
  const flags = options.ephemeral ? MessageFlags.Ephemeral : undefined;
  if (interaction.deferred && !interaction.replied) {
    await interaction.editReply(payload);
  } else if (interaction.replied) {
    await interaction.followUp({ ...payload, ...(flags && { flags }) });
  } else {
    await interaction.reply({ ...payload, ...(flags && { flags }) });
  }
}

/**
 * How long after an interaction was created its reply may wait before the interaction is
 * deferred ("thinking…"), in milliseconds. Discord drops an interaction that gets no response
 * within 3 seconds of its creation ("The application did not respond"); an answer is usually
 * ready in milliseconds, but not while the knowledge worker restarts, say. Range 500 to 2,500;
 * default 2,000: it must leave the deferral itself time to reach Discord.
 */
export const DEFER_AFTER_MS = 2_000;

/**
 * Replies with what `produce` makes, deferring the interaction first when that is not ready
 * {@link DEFER_AFTER_MS} after the interaction was created (what came before, a rate-limit
 * check across shards say, counts too), so that a slow answer still arrives. A failure of
 * `produce` rejects, for the error boundary, whether or not the interaction was deferred.
 */
export async function replyInTime(interaction: RepliableInteraction, produce: () => Promise<string | BotReply>, options: { ephemeral?: boolean } = {}): Promise<void> {
  const reply = produce();
  // Discord's clock and ours may differ a little: never wait longer than the whole allowance.
  const wait = Math.min(DEFER_AFTER_MS, Math.max(0, interaction.createdTimestamp + DEFER_AFTER_MS - Date.now()));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), wait);
  });
  try {
    if ((await Promise.race([reply.then(() => 'ready' as const), late])) === 'late' && !interaction.deferred && !interaction.replied) {
      await interaction.deferReply(options.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    }
  } finally {
    clearTimeout(timer);
  }
  await replyTo(interaction, await reply, options);
}

/** Replies to a member's message, without pinging them. */
export async function replyToMessage(message: Message, reply: string | BotReply): Promise<void> {
  await message.reply(payloadOf(reply));
}

/** Sends a message to a channel or thread, without pinging anyone. */
export async function sendTo(channel: SendableChannels, reply: string | BotReply): Promise<void> {
  await channel.send(payloadOf(reply));
}

/**
 * Answers an autocomplete with at most {@link MAX_CHOICES} choices. Names longer than Discord
 * allows are clipped with "…"; choices whose value is too long are left out, because a clipped
 * value would no longer match anything.
 */
export async function respondWithChoices(interaction: AutocompleteInteraction, choices: ReadonlyArray<ApplicationCommandOptionChoiceData<string>>): Promise<void> {
  const fitting = choices
    .filter((c) => c.name.length > 0 && c.value.length > 0 && c.value.length <= MAX_CHOICE_CHARS)
    .map((c) => (c.name.length <= MAX_CHOICE_CHARS ? c : { ...c, name: `${c.name.slice(0, MAX_CHOICE_CHARS - 1).trimEnd()}${ELLIPSIS}` }));
  await interaction.respond(fitting.slice(0, MAX_CHOICES));
}
