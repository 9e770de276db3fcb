/**
 * The Discord side of the moderators' article tools: `/mou-admin add`, `remove`, `undo` and
 * `history`, and the buttons of their previews (`remove`'s autocomplete is `offerArticles`, as
 * for every article option). The router has checked the server and the moderator first
 * (`/mou-admin`'s declared scope and checks); each reads the options and replies privately; the
 * work is in `intake.ts` and `changes.ts`.
 */
import {
  ActionRowBuilder, ButtonBuilder, ButtonStyle, MessageFlags,
  type ButtonInteraction, type ChatInputCommandInteraction,
} from 'discord.js';
import { ArticleError, discordText, escapeMarkdown, fileNameText, findArticleFile, RefreshInProgressError, RefreshInterruptedError, slugify } from '../../core/index.js';
import { HISTORY_LENGTH, recentChanges } from '../../data/index.js';
import { customIdOf, partsOfCustomId, type CommandContext, type SubcommandHandler } from '../commands.js';
import { UserError } from '../errors.js';
import { useRecords } from '../records.js';
import { refreshInterruptedText } from '../render.js';
import { NO_MENTIONS } from '../reply.js';
import { addArticle, type ChangeDone, type Moderator, removeArticle, undoLastChange, UNDO_NEEDS_DATABASE } from './changes.js';
import type { Pending } from './confirmations.js';
import { articleFromAttachment, articleFromLink, type Intake } from './intake.js';
import { changeDoneText, changeFailedText, duplicateNotes, historyText, previewText, removeQuestionText } from './render.js';

/** What `history` says when the database is unavailable. */
export const HISTORY_NEEDS_DATABASE = 'The history needs the bot\'s database, which is unavailable (the bot\'s log says why). Changes are still written to the bot\'s log.';

/** What a click on a preview whose confirmation is gone says. */
const EXPIRED = 'This question has expired (after 15 minutes, or because the bot restarted) or was already answered. Run the command again.';

/** A promise's outcome, taken at once so a rejection before it is awaited is not unhandled. */
export async function settle<T>(pending: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await pending };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The moderator behind an interaction in a server. */
function moderatorOf(interaction: ChatInputCommandInteraction | ButtonInteraction): Moderator {
  if (!interaction.guildId) throw new UserError('Moderator commands work only in a server, not in direct messages.');
  return { id: interaction.user.id, name: interaction.user.tag, guildId: interaction.guildId };
}

/** The end of a sentence from a reason: shown as written on one line (reasons quote links and file names), with a final stop. */
function sentence(text: string): string {
  const escaped = discordText(text);
  return /[.!?]$/.test(escaped) ? escaped : `${escaped}.`;
}

/** The Confirm and Cancel buttons of a question, carrying the confirmation's id. */
function buttons(commandName: string, id: string, confirm: { readonly action: 'add' | 'remove'; readonly label: string; readonly style: ButtonStyle }) {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(customIdOf(commandName, confirm.action, id)).setLabel(confirm.label).setStyle(confirm.style),
    new ButtonBuilder().setCustomId(customIdOf(commandName, 'cancel', id)).setLabel('Cancel').setStyle(ButtonStyle.Secondary),
  );
}

const CONFIRM = {
  add: { action: 'add', label: 'Add', style: ButtonStyle.Success },
  remove: { action: 'remove', label: 'Remove', style: ButtonStyle.Danger },
} as const;

/** `/mou-admin add url:<link>` or `file:<attachment>`: a private preview with Add and Cancel. */
export const add: SubcommandHandler = async (interaction, context) => {
  const who = moderatorOf(interaction);
  const link = interaction.options.getString('url');
  const file = interaction.options.getAttachment('file');
  if (link !== null && file !== null) throw new UserError('Give either a link (`url:`) or a file (`file:`), not both.');
  if (link === null && file === null) throw new UserError('Give the article to add: a link with `url:`, or an attached .md, .txt or .html file with `file:`.');
  // Fetching and reading a page can take seconds: past Discord's 3-second deadline.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const intake: Intake = link !== null
    ? await articleFromLink(link, context.config)
    : await articleFromAttachment({ name: file!.name, url: file!.url, size: file!.size }, context.config);
  if (!intake.ok) {
    const what = link !== null ? 'this link' : `“${fileNameText(file!.name)}”`;
    throw new UserError(`Nothing was added: I could not take an article from ${what}: ${sentence(intake.reason)}`);
  }
  const { sources } = await context.knowledge.reader.sources();
  const shown = previewText(intake.article, duplicateNotes(intake.article.article, sources));
  const id = context.confirmations.put({ kind: 'add', userId: who.id, guildId: who.guildId, article: intake.article, shown });
  await interaction.editReply({ content: shown, components: [buttons(interaction.commandName, id, CONFIRM.add)], allowedMentions: NO_MENTIONS });
};

/** `/mou-admin remove article:<slug>`: a private question with Remove and Cancel. */
export const remove: SubcommandHandler = async (interaction, context) => {
  const who = moderatorOf(interaction);
  // A slug from the list, or a file name typed by hand ("Broken File.md" → "broken-file").
  const typed = interaction.options.getString('article', true);
  const slug = slugify(typed.replace(/\.(md|markdown|txt)$/i, ''));
  const file = await findArticleFile(context.config.knowledgeDir, slug);
  if (file === undefined) {
    throw new UserError(`I have no article “${escapeMarkdown(typed)}” in the knowledge folder. Pick one from the list as you type, or see \`/mou sources\`.`);
  }
  // A file that does not load (broken) is in the folder but not in the index: it can be removed too.
  const { sources } = await context.knowledge.reader.sources();
  const source = sources.find((article) => article.slug === slug);
  const title = source?.title ?? file;
  const shown = removeQuestionText(title, file, source?.passages);
  const id = context.confirmations.put({ kind: 'remove', userId: who.id, guildId: who.guildId, file, title, shown });
  await interaction.reply({ content: shown, components: [buttons(interaction.commandName, id, CONFIRM.remove)], flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
};

/** The reply to a change that did not go through, or a rethrow of what the error boundary should handle. */
function failureText(error: unknown, what: 'add' | 'remove' | 'undo', context: CommandContext): string {
  if (error instanceof ArticleError) return changeFailedText(what, error.problems, context.knowledge.reader.version);
  if (error instanceof RefreshInterruptedError) return refreshInterruptedText(error.serving);
  throw error;
}

/** `/mou-admin undo`: reverts the last add or remove made in this server, and refreshes. */
export const undo: SubcommandHandler = async (interaction, context) => {
  if (!context.records) throw new UserError(UNDO_NEEDS_DATABASE);
  // Started before the deferral, so the refresh lock is taken in the order requests arrive.
  const outcome = settle(undoLastChange(context, moderatorOf(interaction)));
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const result = await outcome;
  const text = result.ok ? changeDoneText(result.value) : failureText(result.error, 'undo', context);
  await interaction.editReply({ content: text, allowedMentions: NO_MENTIONS });
};

/** `/mou-admin history`: the server's last changes, newest first. */
export const history: SubcommandHandler = async (interaction, context) => {
  if (!context.records) throw new UserError(HISTORY_NEEDS_DATABASE);
  const guildId = moderatorOf(interaction).guildId;
  const changes = useRecords(context, 'read the history of changes', (database) => recentChanges(database, guildId, HISTORY_LENGTH));
  await interaction.reply({
    embeds: [{ title: `Changes to the knowledge base in this server (last ${HISTORY_LENGTH}, newest first)`, description: historyText(changes) }],
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTIONS,
  });
};

/** Carries out a confirmed add or remove, showing progress in the question's message, then the outcome. */
async function confirm(interaction: ButtonInteraction, context: CommandContext, id: string, pending: Pending): Promise<void> {
  const who = moderatorOf(interaction);
  // Started before the message is updated, so the refresh lock is taken in the order clicks arrive.
  const outcome: ReturnType<typeof settle<ChangeDone>> = settle(pending.kind === 'add'
    ? addArticle(context, who, pending.article)
    : removeArticle(context, who, pending.file, pending.title));
  await interaction.update({ content: `${pending.shown}\n\n${pending.kind === 'add' ? 'Adding' : 'Removing'} it and refreshing…`, components: [] });
  const result = await outcome;
  if (!result.ok && result.error instanceof RefreshInProgressError) {
    // Nothing was changed: the same question stays open for another click.
    context.confirmations.restore(id, pending);
    await interaction.editReply({
      content: `${pending.shown}\n\n⏳ Another refresh or change is running. Choose **${CONFIRM[pending.kind].label}** again in a moment.`,
      components: [buttons(partsOfCustomId(interaction.customId).commandName, id, CONFIRM[pending.kind])],
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  const text = result.ok ? changeDoneText(result.value) : failureText(result.error, pending.kind, context);
  await interaction.editReply({ content: text, components: [], allowedMentions: NO_MENTIONS });
}

/** A click on Add, Remove or Cancel under a preview or question. */
export async function onButton(interaction: ButtonInteraction, context: CommandContext): Promise<void> {
  const [action, id = ''] = partsOfCustomId(interaction.customId).parts;
  const taken = context.confirmations.take(id, interaction.user.id);
  if (!taken.ok) {
    if (taken.reason === 'not yours') throw new UserError('Only the moderator who asked can answer this question.');
    await interaction.update({ content: EXPIRED, components: [] });
    return;
  }
  const { pending } = taken;
  if (action === 'cancel') {
    await interaction.update({ content: `Cancelled: nothing was ${pending.kind === 'add' ? 'added' : 'removed'}.`, components: [] });
    return;
  }
  if (action !== pending.kind) throw new Error(`mou-admin: button "${action}" on a question about ${pending.kind}`);
  await confirm(interaction, context, id, pending);
}
