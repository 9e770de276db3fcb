/**
 * The benchmark's fixed query set: long natural questions (XQuAD), short keyword queries,
 * the same with one typing mistake, and off-topic questions. The set depends only on the source
 * files, not on the corpus size, so every size is timed on the same queries.
 */
import { fileURLToPath } from 'node:url';
import { STOP_WORDS } from '../src/core/index.js';
import { readQuestions } from '../src/cli/evaluation.js';
import { loadSources, mulberry32, type SourceText } from './corpus.js';
import { DEFAULT_SEED } from './defaults.js';

/** XQuAD's questions, one JSON object a line with a `question` field. */
export const XQUAD_QUESTIONS = fileURLToPath(new URL('../eval/xquad-en/questions.jsonl', import.meta.url));
/** Questions about things the corpus never mentions. */
export const OFF_TOPIC_QUESTIONS = fileURLToPath(new URL('../eval/xquad-offtopic.jsonl', import.meta.url));

/** How many queries of each kind; the off-topic ones are all of that file. */
const NATURAL_QUERIES = 80;
const KEYWORD_QUERIES = 50;
const TYPO_QUERIES = 40;
/** Words shorter than this are not given typos: a typo in "war" makes another word. */
const MIN_TYPO_WORD = 5;
/** Keyword queries are made of words at least this long: what people type to look something up. */
const MIN_KEYWORD_CHARS = 4;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** What a query stands for. */
export type QueryKind = 'natural' | 'keyword' | 'typo' | 'off-topic';
/** Every kind, in the order the set lists them. */
export const QUERY_KINDS: readonly QueryKind[] = ['natural', 'keyword', 'typo', 'off-topic'];

/** One benchmark query. */
export interface BenchQuery {
  readonly kind: QueryKind;
  readonly text: string;
}

/** The question texts of a JSON Lines question file (the evaluation's format). */
async function questionsOf(file: string): Promise<string[]> {
  return (await readQuestions(file)).map((entry) => entry.question);
}

/** `count` items chosen without repeats, kept in their original order. */
function sample<T>(random: () => number, items: readonly T[], count: number): T[] {
  const indexes = items.map((_, i) => i);
  for (let i = indexes.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [indexes[i], indexes[j]] = [indexes[j]!, indexes[i]!];
  }
  return indexes.slice(0, count).sort((a, b) => a - b).map((i) => items[i]!);
}

/** 2–3 neighbouring content words of a source sentence, lower case: "oil embargo prices". */
function keywordQuery(random: () => number, sources: readonly SourceText[]): string {
  for (;;) {
    const source = sources[Math.floor(random() * sources.length)]!;
    const sentence = source.sentences[Math.floor(random() * source.sentences.length)]!;
    const words = (sentence.toLowerCase().match(/\p{L}+/gu) ?? []).filter((word) => word.length >= MIN_KEYWORD_CHARS && !STOP_WORDS.has(word));
    const length = 2 + Math.floor(random() * 2);
    if (words.length < length) continue;
    const start = Math.floor(random() * (words.length - length + 1));
    return words.slice(start, start + length).join(' ');
  }
}

/**
 * The text with one edit in one of its longer words: a letter replaced, dropped, doubled, or
 * swapped with the next. Returns the text unchanged when no word is long enough.
 */
export function withTypo(random: () => number, text: string): string {
  const words = [...text.matchAll(/\p{L}+/gu)].filter((match) => match[0].length >= MIN_TYPO_WORD && !STOP_WORDS.has(match[0].toLowerCase()));
  if (words.length === 0) return text;
  const match = words[Math.floor(random() * words.length)]!;
  const word = match[0];
  let typo = word;
  // Swapping two equal letters changes nothing: try another edit then.
  while (typo === word) {
    // Not the first letter: people rarely mistype it, and spell checkers rely on that too.
    const at = 1 + Math.floor(random() * (word.length - 1));
    switch (Math.floor(random() * 4)) {
      case 0: typo = word.slice(0, at) + LETTERS[Math.floor(random() * LETTERS.length)] + word.slice(at + 1); break;
      case 1: typo = word.slice(0, at) + word.slice(at + 1); break;
      case 2: typo = word.slice(0, at) + word[at] + word.slice(at); break;
      default: typo = word.slice(0, at - 1) + word[at] + word[at - 1] + word.slice(at + 1);
    }
  }
  return text.slice(0, match.index) + typo + text.slice(match.index + word.length);
}

/**
 * The query set: 80 XQuAD questions, 50 keyword queries from the source sentences, 40 typo
 * variants (of keyword queries and questions, alternately) and the 40 off-topic questions.
 * Always the same for the same files and seed.
 */
export async function loadQueries(options: { seed?: number; sources?: readonly SourceText[] } = {}): Promise<BenchQuery[]> {
  const random = mulberry32((options.seed ?? DEFAULT_SEED) ^ 0x5eed);
  const sources = options.sources ?? (await loadSources());
  // XQuAD asks some questions twice (several annotators): each is timed once.
  const natural = sample(random, [...new Set(await questionsOf(XQUAD_QUESTIONS))], NATURAL_QUERIES);
  const keywords = Array.from({ length: KEYWORD_QUERIES }, () => keywordQuery(random, sources));
  const typos = Array.from({ length: TYPO_QUERIES }, (_, i) => {
    const base = i % 2 === 0 ? keywords[(i / 2) % keywords.length]! : natural[((i - 1) / 2) % natural.length]!;
    return withTypo(random, base);
  });
  const offTopic = await questionsOf(OFF_TOPIC_QUESTIONS);
  return [
    ...natural.map((text) => ({ kind: 'natural' as const, text })),
    ...keywords.map((text) => ({ kind: 'keyword' as const, text })),
    ...typos.map((text) => ({ kind: 'typo' as const, text })),
    ...offTopic.map((text) => ({ kind: 'off-topic' as const, text })),
  ];
}
