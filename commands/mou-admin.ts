/**
 * `/mou-admin`: moderator tools (refresh; adding and removing articles, undo and the history of
 * changes; the reports of unanswered questions and feedback from the records), a separate
 * top-level command because Discord's default member permissions apply to a whole command, not
 * to one subcommand. Registered and accepted only in the operator's servers (`ADMIN_GUILD_IDS`),
 * hidden from members without Manage Server, and checked again on every use (see
 * `src/bot/permissions.ts`): the router runs what is declared here (`scope`, `checks`) before any
 * subcommand, autocomplete or button. The article tools live in `src/bot/articles/`; for them
 * this file only declares and routes.
 */
import {
  ApplicationIntegrationType, InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder,
  type AutocompleteInteraction, type ChatInputCommandInteraction, type SlashCommandIntegerOption,
} from 'discord.js';
import * as articles from '../src/bot/articles/index.js';
import { offerArticles } from '../src/bot/autocomplete.js';
import { bySubcommand, type Check, type CommandContext, type CommandScope } from '../src/bot/commands.js';
import { assertModerator } from '../src/bot/permissions.js';
import { useRecords } from '../src/bot/records.js';
import { refreshInterruptedText, refreshProblemsText, refreshReportText } from '../src/bot/render.js';
import { replyTo } from '../src/bot/reply.js';
import { DEFAULT_REPORT_DAYS, feedbackText, MAX_REPORTED, unansweredText } from '../src/bot/reports.js';
import { ArticleError, MAX_URL_CHARS, RefreshInProgressError, RefreshInterruptedError } from '../src/core/index.js';
import { DAY_MS, feedbackReport, unansweredQuestions } from '../src/data/index.js';

/** Longest period a report covers, in days (ten years: records are pruned long before). */
const MAX_REPORT_DAYS = 3650;

/** The period of a report, in days back from now. */
function daysOption(option: SlashCommandIntegerOption): SlashCommandIntegerOption {
  return option
    .setName('days')
    .setDescription(`How many days back to look (default ${DEFAULT_REPORT_DAYS})`)
    .setMinValue(1)
    .setMaxValue(MAX_REPORT_DAYS);
}

export const data = new SlashCommandBuilder()
  .setName('mou-admin')
  .setDescription('Moderator tools for the news bot.')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  // Installed in servers only: a user-installed copy could not read or reply in the server.
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) => sub
    .setName('refresh')
    .setDescription('Re-read the knowledge folder and swap in the new index.')
    .addBooleanOption((option) => option
      .setName('dry_run')
      .setDescription('Only show what would change; keep serving the current index.')))
  .addSubcommand((sub) => sub
    .setName('add')
    .setDescription('Add an article from a link or a file; you see a preview first.')
    .addStringOption((option) => option
      .setName('url')
      .setDescription('Link to the article\'s web page')
      .setMaxLength(MAX_URL_CHARS))
    .addAttachmentOption((option) => option
      .setName('file')
      .setDescription('An .md file with front matter, a .txt file (first line: title) or a saved .html page')))
  .addSubcommand((sub) => sub
    .setName('remove')
    .setDescription('Remove an article; it moves to the trash folder, and undo brings it back.')
    .addStringOption((option) => option
      .setName('article')
      .setDescription('The article to remove')
      .setRequired(true)
      .setAutocomplete(true)))
  .addSubcommand((sub) => sub
    .setName('undo')
    .setDescription('Undo the last article added or removed in this server.'))
  .addSubcommand((sub) => sub
    .setName('history')
    .setDescription('The last changes to the knowledge base made in this server.'))
  .addSubcommand((sub) => sub
    .setName('unanswered')
    .setDescription('Questions declined or rated 👎, most asked first: which articles to add.')
    .addIntegerOption(daysOption))
  .addSubcommand((sub) => sub
    .setName('feedback')
    .setDescription('👍/👎 counts on answers, overall and per article.')
    .addIntegerOption(daysOption));

/** Every server shares the one knowledge base: only the operator's servers may change it. */
export const scope: CommandScope = 'admin-guilds';

/** Only moderators, in every subcommand. */
export const checks: readonly Check[] = [(interaction, context) => assertModerator(interaction, context.config.moderatorRoleIds)];

async function refresh(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  const dryRun = interaction.options.getBoolean('dry_run') ?? false;
  // Started before the deferral (a network round trip), so the refresh lock is taken in the
  // order requests arrive and a second request meanwhile is told one is running.
  const outcome = articles.settle(context.refresh({ id: interaction.user.id, name: interaction.user.tag }, { dryRun }));
  // A refresh reads and indexes every article: it can pass Discord's 3-second deadline.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const result = await outcome;
  if (result.ok) {
    if (!dryRun && interaction.guildId) {
      articles.recordRefresh(context, { id: interaction.user.id, name: interaction.user.tag, guildId: interaction.guildId }, result.value);
    }
    await replyTo(interaction, refreshReportText(result.value));
  } else if (result.error instanceof ArticleError) {
    await replyTo(interaction, refreshProblemsText(result.error.problems, context.knowledge.reader.version));
  } else if (result.error instanceof RefreshInProgressError) {
    await replyTo(interaction, result.error.message);
  } else if (result.error instanceof RefreshInterruptedError) {
    await replyTo(interaction, refreshInterruptedText(result.error.serving));
  } else {
    throw result.error;
  }
}

/** What a report covers: the moderator's server, the `days` option, and the moment the period starts. */
function reportScope(interaction: ChatInputCommandInteraction): { guildId: string; days: number; since: Date } {
  // The router has checked the server (`scope`): moderator commands never run in DMs.
  if (!interaction.guildId) throw new Error('mou-admin: a report outside a server');
  const days = interaction.options.getInteger('days') ?? DEFAULT_REPORT_DAYS;
  return { guildId: interaction.guildId, days, since: new Date(Date.now() - days * DAY_MS) };
}

// A report reads a period of records on the bot's main thread (the database is synchronous): it
// is deferred first, so that a long period cannot pass Discord's 3-second deadline. A report
// covers the moderator's own server: the questions of other servers and of DMs are not theirs to read.
async function unanswered(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  const { guildId, days, since } = reportScope(interaction);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const questions = useRecords(context, 'list unanswered questions', (database) => unansweredQuestions(database, guildId, since, MAX_REPORTED));
  await replyTo(interaction, unansweredText(questions, days));
}

async function feedback(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  const { guildId, days, since } = reportScope(interaction);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const report = useRecords(context, 'count feedback', (database) => feedbackReport(database, guildId, since, MAX_REPORTED));
  await replyTo(interaction, feedbackText(report, days));
}

export const execute = bySubcommand({
  refresh, add: articles.add, remove: articles.remove, undo: articles.undo, history: articles.history, unanswered, feedback,
});

export async function autocomplete(interaction: AutocompleteInteraction, context: CommandContext): Promise<void> {
  if (interaction.options.getSubcommand() === 'remove') await offerArticles(interaction, context.knowledge.reader, interaction.options.getFocused());
}

export const button = articles.onButton;
