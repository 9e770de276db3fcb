/**
 * What the engine returns. These shapes are shared by the terminal chat, the evaluation and
 * the Discord bot, so all three show the same answer to the same question.
 */

/** Where a snippet comes from: one paragraph of one article. */
export interface Citation {
  /** The number shown in the text: `[1]`. */
  readonly n: number;
  /** `<article-slug>#<paragraph>`. */
  readonly passageId: string;
  readonly slug: string;
  readonly title: string;
  /** 1-based paragraph number in the article. */
  readonly paragraph: number;
  readonly date?: string;
  readonly url?: string;
  readonly source?: string;
}

/** A verbatim sentence from an article (clipped with "…" at word boundaries when long). */
export interface Snippet {
  readonly text: string;
  /** The {@link Citation.n} of its source. */
  readonly citation: number;
}

/** A question was answered with 1–3 snippets, best first. */
export interface Answer {
  readonly kind: 'answer';
  readonly question: string;
  readonly snippets: readonly Snippet[];
  readonly citations: readonly Citation[];
  /** 0–1: how much of the question the best snippet and its paragraph cover. */
  readonly confidence: number;
  /** A caveat shown with the snippets, e.g. that none gives the date asked for. */
  readonly note?: string;
}

/** The articles do not answer the question. */
export interface NoAnswer {
  readonly kind: 'no-answer';
  readonly question: string;
  readonly message: string;
  /** Titles of the closest articles, best first (may be empty). */
  readonly closestTitles: readonly string[];
  /** Words of the question that no article contains. */
  readonly unknownWords: readonly string[];
  readonly confidence: number;
}

/** The input cannot be searched (blank, too long, only common words…): a polite message. */
export interface InvalidInput {
  readonly kind: 'invalid';
  readonly message: string;
}

export type AnswerResult = Answer | NoAnswer | InvalidInput;

/** Passages matching search terms, best first. */
export interface SearchResults {
  readonly kind: 'search';
  readonly query: string;
  /** One excerpt per passage. */
  readonly hits: readonly Snippet[];
  readonly citations: readonly Citation[];
}

/** An extractive summary: sentences in article order, each cited. */
export interface Summary {
  readonly kind: 'summary';
  /** What was summarised: an article title, or the knowledge base. */
  readonly title: string;
  readonly snippets: readonly Snippet[];
  readonly citations: readonly Citation[];
}

/** One article as listed by `/mou sources`. */
export interface SourceInfo {
  readonly slug: string;
  readonly title: string;
  readonly source?: string;
  readonly date?: string;
  readonly url?: string;
  readonly passages: number;
}

/** The knowledge base version: a short content hash and when it was loaded. */
export interface KnowledgeVersion {
  readonly hash: string;
  readonly loadedAt: Date;
  readonly articles: number;
  readonly passages: number;
}
