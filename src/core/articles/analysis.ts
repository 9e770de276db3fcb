/**
 * What indexing needs of an article's text: sentences and entities from the NLP pipeline, index
 * terms, and the words autocomplete offers. This is most of the work of building an index, so
 * large refreshes do it in a worker thread (see `off-thread.ts`).
 */
import { analyzePassage, MAX_WORD_CHARS, type PassageAnalysis, STOP_WORDS, termsOf, type Token, tokenize } from '../language/index.js';

/** Shortest word offered as a completion. */
const MIN_COMPLETION_CHARS = 3;

/** What is known of an article's paragraphs (from the cache or a worker), so they are not analysed again. */
export interface KnownArticle {
  readonly analyses: readonly PassageAnalysis[];
  /** Each paragraph's index terms, in text order, joined by spaces. */
  readonly terms?: readonly string[];
  /** The article's completion words and how often each occurs. */
  readonly words?: ReadonlyMap<string, number>;
}

/** The words of some tokens that autocomplete offers: no stop words, numbers, short or overlong words. */
export function completionWords(tokens: readonly Token[]): string[] {
  return tokens.map((t) => t.word).filter((word) => word.length >= MIN_COMPLETION_CHARS && word.length <= MAX_WORD_CHARS && !STOP_WORDS.has(word) && !/\d/.test(word));
}

/** The index terms of each paragraph (joined by spaces) and the completion words of them all. */
export function termsAndWords(paragraphs: readonly string[]): { terms: string[]; words: Map<string, number> } {
  const words = new Map<string, number>();
  const terms = paragraphs.map((text) => {
    const tokens = tokenize(text);
    for (const word of completionWords(tokens)) words.set(word, (words.get(word) ?? 0) + 1);
    return termsOf(text, tokens)
      .map((t) => t.term)
      .join(' ');
  });
  return { terms, words };
}

/** Everything indexing needs of an article's paragraphs. */
export function analyseParagraphs(paragraphs: readonly string[]): Required<KnownArticle> {
  return { analyses: paragraphs.map(analyzePassage), ...termsAndWords(paragraphs) };
}
