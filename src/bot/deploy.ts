/**
 * Registering the slash commands with Discord (`npm run deploy-commands`): to one server while
 * developing (`DISCORD_GUILD_ID`, instant), otherwise globally. Run it when the commands change,
 * never on every start: Discord limits how often commands may be created.
 */
import { DiscordAPIError, REST, Routes, type RESTPutAPIApplicationCommandsResult } from 'discord.js';
import type { Config } from '../config.js';
import { loadCommands } from './commands.js';

export type DeployConfig = Pick<Config, 'discordToken' | 'discordClientId' | 'discordGuildId' | 'discordApiUrl'>;

/** What was registered, and where. */
export interface Deployment {
  /** A server id, or `global`. */
  readonly scope: string;
  /** The commands as Discord stored them. */
  readonly registered: RESTPutAPIApplicationCommandsResult;
}

/**
 * Replaces the application's commands in the configured scope with those in `commands/`.
 * Commands registered before and no longer defined are removed.
 */
export async function deployCommands(config: DeployConfig): Promise<Deployment> {
  const definitions = [...(await loadCommands()).values()].map((command) => command.data.toJSON());
  const rest = new REST({ api: config.discordApiUrl }).setToken(config.discordToken);
  const route = config.discordGuildId
    ? Routes.applicationGuildCommands(config.discordClientId, config.discordGuildId)
    : Routes.applicationCommands(config.discordClientId);
  const registered = await rest.put(route, { body: definitions }) as RESTPutAPIApplicationCommandsResult;
  return { scope: config.discordGuildId ?? 'global', registered };
}

/** One line per command with its subcommands: `/mou (ask, search, summary, sources)`. */
export function describeDeployment({ scope, registered }: Deployment): string {
  const where = scope === 'global' ? 'globally (in every server the bot is in, and in DMs)' : `in server ${scope}`;
  const lines = registered.map((command) => {
    const subcommands = (command.options ?? []).filter((option) => option.type === 1).map((option) => option.name);
    return `  /${command.name}${subcommands.length > 0 ? ` (${subcommands.join(', ')})` : ''}`;
  });
  return [`Registered ${registered.length} command${registered.length === 1 ? '' : 's'} ${where}:`, ...lines].join('\n');
}

/** What to do about a failed deployment. */
export function explainDeployError(error: unknown, config: DeployConfig): string {
  if (error instanceof DiscordAPIError) {
    if (error.status === 401) return 'Discord rejected DISCORD_TOKEN. Reset the token in the Developer Portal (Bot → Reset Token) and put the new one in .env.';
    if (error.code === 50001 && config.discordGuildId) {
      return `Discord refused access to server ${config.discordGuildId}: invite the bot there with the applications.commands scope (README.md, "Connect to Discord", has the invite link), or check DISCORD_GUILD_ID.`;
    }
    if (error.status === 403 || error.status === 404) {
      return `Discord refused the registration (${error.message}). Check that DISCORD_CLIENT_ID is the Application ID of the bot whose token is in DISCORD_TOKEN.`;
    }
  }
  return `Could not register the commands: ${error instanceof Error ? error.message : String(error)}`;
}
