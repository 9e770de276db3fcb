/**
 * Who may use moderator commands, and where: the checks `/mou-admin` declares, run by the
 * router on every use. Discord hides `/mou-admin` from members without Manage Server (its
 * default member permissions), but a server admin can change that under Integrations, and a
 * stale client can still send the command, so the bot checks again each time.
 */
import { PermissionFlagsBits, type AutocompleteInteraction, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { Config } from '../config.js';
import { UserError } from './errors.js';

/** A command, its autocomplete, or a click on a button of its reply. */
type CommandInteraction = ChatInputCommandInteraction | AutocompleteInteraction | ButtonInteraction;

const DM_REFUSAL = 'Moderator commands work only in a server, not in direct messages.';

/**
 * Throws a {@link UserError} unless the interaction comes from one of the operator's servers
 * (`ADMIN_GUILD_IDS`): every server the bot is in shares the one knowledge base, so only the
 * operator's servers may change it. The refusal never names those servers.
 */
export function assertAdminGuild(interaction: CommandInteraction, config: Pick<Config, 'adminGuildIds'>): void {
  if (!interaction.inGuild()) throw new UserError(DM_REFUSAL);
  if (config.adminGuildIds.length === 0) {
    throw new UserError('Moderator commands are turned off: the bot\'s operator has not listed any server in ADMIN_GUILD_IDS (see the README, "Configuration").');
  }
  if (!config.adminGuildIds.includes(interaction.guildId)) {
    throw new UserError('Moderator commands work only in the servers the bot\'s operator manages the knowledge base from, not in this one.');
  }
}

/**
 * Throws a {@link UserError} unless the interaction (a command, or a click on one of its
 * buttons) comes from a server member who has Manage Server (Administrator implies it) or one of
 * `moderatorRoleIds`. Refused in DMs, where there is no server to moderate.
 */
export function assertModerator(interaction: CommandInteraction, moderatorRoleIds: readonly string[]): void {
  if (!interaction.inGuild()) throw new UserError(DM_REFUSAL);
  if (interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) return;
  const { roles } = interaction.member;
  // A cached guild gives a GuildMember; otherwise the raw member with role ids.
  const held = Array.isArray(roles) ? roles : [...roles.cache.keys()];
  if (moderatorRoleIds.some((id) => held.includes(id))) return;
  throw new UserError(`Only moderators can do this: it needs the Manage Server permission${moderatorRoleIds.length > 0 ? ' or a moderator role' : ''}.`);
}
