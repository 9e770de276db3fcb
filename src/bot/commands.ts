/**
 * Slash commands: one file per top-level command in `commands/`, exporting `{ data, execute }`
 * (and `autocomplete` when an option autocompletes, `button` when its replies have buttons).
 * Files are checked by {@link isCommand} when loaded, so a broken command file stops the bot at
 * start with its file name, not at first use.
 */
import { readdir } from 'node:fs/promises';
import type {
  AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction, RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Config } from '../config.js';
import type { Database } from '../data/index.js';
import type { KnowledgeReader } from '../core/index.js';
import type { Logger } from '../logger.js';
import type { Confirmations } from './articles/index.js';
import type { QuestionLimiter } from './rate-limiter.js';
import type { Refresher } from './refresh.js';

/** What commands get besides the interaction. */
export interface CommandContext {
  /** Questions to the knowledge base; each call answers from one whole version. */
  readonly knowledge: { readonly reader: KnowledgeReader };
  readonly refresh: Refresher;
  readonly limiter: QuestionLimiter;
  readonly config: Config;
  readonly logger: Logger;
  /** The bot's database; `undefined` when it could not be opened (logged at start). */
  readonly records: Database | undefined;
  /** Changes shown to a moderator and waiting for a click on their buttons. */
  readonly confirmations: Confirmations;
}

/**
 * Where a command is registered and may be used. `everywhere`: globally (or in
 * `DISCORD_GUILD_ID` while developing). `admin-guilds`: only in the operator's servers
 * (`ADMIN_GUILD_IDS`), for commands that change what every server is served; the router refuses
 * it anywhere else, whatever is registered there.
 */
export type CommandScope = 'everywhere' | 'admin-guilds';

/**
 * A check the router runs before a command, its autocomplete and the buttons of its replies
 * (permission, rate limit…): it throws a `UserError` to refuse.
 */
export type Check = (interaction: ChatInputCommandInteraction | AutocompleteInteraction | ButtonInteraction, context: CommandContext) => void | Promise<void>;

/** A slash command: its definition (as registered) and what runs when it is used. */
export interface Command {
  readonly data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void>;
  /** Answers autocomplete for the command's options; absent when none autocompletes. */
  autocomplete?(interaction: AutocompleteInteraction, context: CommandContext): Promise<void>;
  /**
   * Answers a click on a button of the command's replies, whose custom id starts with the
   * command's name and a colon (`mou-admin:add:…`); absent when its replies have none.
   */
  button?(interaction: ButtonInteraction, context: CommandContext): Promise<void>;
  /** Where it is registered and may be used; `everywhere` when absent. */
  readonly scope?: CommandScope;
  /** Checks the router runs, in order, after the scope's and before `execute`, `autocomplete` or `button`. */
  readonly checks?: readonly Check[];
}

/** The custom id of a button of a command's reply: the command's name, then its own parts, joined by colons. */
export function customIdOf(commandName: string, ...parts: readonly string[]): string {
  return [commandName, ...parts].join(':');
}

/** The command name and the parts of a button's custom id (see {@link customIdOf}). */
export function partsOfCustomId(customId: string): { readonly commandName: string; readonly parts: readonly string[] } {
  const [commandName = '', ...parts] = customId.split(':');
  return { commandName, parts };
}

/** Runs one subcommand. */
export type SubcommandHandler = (interaction: ChatInputCommandInteraction, context: CommandContext) => Promise<void>;

/** An `execute` that runs the handler of the subcommand used, by name. */
export function bySubcommand(handlers: Readonly<Record<string, SubcommandHandler>>): Command['execute'] {
  const byName = new Map(Object.entries(handlers));
  return async (interaction, context) => {
    const name = interaction.options.getSubcommand();
    const run = byName.get(name);
    // Registered but not handled: the registered commands are newer than this code.
    if (!run) throw new Error(`${interaction.commandName}: no handler for subcommand "${name}"`);
    await run(interaction, context);
  };
}

/** Whether a module's exports make a {@link Command}. */
export function isCommand(value: unknown): value is Command {
  if (typeof value !== 'object' || value === null) return false;
  const { data, execute, autocomplete, button, scope, checks } = value as Record<string, unknown>;
  return typeof data === 'object' && data !== null
    && typeof (data as Record<string, unknown>).name === 'string'
    && typeof (data as Record<string, unknown>).toJSON === 'function'
    && typeof execute === 'function'
    && (autocomplete === undefined || typeof autocomplete === 'function')
    && (button === undefined || typeof button === 'function')
    && (scope === undefined || scope === 'everywhere' || scope === 'admin-guilds')
    && (checks === undefined || (Array.isArray(checks) && checks.every((check) => typeof check === 'function')));
}

/**
 * The project's `commands/` folder, beside `src/`: the sources' under tsx and vitest, the
 * compiled one in `dist/` in a build (the two keep the same layout).
 */
export const COMMANDS_DIR = new URL('../../commands/', import.meta.url);

// TypeScript sources under tsx and vitest, JavaScript in a build (not its source maps).
const COMMAND_FILE = /^[^.].*(?<!\.d)\.[cm]?[jt]s$/;

/**
 * Imports every command file in `dir` and returns the commands by name. Throws naming the file
 * when a file does not export a command, or when two files define the same name.
 */
export async function loadCommands(dir: URL = COMMANDS_DIR): Promise<Map<string, Command>> {
  const files = (await readdir(dir)).filter((name) => COMMAND_FILE.test(name)).sort();
  const commands = new Map<string, Command>();
  for (const file of files) {
    const module: unknown = await import(new URL(file, dir).href);
    if (!isCommand(module)) throw new Error(`commands: ${file} does not export { data, execute } (see src/bot/commands.ts)`);
    const { name } = module.data;
    if (commands.has(name)) throw new Error(`commands: duplicate command name "${name}" in ${file}`);
    commands.set(name, module);
  }
  return commands;
}
