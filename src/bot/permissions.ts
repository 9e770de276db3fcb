/**
 * Who may use moderator commands. Discord hides `/mou-admin` from members without Manage Server
 * (its default member permissions), but a server admin can change that under Integrations, and a
 * stale client can still send the command, so the bot checks again on every use.
 */
import { PermissionFlagsBits, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { UserError } from './errors.js';

/**
 * Throws a {@link UserError} unless the interaction (a command, or a click on one of its
 * buttons) comes from a server member who has Manage Server (Administrator implies it) or one of
 * `moderatorRoleIds`. Refused in DMs, where there is no server to moderate.
 */
export function assertModerator(interaction: ChatInputCommandInteraction | ButtonInteraction, moderatorRoleIds: readonly string[]): void {
  if (!interaction.inGuild()) throw new UserError('Moderator commands work only in a server, not in direct messages.');
  if (interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) return;
  const { roles } = interaction.member;
  // A cached guild gives a GuildMember; otherwise the raw member with role ids.
  const held = Array.isArray(roles) ? roles : [...roles.cache.keys()];
  if (moderatorRoleIds.some((id) => held.includes(id))) return;
  throw new UserError(`Only moderators can do this: it needs the Manage Server permission${moderatorRoleIds.length > 0 ? ' or a moderator role' : ''}.`);
}
