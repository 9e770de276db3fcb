/**
 * Cleaning a member's question before it is searched: Discord markup, mentions and markdown
 * are removed, and input that cannot be searched gets a polite explanation instead of a
 * result. Nothing here throws.
 */
import { termsOf } from '../language/index.js';

/** Longest question accepted, in characters (Discord's own option limit is 6,000). */
export const MAX_QUESTION_CHARS = 500;

/**
 * A question ready to search (`links`: whether web addresses were left out of it), or the
 * reason it cannot be.
 */
export type CheckedQuestion = { readonly ok: true; readonly text: string; readonly links: boolean } | { readonly ok: false; readonly message: string };

/** The reply to a question that is only a link, or a link and common words. */
export const LINKS_MESSAGE = 'I do not open links. Please ask in words what you want to know about the articles, for example: “What does the agreement cover?”';

/** What {@link checkQuestion} also requires. */
export interface QuestionChecks {
  /**
   * That the text has a word in the Latin alphabet: the engine reads English (its stemmer,
   * thesaurus and word vectors are English), so a question written wholly in another script
   * would only be searched for the names it shares with the articles. Default true; search
   * terms need not (a name as the articles write it).
   */
  readonly latin?: boolean;
}

// Discord mentions and custom emoji: <@123>, <@!123>, <@&123>, <#123>, <:name:123>, <a:name:123>,
// </command:123>, <t:1700000000:R>.
const DISCORD_MARKUP = /<(?:@[!&]?\d+|#\d+|a?:\w+:\d+|\/[\w -]+:\d+|t:-?\d+(?::[tTdDfFR])?)>/g;
const MASS_MENTIONS = /@(?:everyone|here)\b/gi;
const MARKDOWN = /```[\w-]*|`|\*\*|__|~~|\|\||^\s*(?:#{1,3}|>{1,3}|-#)\s+|\[([^\]]*)\]\((?:<)?https?:\/\/[^)]*\)/gm;
// A web address typed bare (or in <…>): its parts are no words of the question.
const BARE_URL = /<?\b(?:https?:\/\/|www\.)[^\s>]+>?/gi;

/**
 * Checks and cleans a question. Rejects blank input, input over {@link MAX_QUESTION_CHARS},
 * input with no letters or digits (only punctuation or emoji), and (see {@link QuestionChecks})
 * input with no word in the Latin alphabet. Removes mentions (`@everyone`, `<@id>`), custom
 * emoji, markdown markers (keeping link text) and bare web addresses.
 */
export function checkQuestion(raw: string, checks: QuestionChecks = {}): CheckedQuestion {
  const trimmed = raw.trim();
  if (trimmed.length === 0) {
    return { ok: false, message: 'Please type a question, for example: “Who signed the agreement?”' };
  }
  if (trimmed.length > MAX_QUESTION_CHARS) {
    return {
      ok: false,
      message: `That question is ${trimmed.length} characters long; the limit is ${MAX_QUESTION_CHARS}. Please ask it in fewer words.`,
    };
  }
  const marked = trimmed
    .replace(DISCORD_MARKUP, ' ')
    .replace(MASS_MENTIONS, ' ')
    .replace(MARKDOWN, (_match, linkText?: string) => ` ${linkText ?? ''} `);
  const text = marked.replace(BARE_URL, ' ').replace(/\s+/g, ' ').trim();
  const links = marked.search(BARE_URL) >= 0;
  if (!/[\p{L}\p{N}]/u.test(text)) {
    return {
      ok: false,
      message: links
        ? LINKS_MESSAGE
        : 'I need some words to search for. Please ask a question in words, for example: “What does the agreement cover?”',
    };
  }
  if ((checks.latin ?? true) && /\p{L}/u.test(text) && !/\p{Script=Latin}/u.test(text)) {
    return { ok: false, message: 'I can only read questions in English, the language of the articles. Please ask in English, for example: “What does the agreement cover?”' };
  }
  return { ok: true, text, links };
}

/**
 * A question's normalised words: its index terms (stop words out, words stemmed, British
 * spellings mapped), each once, sorted. Questions asked in different words about the same thing
 * share it ("Who is Morocco's PM?", "who is the pm of morocco"): moderators' lists group by it.
 * `""` for a question of only common words.
 */
export function questionKey(question: string): string {
  const checked = checkQuestion(question);
  if (!checked.ok) return '';
  return [...new Set(termsOf(checked.text).map((t) => t.term))].sort().join(' ');
}
