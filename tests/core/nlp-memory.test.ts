// The NLP pipeline's memory stays bounded under a stream of new words: wink-nlp keeps every word
// it meets, so the pipeline is renewed after NLP_RENEW_CHARS characters of new words, and the
// renewed pipeline analyses exactly as the first did.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { analyzePassage, NLP_RENEW_CHARS, partsOfSpeech } from '../../src/core/language/nlp.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap in use after a full collection, in megabytes. */
function heapMegabytes(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** Questions of made-up words (what members type to test a bot), about 500 characters each. */
function* newWordQuestions(totalChars: number): Generator<string> {
  let seed = 7;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const word = () => Array.from({ length: 5 + Math.floor(random() * 6) }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
  for (let chars = 0; chars < totalChars;) {
    const question = `Did Rajnath Singh sign the MoU ${Array.from({ length: 60 }, word).join(' ')}?`;
    chars += question.length;
    yield question;
  }
}

const PASSAGE = 'India and Morocco signed a defence MoU in Rabat on 22 September 2025. Rajnath Singh met Abdellatif Loudiyi, who called it "a milestone." It covers training, cyber defence and joint exercises.';

describe('the NLP pipeline under a stream of new words', () => {
  test('keeps its memory bounded: four renewals\' worth of new words leave less than one renewal\'s worth in the heap', () => {
    partsOfSpeech('Who signed the MoU?');
    const before = heapMegabytes();
    for (const question of newWordQuestions(4 * NLP_RENEW_CHARS)) partsOfSpeech(question);
    // Without renewal every new word stays, several times this bound.
    expect(heapMegabytes() - before).toBeLessThan(14);
  }, 30_000);

  test('analyses passages and questions the same after it is renewed', () => {
    const analysis = analyzePassage(PASSAGE);
    const parts = partsOfSpeech('Who signed the MoU in Rabat?');
    for (const question of newWordQuestions(2 * NLP_RENEW_CHARS)) partsOfSpeech(question);
    expect(analyzePassage(PASSAGE)).toEqual(analysis);
    expect(partsOfSpeech('Who signed the MoU in Rabat?')).toEqual(parts);
  }, 30_000);
});
