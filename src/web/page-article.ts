/**
 * What reading a page gives, and the one rule a page's article is held to, apart from the
 * reading itself (`extract.ts`): the bot's thread checks drafts against the rule and handles
 * the results, while the page is read in a worker thread (`off-thread.ts`), so the bot does not
 * load Readability, linkedom and parse5 to do so.
 */

/** Fewest paragraphs a page must have to be taken as an article. */
export const MIN_PARAGRAPHS = 2;

/**
 * Why a page with `count` paragraphs of article text is not taken as an article (fewer than
 * {@link MIN_PARAGRAPHS}: an index or a short notice), or `undefined` when it is. HTML pages and
 * plain-text pages are held to this one rule.
 */
export function tooFewParagraphs(count: number): string | undefined {
  if (count >= MIN_PARAGRAPHS) return undefined;
  return `the page has ${count === 0 ? 'no paragraph' : 'only one paragraph'} of article text (at least ${MIN_PARAGRAPHS} are needed): it looks like an index or a short notice, not an article`;
}

/** What a page says about its article. */
export interface PageArticle {
  readonly title: string;
  readonly paragraphs: readonly string[];
  /** The author line, when the page names one (not part of the paragraphs). */
  readonly byline?: string;
  /** The site's name: `og:site_name`, or the publisher in the page's JSON-LD. */
  readonly siteName?: string;
  /** Publication date, `YYYY-MM-DD`: `article:published_time`, JSON-LD `datePublished`, or the article's `<time>`. */
  readonly date?: string;
  /** The page's canonical address (`<link rel="canonical">` or `og:url`), absolute. */
  readonly canonicalUrl?: string;
}

/** The article in a page, or why there is none. */
export type Extraction = { readonly ok: true; readonly article: PageArticle } | { readonly ok: false; readonly reason: string };
