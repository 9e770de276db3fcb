/**
 * `/mou-admin`: moderator tools (refresh, and the reports of unanswered questions and feedback
 * from the records), a separate top-level command because Discord's default member
 * permissions apply to a whole command, not to one subcommand. Hidden from members without
 * Manage Server, and checked again on every use (see `src/bot/permissions.ts`).
 */
import {
  ApplicationIntegrationType, InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder,
  type ChatInputCommandInteraction, type SlashCommandIntegerOption,
} from 'discord.js';
import { bySubcommand, type CommandContext } from '../src/bot/commands.js';
import { assertModerator } from '../src/bot/permissions.js';
import { useRecords } from '../src/bot/records.js';
import { refreshProblemsText, refreshReportText } from '../src/bot/render.js';
import { replyTo } from '../src/bot/reply.js';
import { DEFAULT_REPORT_DAYS, feedbackText, MAX_REPORTED, unansweredText } from '../src/bot/reports.js';
import { ArticleError, RefreshInProgressError, type RefreshReport } from '../src/core/index.js';
import { feedbackReport, unansweredQuestions } from '../src/data/index.js';

/** Longest period a report covers, in days (ten years: records are pruned long before). */
const MAX_REPORT_DAYS = 3650;
const DAY_MS = 86_400_000;

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
    .setName('unanswered')
    .setDescription('Questions declined or rated 👎, most asked first: which articles to add.')
    .addIntegerOption(daysOption))
  .addSubcommand((sub) => sub
    .setName('feedback')
    .setDescription('👍/👎 counts on answers, overall and per article.')
    .addIntegerOption(daysOption));

/** Settles at once, so a refresh that fails before it is awaited is not an unhandled rejection. */
async function settle(pending: Promise<RefreshReport>): Promise<{ ok: true; report: RefreshReport } | { ok: false; error: unknown }> {
  try {
    return { ok: true, report: await pending };
  } catch (error) {
    return { ok: false, error };
  }
}

async function refresh(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  assertModerator(interaction, context.config.moderatorRoleIds);
  const dryRun = interaction.options.getBoolean('dry_run') ?? false;
  // Started before the deferral (a network round trip), so the refresh lock is taken in the
  // order requests arrive and a second request meanwhile is told one is running.
  const outcome = settle(context.refresh({ id: interaction.user.id, name: interaction.user.tag }, { dryRun }));
  // A refresh reads and indexes every article: it can pass Discord's 3-second deadline.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const result = await outcome;
  if (result.ok) {
    await replyTo(interaction, refreshReportText(result.report));
  } else if (result.error instanceof ArticleError) {
    await replyTo(interaction, refreshProblemsText(result.error.problems, context.knowledge.reader.version));
  } else if (result.error instanceof RefreshInProgressError) {
    await replyTo(interaction, result.error.message);
  } else {
    throw result.error;
  }
}

/** The period a report covers: its `days` option, and the moment it starts. */
function reportPeriod(interaction: ChatInputCommandInteraction): { days: number; since: Date } {
  const days = interaction.options.getInteger('days') ?? DEFAULT_REPORT_DAYS;
  return { days, since: new Date(Date.now() - days * DAY_MS) };
}

async function unanswered(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  assertModerator(interaction, context.config.moderatorRoleIds);
  const { days, since } = reportPeriod(interaction);
  const questions = useRecords(context, 'list unanswered questions', (database) => unansweredQuestions(database, since, MAX_REPORTED));
  await replyTo(interaction, unansweredText(questions, days), { ephemeral: true });
}

async function feedback(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  assertModerator(interaction, context.config.moderatorRoleIds);
  const { days, since } = reportPeriod(interaction);
  const report = useRecords(context, 'count feedback', (database) => feedbackReport(database, since, MAX_REPORTED));
  await replyTo(interaction, feedbackText(report, days), { ephemeral: true });
}

export const execute = bySubcommand({ refresh, unanswered, feedback });
