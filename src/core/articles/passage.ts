/** Passages (one per paragraph) and their analysed terms. */
import type { Article } from './article.js';
import { analyzePassage, type PassageAnalysis, termsOf } from '../language/index.js';

/** One paragraph as indexed. Offsets in `sentences` and `spans` index into `text`. */
export interface Passage {
  /** `<article-slug>#<paragraph>`. */
  readonly id: string;
  readonly article: Article;
  readonly paragraph: number;
  readonly text: string;
  /** `[start, end, …]` per sentence. */
  readonly sentences: Int32Array;
  /** `[kind, start, end, …]` per entity or name. */
  readonly spans: Int32Array;
}

/**
 * The passages of an article, with sentences and entities: from `analyses` (one per
 * paragraph, e.g. from the index cache) when given, else found now.
 */
export function passagesOf(article: Article, analyses?: readonly PassageAnalysis[]): Passage[] {
  return article.paragraphs.map((text, i) => ({
    id: `${article.slug}#${i + 1}`,
    article,
    paragraph: i + 1,
    text,
    ...(analyses?.[i] ?? analyzePassage(text)),
  }));
}

/** A passage's index terms in text order, with where each sentence's terms begin. */
export interface PassageTerms {
  readonly terms: readonly string[];
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Index in `terms` of each sentence's first term; one more entry holds `terms.length`. */
  readonly sentenceTerms: Int32Array;
  /** The article title's terms. */
  readonly titleTerms: ReadonlySet<string>;
}

/**
 * Analysed passages kept for re-use: the candidates of one question are often candidates of
 * the next. Bounded, because a 100,000-passage index cannot keep every analysis.
 */
const PASSAGE_TERMS_CACHE = 1024;
const cache = new Map<Passage, PassageTerms>();

/** The terms of a passage, computed on first use and cached (least recently used go first). */
export function passageTerms(passage: Passage): PassageTerms {
  const cached = cache.get(passage);
  if (cached) {
    cache.delete(passage);
    cache.set(passage, cached);
    return cached;
  }
  const found = termsOf(passage.text);
  const starts = new Int32Array(found.length);
  const ends = new Int32Array(found.length);
  found.forEach((t, i) => {
    starts[i] = t.start;
    ends[i] = t.end;
  });
  const sentenceCount = passage.sentences.length / 2;
  const sentenceTerms = new Int32Array(sentenceCount + 1);
  let k = 0;
  for (let s = 0; s < sentenceCount; s++) {
    const start = passage.sentences[s * 2]!;
    while (k < found.length && starts[k]! < start) k++;
    sentenceTerms[s] = k;
  }
  sentenceTerms[sentenceCount] = found.length;
  const analysed = { terms: found.map((t) => t.term), starts, ends, sentenceTerms, titleTerms: new Set(termsOf(passage.article.title).map((t) => t.term)) };
  if (cache.size >= PASSAGE_TERMS_CACHE) cache.delete(cache.keys().next().value!);
  cache.set(passage, analysed);
  return analysed;
}
