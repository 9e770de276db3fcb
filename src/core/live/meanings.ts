/**
 * Filling in the meaning vectors of an index's sentences. Encoding takes milliseconds per
 * sentence (minutes for a large knowledge base), so it runs after the index is built, while the
 * index already answers; answers use the vectors once every candidate paragraph has them.
 */
import { MEANING_DIMENSIONS } from '../language/index.js';
import type { ArticleIndex } from '../search/index.js';

/**
 * Most sentences of a knowledge base that get meaning vectors (the newest articles' first):
 * encoding takes milliseconds a sentence on one core, so this bounds the work after a start or
 * a full refresh to minutes, and the vectors (512 bytes each) to about 20 MB. Past it, answers
 * about older articles are ranked without sentence meanings. Range 0 (none) to a few hundred
 * thousand, as time and memory allow; default 40,000.
 */
export const MAX_MEANING_SENTENCES = 40_000;
/** Paragraphs encoded per step: a step's vectors are stored together. */
const PARAGRAPHS_PER_STEP = 8;

/** How far filling in meaning vectors has come. */
export interface MeaningProgress {
  readonly paragraphs: number;
  readonly encoded: number;
}

/**
 * Encodes the sentences of the index's paragraphs that have no meaning vectors yet (up to
 * `maxSentences` sentences in all) with `encode`, a few paragraphs at a time, storing each
 * paragraph's as soon as they come. Stops early when `stopped()` says so. Resolves with the
 * number of paragraphs encoded.
 */
export async function fillMeanings(
  index: ArticleIndex,
  encode: (sentences: readonly string[]) => Promise<Int8Array>,
  options: { readonly maxSentences?: number; readonly stopped?: () => boolean; readonly onProgress?: (progress: MeaningProgress) => void } = {},
): Promise<number> {
  const paragraphs = index.paragraphsToEncode(options.maxSentences ?? MAX_MEANING_SENTENCES);
  let encoded = 0;
  for (let i = 0; i < paragraphs.length; i += PARAGRAPHS_PER_STEP) {
    if (options.stopped?.()) break;
    const step = paragraphs.slice(i, i + PARAGRAPHS_PER_STEP);
    const vectors = await encode(step.flatMap((paragraph) => paragraph.sentences));
    let offset = 0;
    for (const paragraph of step) {
      const bytes = paragraph.sentences.length * MEANING_DIMENSIONS;
      index.addMeaning(paragraph.text, vectors.slice(offset, offset + bytes));
      offset += bytes;
    }
    encoded += step.length;
    options.onProgress?.({ paragraphs: paragraphs.length, encoded });
  }
  return encoded;
}
