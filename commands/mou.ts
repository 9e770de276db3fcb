/**
 * `/mou`: what members use. `ask` answers a question with cited snippets (and buttons to see
 * the paragraphs, more passages, and rate it), `search` lists the best matching passages,
 * `summary` summarises an article or the whole knowledge base, `sources` lists the articles
 * and the knowledge base version. The work is done by the core; this file only
 * reads options and replies.
 */
import {
  ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder,
  type AutocompleteInteraction, type ChatInputCommandInteraction,
} from 'discord.js';
import { offerArticles } from '../src/bot/autocomplete.js';
import { handleButton } from '../src/bot/buttons.js';
import { bySubcommand, type CommandContext } from '../src/bot/commands.js';
import { UserError } from '../src/bot/errors.js';
import { replyToQuestion } from '../src/bot/answers.js';
import { searchText, sourcesText, summaryText } from '../src/bot/render.js';
import { MAX_CHOICE_CHARS, MAX_CHOICES, replyInTime, respondWithChoices } from '../src/bot/reply.js';
import { escapeMarkdown, MAX_QUESTION_CHARS } from '../src/core/index.js';

export const data = new SlashCommandBuilder()
  .setName('mou')
  .setDescription('Ask about the news articles: answers quote them, with sources.')
  // Installed in servers only: a user-installed copy could not read or reply in the server.
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
  .addSubcommand((sub) => sub
    .setName('ask')
    .setDescription('Ask a question; the answer quotes the articles and cites them.')
    .addStringOption((option) => option
      .setName('question')
      .setDescription('Your question, e.g. "Who signed the agreement?"')
      .setRequired(true)
      .setMaxLength(MAX_QUESTION_CHARS)
      .setAutocomplete(true))
    .addBooleanOption((option) => option
      .setName('private')
      .setDescription('Show the answer only to you.')))
  .addSubcommand((sub) => sub
    .setName('search')
    .setDescription('List the passages that best match some words, with their sources.')
    .addStringOption((option) => option
      .setName('query')
      .setDescription('Words to look for, e.g. "maritime security"')
      .setRequired(true)
      .setMaxLength(MAX_QUESTION_CHARS)))
  .addSubcommand((sub) => sub
    .setName('summary')
    .setDescription('A cited summary of one article, or of the whole knowledge base.')
    .addStringOption((option) => option
      .setName('article')
      .setDescription('The article to summarise (default: the whole knowledge base)')
      .setMaxLength(MAX_CHOICE_CHARS)
      .setAutocomplete(true)))
  .addSubcommand((sub) => sub
    .setName('sources')
    .setDescription('The articles the bot knows, and the knowledge base version.'));

const run = bySubcommand({
  async ask(interaction, context) {
    const question = interaction.options.getString('question', true);
    const ephemeral = interaction.options.getBoolean('private') ?? false;
    const asking = { question, askerId: interaction.user.id, guildId: interaction.guildId, channelId: interaction.channelId };
    await replyInTime(interaction, () => replyToQuestion(context, asking), { ephemeral });
  },
  async search(interaction, { knowledge }) {
    await replyInTime(interaction, () => searchText(knowledge.reader, interaction.options.getString('query', true)));
  },
  async summary(interaction, { knowledge }) {
    const chosen = interaction.options.getString('article');
    await replyInTime(interaction, async () => {
      // A slug (what autocomplete sends) or, when the member typed instead of picking, words of a title.
      const summary = await knowledge.reader.summary(chosen);
      if (!summary) throw new UserError(`I have no article called “${escapeMarkdown(chosen ?? '')}”. Pick one from the list as you type, or see \`/mou sources\`.`);
      return summaryText(summary);
    });
  },
  async sources(interaction, { knowledge }) {
    await replyInTime(interaction, () => sourcesText(knowledge.reader));
  },
});

export async function execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  // Every /mou subcommand counts against the member's limit; autocomplete does not.
  await context.limiter.check(interaction.user.id);
  await run(interaction, context);
}

export async function autocomplete(interaction: AutocompleteInteraction, { knowledge }: CommandContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const reader = knowledge.reader;
  if (focused.name === 'question') {
    const completions = await reader.completeQuestion(focused.value, MAX_CHOICES);
    await respondWithChoices(interaction, completions.map((text) => ({ name: text, value: text })));
    return;
  }
  if (focused.name === 'article') {
    await offerArticles(interaction, reader, focused.value);
    return;
  }
  await interaction.respond([]);
}

/** Clicks on the buttons under answers: their custom ids start with this command's name (`mou:show:42`). */
export const button = handleButton;
