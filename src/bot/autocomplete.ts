/**
 * The autocomplete of an option that names an article (`/mou summary article:`, `/mou-admin
 * remove article:`): one list, the same everywhere an article is picked.
 */
import type { AutocompleteInteraction } from 'discord.js';
import type { KnowledgeReader } from '../core/index.js';
import { respondWithChoices } from './reply.js';

/**
 * Offers the articles whose title or id holds what was typed (case-insensitive; everything
 * when nothing is typed), newest first as `/mou sources` lists them: the title shown, the id
 * (slug) sent.
 */
export async function offerArticles(interaction: AutocompleteInteraction, reader: Pick<KnowledgeReader, 'sources'>, typed: string): Promise<void> {
  const wanted = typed.trim().toLowerCase();
  const { sources } = await reader.sources();
  const matching = sources.filter((article) => article.title.toLowerCase().includes(wanted) || article.slug.includes(wanted));
  await respondWithChoices(interaction, matching.map((article) => ({ name: article.title, value: article.slug })));
}
