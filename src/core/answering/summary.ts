/**
 * Extractive summaries: sentences chosen from the articles, verbatim, in article order.
 *
 * A news article puts who agreed what, and where, in its lead sentence, which always opens the
 * summary. The other points (what it covers, key areas, background, what comes next) are each
 * said once somewhere in the body, in words the rest of the article does not repeat. So the
 * next sentence picked is the one that adds the most new content per character: the sum of
 * the weights (idf × log term frequency in the article) of its terms not yet covered, over the
 * square root of its length, one sentence per paragraph, within the length budget. The closing
 * paragraph (what comes next) gets a small bonus.
 */
import type { Article } from '../articles/index.js';
import { termsOf } from '../language/index.js';

/** Most sentences in a summary. */
export const MAX_SUMMARY_SENTENCES = 5;
/** Longest summary, in characters of quoted text. */
export const MAX_SUMMARY_CHARS = 900;
/** Sentences shorter than this are headlines or fragments, not summary material. */
const MIN_SENTENCE_CHARS = 40;
/**
 * Longer sentences would need clipping; a summary quotes whole sentences. At 300 characters,
 * three sentences always fit in {@link MAX_SUMMARY_CHARS}, so an article with three or more
 * usable sentences gets at least three, unless its lead is longer ({@link MAX_LEAD_CHARS}).
 */
const MAX_SENTENCE_CHARS = 300;
/**
 * In the summary of one article, its first sentence may be longer: a news lead often is (a
 * dateline, then who did what, where and when), and a summary without it misses the story. At
 * 500 characters, two more sentences of {@link MAX_SENTENCE_CHARS} may not fit, but one always
 * does. A summary of several articles quotes one sentence of each, at most the usual length, so
 * that one long lead does not leave out another article.
 */
const MAX_LEAD_CHARS = 500;

/**
 * A sentence a summary cannot quote alone: one that opens with a quotation mark (its speaker may
 * be named in the sentence before), or with a pronoun for someone named before it ("She declined
 * to say …"). Out of its article, neither says who. A straight apostrophe opens names too
 * ("'Oumuamua"), so only curly single quotes count.
 */
const NEEDS_CONTEXT = /^(?:["“‘]|(?:he|she|they|his|her|their|him|them)\b)/iu;

/** Share added to a closing-paragraph sentence's gain: news ends with what comes next. */
const CLOSING_BONUS = 0.15;

interface SummaryPassage {
  readonly text: string;
  readonly paragraph: number;
  readonly sentences: ArrayLike<number>;
}

/** A sentence picked for a summary: a slice of its passage's text. */
export interface PickedSentence<P extends SummaryPassage = SummaryPassage> {
  readonly passage: P;
  readonly start: number;
  readonly end: number;
}

interface Candidate<P extends SummaryPassage> extends PickedSentence<P> {
  readonly order: number;
  readonly terms: ReadonlySet<string>;
}

/**
 * Picks summary sentences. With one article: 3–5 sentences covering its main points. With
 * several: the best sentence of each of the newest articles (by date), up to five.
 * `idf` gives the rarity of an index term across the knowledge base.
 */
export function summarizeSentences<P extends SummaryPassage>(
  articles: ReadonlyArray<{ article: Article; passages: ReadonlyArray<{ passage: P; sentences: ArrayLike<number> }> }>,
  idf: (term: string) => number,
): Array<PickedSentence<P>> {
  if (articles.length === 1) return pickFromArticle(articles[0]!.passages.map((p) => p.passage), idf, MAX_SUMMARY_SENTENCES);
  const newest = [...articles].sort((a, b) => (b.article.date ?? '').localeCompare(a.article.date ?? '') || a.article.title.localeCompare(b.article.title));
  const picked: Array<PickedSentence<P>> = [];
  let chars = 0;
  for (const { passages } of newest) {
    if (picked.length === MAX_SUMMARY_SENTENCES) break;
    const [best] = pickFromArticle(passages.map((p) => p.passage), idf, 1);
    if (!best) continue;
    const length = best.end - best.start;
    if (chars + length > MAX_SUMMARY_CHARS) continue;
    picked.push(best);
    chars += length;
  }
  return picked;
}

function pickFromArticle<P extends SummaryPassage>(passages: readonly P[], idf: (term: string) => number, limit: number): Array<PickedSentence<P>> {
  const candidates: Array<Candidate<P>> = [];
  const frequency = new Map<string, number>();
  const lastParagraph = passages.length;
  let order = 0;
  for (const passage of passages) {
    for (let s = 0; s < passage.sentences.length; s += 2) {
      const start = passage.sentences[s]!;
      const end = passage.sentences[s + 1]!;
      const terms = termsOf(passage.text.slice(start, end)).map((t) => t.term);
      for (const term of terms) frequency.set(term, (frequency.get(term) ?? 0) + 1);
      candidates.push({ passage, start, end, order: order++, terms: new Set(terms) });
    }
  }
  const weight = (term: string) => idf(term) * (1 + Math.log(frequency.get(term) ?? 1));
  // A sentence ending in a colon introduces a quotation or list that the summary would cut off.
  const fits = (c: Candidate<P>) => c.end - c.start >= MIN_SENTENCE_CHARS && c.end - c.start <= (c.order === 0 && limit > 1 ? MAX_LEAD_CHARS : MAX_SENTENCE_CHARS)
    && !c.passage.text.slice(c.start, c.end).trimEnd().endsWith(':') && !NEEDS_CONTEXT.test(c.passage.text.slice(c.start, c.end));
  // An article without a sentence of summary length still gets its first sentence.
  const pool = candidates.some(fits) ? candidates.filter(fits) : candidates.slice(0, 1);

  const picked: Array<Candidate<P>> = [];
  const covered = new Set<string>();
  let chars = 0;
  const take = (candidate: Candidate<P>) => {
    picked.push(candidate);
    for (const term of candidate.terms) covered.add(term);
    chars += candidate.end - candidate.start;
  };
  const lead = pool[0];
  if (lead && lead.order === 0) take(lead);
  while (picked.length < limit) {
    let best: Candidate<P> | undefined;
    let bestGain = 0;
    for (const candidate of pool) {
      const length = candidate.end - candidate.start;
      if (picked.some((p) => p.passage === candidate.passage)) continue;
      if (picked.length > 0 && chars + length > MAX_SUMMARY_CHARS) continue;
      let gain = 0;
      for (const term of candidate.terms) if (!covered.has(term)) gain += weight(term);
      gain /= Math.sqrt(length);
      if (candidate.passage.paragraph === lastParagraph && lastParagraph > 1) gain *= 1 + CLOSING_BONUS;
      if (gain > bestGain) {
        best = candidate;
        bestGain = gain;
      }
    }
    if (!best) break;
    take(best);
  }
  return picked.sort((a, b) => a.order - b.order).map(({ passage, start, end }) => ({ passage, start, end }));
}
