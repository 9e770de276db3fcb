/**
 * Measuring answer quality: runs every question through `answer()` and reports hit@1, hit@3, MRR, how often unanswerable
 * questions are declined and answerable ones wrongly declined, and time per question. With
 * `--baseline`, the same figures for plain minisearch (default options) showing the top
 * passages' best sentences, measured in the same run.
 */
import { readFile } from 'node:fs/promises';
import MiniSearch from 'minisearch';
import { z } from 'zod';
import { analyzePassage, readerOf, type Article, type ArticleIndex, type SentenceEncoder, type Subject, tokenize } from '../core/index.js';

/** Most earlier messages a question may follow: a conversation's last few, as a member's reply thread holds them. */
const MAX_BEFORE = 5;
/** Messages asked earlier in the same conversation, read as the bot reads a reply or a thread. */
const before = z.array(z.string().min(1)).min(1).max(MAX_BEFORE).optional();
const questionSchema = z.union([
  z.object({ id: z.string(), before, question: z.string(), answers: z.array(z.string()).min(1) }),
  z.object({ id: z.string(), before, question: z.string(), unanswerable: z.literal(true) }),
]);
export type EvalQuestion = z.infer<typeof questionSchema>;

/**
 * A system under evaluation: the snippets it shows for a question, best first, or `undefined`
 * when it declines. `before` are the messages asked before it in the same conversation (their
 * answers are not scored); a system without memory ignores them.
 */
export type System = (question: string, before?: readonly string[]) => Promise<readonly string[] | undefined> | readonly string[] | undefined;

/** The figures of one run. */
export interface EvalReport {
  readonly questions: number;
  /** Shares of answerable questions; `null` when the file has none. */
  readonly hit1: number | null;
  readonly hit3: number | null;
  readonly mrr: number | null;
  /** Share of unanswerable questions declined; `null` when the file has none. */
  readonly abstainRate: number | null;
  /** Share of answerable questions declined; `null` when the file has none. */
  readonly falseAbstainRate: number | null;
  readonly p50Ms: number;
  readonly p95Ms: number;
}

/** Reads a JSON Lines question file; throws with the line number of a bad line. */
export async function readQuestions(file: string): Promise<EvalQuestion[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const lines = text.split('\n');
  const questions: EvalQuestion[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${file}:${i + 1}: not valid JSON`);
    }
    const parsed = questionSchema.safeParse(value);
    if (!parsed.success) throw new Error(`${file}:${i + 1}: expected {id, question, answers: [...]} or {id, question, unanswerable: true}, with an optional before: [1 to ${MAX_BEFORE} earlier messages]`);
    questions.push(parsed.data);
  });
  return questions;
}

/** Normalises text for answer matching: case, white space, dashes and quotes. */
export function normalizeForMatch(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212-]/g, '-')
    .replace(/[\u2018\u2019\u201b\u2032`´]/g, '\'')
    .replace(/[\u201c\u201d\u201f\u2033]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** A question the system got wrong, for `--failures`. */
export interface Failure {
  readonly question: EvalQuestion;
  readonly shown: readonly string[] | undefined;
}

/**
 * Runs every question through a system and computes the report. The first question is asked
 * once before timing, so that times are those of a warm process, as in a running bot.
 */
export async function evaluate(questions: readonly EvalQuestion[], system: System): Promise<{ report: EvalReport; failures: Failure[] }> {
  if (questions[0]) await system(questions[0].question, questions[0].before);
  let hit1 = 0;
  let hit3 = 0;
  let reciprocal = 0;
  let answerable = 0;
  let unanswerable = 0;
  let declined = 0;
  let wronglyDeclined = 0;
  const times: number[] = [];
  const failures: Failure[] = [];
  for (const question of questions) {
    const started = performance.now();
    const shown = await system(question.question, question.before);
    times.push(performance.now() - started);
    if ('unanswerable' in question) {
      unanswerable++;
      if (shown === undefined) declined++;
      else failures.push({ question, shown });
      continue;
    }
    answerable++;
    if (shown === undefined) {
      wronglyDeclined++;
      failures.push({ question, shown });
      continue;
    }
    const answers = question.answers.map(normalizeForMatch);
    const rank = shown.slice(0, 3).findIndex((text) => answers.some((answer) => normalizeForMatch(text).includes(answer)));
    if (rank === 0) hit1++;
    if (rank >= 0) {
      hit3++;
      reciprocal += 1 / (rank + 1);
    }
    if (rank !== 0) failures.push({ question, shown });
  }
  times.sort((a, b) => a - b);
  const share = (count: number, of: number) => (of === 0 ? null : count / of);
  return {
    report: {
      questions: questions.length,
      hit1: share(hit1, answerable),
      hit3: share(hit3, answerable),
      mrr: share(reciprocal, answerable),
      abstainRate: share(declined, unanswerable),
      falseAbstainRate: share(wronglyDeclined, answerable),
      p50Ms: percentile(times, 50),
      p95Ms: percentile(times, 95),
    },
    failures,
  };
}

/**
 * mou-bot's engine as an evaluated system, answering as the bot does: a question with earlier
 * messages is read as a follow-up of them (each read with the subject of the one before). With
 * `encoder`, each message's meaning vector is computed (and timed) as the bot does, and compared
 * with the sentences' when the index has them.
 */
export function engineSystem(index: ArticleIndex, encoder?: SentenceEncoder): System {
  const reader = readerOf({
    index,
    ...(encoder && index.hasMeanings && { questionMeaning: (question: string) => encoder.encode([question]) }),
  });
  return async (question, before = []) => {
    let subject: Subject | undefined;
    for (const message of before) {
      const earlier = await reader.answer(message, subject);
      if (earlier.kind !== 'invalid') subject = earlier.reading.subject;
    }
    const result = await reader.answer(question, subject);
    return result.kind === 'answer' ? result.snippets.map((s) => s.text) : undefined;
  };
}

/**
 * The peer to beat: minisearch with default options over the same passages (title and text),
 * showing for each of the top 3 passages its sentence that shares the most words with the
 * question (same sentence splitter as ours). It never declines unless nothing matches.
 */
export function baselineSystem(articles: readonly Article[]): System {
  const search = new MiniSearch<{ id: string; title: string; text: string }>({ fields: ['title', 'text'], storeFields: ['text'] });
  search.addAll(articles.flatMap((article) => article.paragraphs.map((text, i) => ({ id: `${article.slug}#${i + 1}`, title: article.title, text }))));
  const sentenceCache = new Map<string, string[]>();
  const sentencesOf = (text: string) => {
    let sentences = sentenceCache.get(text);
    if (!sentences) {
      const { sentences: offsets } = analyzePassage(text);
      sentences = [];
      for (let i = 0; i < offsets.length; i += 2) sentences.push(text.slice(offsets[i], offsets[i + 1]));
      sentenceCache.set(text, sentences);
    }
    return sentences;
  };
  return (question) => {
    const words = new Set(tokenize(question).map((t) => t.word));
    const hits = search.search(question).slice(0, 3);
    if (hits.length === 0) return undefined;
    return hits.map((hit) => {
      let best = '';
      let bestOverlap = -1;
      for (const sentence of sentencesOf(hit.text as string)) {
        const overlap = tokenize(sentence).filter((t) => words.has(t.word)).length;
        if (overlap > bestOverlap) [best, bestOverlap] = [sentence, overlap];
      }
      return best;
    });
  };
}
