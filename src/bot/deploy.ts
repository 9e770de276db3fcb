/**
 * Registering the slash commands with Discord (`npm run deploy-commands`): to one server while
 * developing (`DISCORD_GUILD_ID`, instant), otherwise globally; moderator commands (scope
 * `admin-guilds`) only in the operator's servers (`ADMIN_GUILD_IDS`). Run it when the commands
 * change, never on every start: Discord limits how often commands may be created.
 */
import { DiscordAPIError, REST, Routes, type RESTPutAPIApplicationCommandsResult } from 'discord.js';
import type { Config } from '../config.js';
import { redactSecrets } from '../logger.js';
import { loadCommands, type Command } from './commands.js';

export type DeployConfig = Pick<Config, 'discordToken' | 'discordClientId' | 'discordGuildId' | 'adminGuildIds' | 'discordApiUrl'>;

/** What was registered, and where. */
export interface Deployment {
  /** A server id, or `global`. */
  readonly scope: string;
  /** The commands as Discord stored them. */
  readonly registered: RESTPutAPIApplicationCommandsResult;
}

/** The commands each scope (`global` or a server id) gets, in the order of `commands`. */
export function commandsByScope(commands: readonly Command[], config: Pick<DeployConfig, 'discordGuildId' | 'adminGuildIds'>): Map<string, Command[]> {
  const everywhere = config.discordGuildId ?? 'global';
  const scopes = new Map<string, Command[]>();
  const add = (scope: string, command: Command) => scopes.set(scope, [...(scopes.get(scope) ?? []), command]);
  for (const command of commands) {
    if (command.scope === 'admin-guilds') for (const guild of config.adminGuildIds) add(guild, command);
    else add(everywhere, command);
  }
  // The global set is replaced even when it is empty, so a command that moved to the admin
  // servers no longer shows everywhere.
  if (everywhere === 'global' && !scopes.has('global')) scopes.set('global', []);
  return new Map([...scopes].sort(([a], [b]) => (a === 'global' ? -1 : b === 'global' ? 1 : 0)));
}

/**
 * Replaces the application's commands in each scope they belong to with those in `commands/`:
 * globally or in `DISCORD_GUILD_ID`, and moderator commands in each of `ADMIN_GUILD_IDS`.
 * Commands registered before in those scopes and no longer defined there are removed.
 */
export async function deployCommands(config: DeployConfig): Promise<Deployment[]> {
  const commands = [...(await loadCommands()).values()];
  const rest = new REST({ api: config.discordApiUrl }).setToken(config.discordToken);
  const deployments: Deployment[] = [];
  for (const [scope, listed] of commandsByScope(commands, config)) {
    const route = scope === 'global' ? Routes.applicationCommands(config.discordClientId) : Routes.applicationGuildCommands(config.discordClientId, scope);
    const registered = await rest.put(route, { body: listed.map((command) => command.data.toJSON()) }) as RESTPutAPIApplicationCommandsResult;
    deployments.push({ scope, registered });
  }
  return deployments;
}

/** One block per scope, one line per command with its subcommands: `/mou (ask, search, summary, sources)`. */
export function describeDeployment(deployments: readonly Deployment[], config?: Pick<DeployConfig, 'adminGuildIds'>): string {
  const blocks = deployments.map(({ scope, registered }) => {
    const where = scope === 'global' ? 'globally (in every server the bot is in, and in DMs)' : `in server ${scope}`;
    const lines = registered.map((command) => {
      const subcommands = (command.options ?? []).filter((option) => option.type === 1).map((option) => option.name);
      return `  /${command.name}${subcommands.length > 0 ? ` (${subcommands.join(', ')})` : ''}`;
    });
    return [`Registered ${registered.length} command${registered.length === 1 ? '' : 's'} ${where}:`, ...lines].join('\n');
  });
  if (config && config.adminGuildIds.length === 0) {
    blocks.push('Moderator commands (/mou-admin) are not registered anywhere: set ADMIN_GUILD_IDS (or DISCORD_GUILD_ID) to the id of the server you moderate from, then run this again.');
  }
  return blocks.join('\n');
}

/**
 * What to do about a failed deployment, for the terminal. Never holds the token or anything
 * shaped like a secret: an error's message (from a proxy, say) may echo them.
 */
export function explainDeployError(error: unknown, config: DeployConfig): string {
  return redactSecrets(deployAdvice(error, config), [config.discordToken]);
}

/** {@link explainDeployError}, before redaction. */
function deployAdvice(error: unknown, config: DeployConfig): string {
  if (error instanceof DiscordAPIError) {
    if (error.status === 401) return 'Discord rejected DISCORD_TOKEN. Reset the token in the Developer Portal (Bot → Reset Token) and put the new one in .env or the service’s environment file.';
    const guild = /\/guilds\/(\d+)\//.exec(error.url)?.[1];
    if (error.code === 50001 && guild) {
      const variable = guild === config.discordGuildId ? 'DISCORD_GUILD_ID' : 'ADMIN_GUILD_IDS';
      return `Discord refused access to server ${guild}: invite the bot there with the applications.commands scope (README.md, "Connect to Discord", has the invite link), or check ${variable}.`;
    }
    if (error.status === 403 || error.status === 404) {
      return `Discord refused the registration (${error.message}). Check that DISCORD_CLIENT_ID is the Application ID of the bot whose token is in DISCORD_TOKEN.`;
    }
  }
  return `Could not register the commands: ${error instanceof Error ? error.message : String(error)}`;
}
