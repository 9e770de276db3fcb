/**
 * Routes interactions to commands by name, inside the one error boundary.
 */
import type { AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction, Interaction } from 'discord.js';
import { partsOfCustomId, type Command, type CommandContext } from './commands.js';
import { UserError, withErrorBoundary } from './errors.js';
import { assertAdminGuild } from './permissions.js';
import { replyTo } from './reply.js';

/** Names a command with its subcommand, for logs: `mou ask`. */
function commandLabel(interaction: ChatInputCommandInteraction | AutocompleteInteraction): string {
  const subcommand = interaction.options.getSubcommand(false);
  return subcommand ? `${interaction.commandName} ${subcommand}` : interaction.commandName;
}

/**
 * What a command declares must hold before it runs: its scope (an `admin-guilds` command only in
 * `ADMIN_GUILD_IDS`), then its own checks in order. Throws a {@link UserError} to refuse.
 */
async function runChecks(command: Command, interaction: ChatInputCommandInteraction | AutocompleteInteraction | ButtonInteraction, context: CommandContext): Promise<void> {
  if (command.scope === 'admin-guilds') assertAdminGuild(interaction, context.config);
  for (const check of command.checks ?? []) await check(interaction, context);
}

/**
 * Returns the `interactionCreate` handler: slash commands run their command's `execute`,
 * autocomplete its `autocomplete`, a click on a button its command's `button` (the command named
 * first in the button's custom id: `mou:show:42` for the buttons under answers, `mou-admin:add:…`
 * for a moderator's preview), each after the command's declared scope and checks (a refused
 * autocomplete offers nothing). Errors are caught at one place: a {@link UserError} is shown
 * ephemerally, anything else is logged with its stack and the member sees the error id (the
 * interaction id). The returned function never rejects.
 */
export function createInteractionRouter(commands: ReadonlyMap<string, Command>, context: CommandContext): (interaction: Interaction) => Promise<void> {
  const { logger } = context;
  return async (interaction) => {
    if (interaction.isButton()) {
      await routeButton(interaction);
      return;
    }
    if (!interaction.isChatInputCommand() && !interaction.isAutocomplete()) {
      logger.debug({ interactionId: interaction.id, type: interaction.type }, 'ignored an interaction of another type');
      return;
    }
    const details = {
      interactionId: interaction.id,
      command: commandLabel(interaction),
      userId: interaction.user.id,
      guildId: interaction.guildId,
      channelId: interaction.channelId,
    };
    const command = commands.get(interaction.commandName);
    if (!command) logger.warn(details, 'unknown command; run `npm run deploy-commands` to update the registered commands');
    const started = performance.now();

    if (interaction.isAutocomplete()) {
      await withErrorBoundary({ id: interaction.id, logger, details }, async () => {
        if (command) await runChecks(command, interaction, context);
        if (command?.autocomplete) await command.autocomplete(interaction, context);
        else if (command) logger.warn(details, 'autocomplete for a command without an autocomplete handler');
        if (!interaction.responded) await interaction.respond([]);
      }, async () => {
        // An autocomplete cannot show a message; an empty list is all the member can see.
        if (!interaction.responded) await interaction.respond([]);
      });
      return;
    }

    await withErrorBoundary({ id: interaction.id, logger, details }, async () => {
      if (!command) throw new UserError('I do not know this command (it may have been removed). Try `/mou ask` instead.');
      await runChecks(command, interaction, context);
      await command.execute(interaction, context);
      logger.debug({ ...details, ms: Math.round(performance.now() - started) }, 'command handled');
    }, (text) => replyTo(interaction, text, { ephemeral: true }));
  };

  async function routeButton(interaction: ButtonInteraction): Promise<void> {
    const { commandName } = partsOfCustomId(interaction.customId);
    const details = {
      interactionId: interaction.id,
      command: commandName,
      customId: interaction.customId,
      userId: interaction.user.id,
      guildId: interaction.guildId,
      channelId: interaction.channelId,
    };
    const command = commands.get(commandName);
    await withErrorBoundary({ id: interaction.id, logger, details }, async () => {
      if (!command?.button) {
        logger.warn(details, 'a click on a button no command handles');
        throw new UserError('This button is not one I know (it may be from an older version of me). Run the command again.');
      }
      await runChecks(command, interaction, context);
      await command.button(interaction, context);
      logger.debug(details, 'button handled');
    }, (text) => replyTo(interaction, text, { ephemeral: true }));
  }
}
