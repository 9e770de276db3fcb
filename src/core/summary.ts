/**
 * Extractive summaries: sentences chosen from the articles, verbatim, in article order.
 *
 * A news article puts who agreed what, and where, in its first sentence, and what comes next
 * in its last paragraph; the points in between are the sentences most like the article as a
 * whole. So each sentence scores its similarity to the article (tf-idf cosine) plus a bonus
 * for the lead and the closing paragraph, and sentences are picked greedily with a penalty for
 * repeating what is already picked (maximal marginal relevance), one per paragraph, within
 * the length budget.
 */
import type { Article } from './knowledge.js';
import { termsOf } from './text.js';

/** Most sentences in a summary. */
export const MAX_SUMMARY_SENTENCES = 5;
/** Fewest sentences in a summary, when the article has that many. */
export const MIN_SUMMARY_SENTENCES = 3;
/** Longest summary, in characters of quoted text. */
export const MAX_SUMMARY_CHARS = 900;
/** Sentences shorter than this are headlines or fragments, not summary material. */
const MIN_SENTENCE_CHARS = 40;
/** Longer sentences would need clipping; a summary quotes whole sentences. */
const MAX_SENTENCE_CHARS = 300;

const LEAD_BONUS = 0.5;
const CLOSING_BONUS = 0.15;
/** Weight of novelty against relevance when picking the next sentence. */
const REDUNDANCY_PENALTY = 0.6;

interface SummaryPassage {
  readonly text: string;
  readonly paragraph: number;
  readonly sentences: readonly number[];
}

/** A sentence picked for a summary: a slice of its passage's text. */
export interface PickedSentence<P extends SummaryPassage = SummaryPassage> {
  readonly passage: P;
  readonly start: number;
  readonly end: number;
}

interface Candidate<P extends SummaryPassage> extends PickedSentence<P> {
  readonly order: number;
  readonly vector: Map<string, number>;
  readonly relevance: number;
}

/**
 * Picks summary sentences. With one article: 3–5 sentences covering its main points. With
 * several: the best sentence of each of the newest articles (by date), up to five.
 * `idf` gives the rarity of an index term across the knowledge base.
 */
export function summarizeSentences<P extends SummaryPassage>(
  articles: ReadonlyArray<{ article: Article; passages: ReadonlyArray<{ passage: P; sentences: readonly number[] }> }>,
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
  const centroid = new Map<string, number>();
  const lastParagraph = passages.length;
  let order = 0;
  for (const passage of passages) {
    for (let s = 0; s < passage.sentences.length; s += 2) {
      const start = passage.sentences[s]!;
      const end = passage.sentences[s + 1]!;
      const vector = new Map<string, number>();
      for (const { term } of termsOf(passage.text.slice(start, end))) vector.set(term, (vector.get(term) ?? 0) + idf(term));
      for (const [term, weight] of vector) centroid.set(term, (centroid.get(term) ?? 0) + weight);
      candidates.push({ passage, start, end, order: order++, vector, relevance: 0 });
    }
  }
  const scored = candidates
    .filter((c) => c.end - c.start >= MIN_SENTENCE_CHARS && c.end - c.start <= MAX_SENTENCE_CHARS)
    .map((c) => {
      const position = c.order === 0 ? LEAD_BONUS : c.passage.paragraph === lastParagraph && lastParagraph > 1 ? CLOSING_BONUS : 0;
      return { ...c, relevance: cosine(c.vector, centroid) + position };
    });
  // Fall back to clipped-length sentences when an article has no sentence of summary length.
  const pool = scored.length > 0 ? scored : candidates.slice(0, 1);

  const picked: Array<Candidate<P>> = [];
  let chars = 0;
  while (picked.length < limit) {
    let best: Candidate<P> | undefined;
    let bestScore = -Infinity;
    for (const candidate of pool) {
      if (picked.some((p) => p === candidate || p.passage === candidate.passage)) continue;
      const length = candidate.end - candidate.start;
      if (chars + length > MAX_SUMMARY_CHARS && picked.length > 0) continue;
      const redundancy = Math.max(0, ...picked.map((p) => cosine(candidate.vector, p.vector)));
      const score = candidate.relevance - REDUNDANCY_PENALTY * redundancy;
      if (score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    if (!best) break;
    picked.push(best);
    chars += best.end - best.start;
  }
  return picked.sort((a, b) => a.order - b.order).map(({ passage, start, end }) => ({ passage, start, end }));
}

function cosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (const [term, weight] of a) {
    normA += weight * weight;
    const other = b.get(term);
    if (other !== undefined) dot += weight * other;
  }
  for (const weight of b.values()) normB += weight * weight;
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
