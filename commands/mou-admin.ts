/**
 * `/mou-admin`: moderator tools, a separate top-level command because Discord's default member
 * permissions apply to a whole command, not to one subcommand. Hidden from members without
 * Manage Server, and checked again on every use (see `src/bot/permissions.ts`).
 */
import {
  ApplicationIntegrationType, InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction,
} from 'discord.js';
import { bySubcommand, type CommandContext } from '../src/bot/commands.js';
import { assertModerator } from '../src/bot/permissions.js';
import { refreshProblemsText, refreshReportText } from '../src/bot/render.js';
import { replyTo } from '../src/bot/reply.js';
import { ArticleError, RefreshInProgressError, type RefreshReport } from '../src/core/index.js';

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
      .setDescription('Only show what would change; keep serving the current index.')));

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

export const execute = bySubcommand({ refresh });
