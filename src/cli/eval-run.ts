/**
 * The work of `npm run eval`, once `eval.ts` has read its command line: each set's index (from
 * the cache where it holds it, with its sentence meanings), our figures and plain minisearch's in
 * the same run, and the table.
 */
import path from 'node:path';
import {
  ArticleIndex, attachMeanings, CacheError, DEFAULT_RANKING, fillMeanings, loadArticles, MeaningWorker, PROJECT_ROOT, readIndexCache, reuseFrom, SentenceEncoder,
  versionOf, writeIndexCache, type Article, type IndexCache, type RankingOptions,
} from '../core/index.js';
import type { SuiteSet } from './eval-sets.js';
import { baselineSystem, engineSystem, evaluate, readQuestions, type EvalQuestion, type EvalReport, type Failure } from './evaluation.js';
import { UsageError } from './usage.js';

const ROOT = PROJECT_ROOT;
/** Where the indexes of evaluated knowledge folders are cached, with their sentence meanings. */
const CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'mou-bot', 'eval');

/**
 * The index of some articles, with their sentence meanings when `meanings`: from the cache
 * where it holds them, computed (with a progress line) and cached otherwise.
 */
async function indexOf(articles: readonly Article[], meanings: boolean): Promise<ArticleIndex> {
  const file = path.join(CACHE_DIR, `${versionOf(articles).hash}.jsonl`);
  let cache: IndexCache | undefined;
  try {
    cache = await readIndexCache(file);
  } catch (error) {
    if (!(error instanceof CacheError)) throw error;
  }
  const index = await ArticleIndex.build({ articles, ignored: [] }, { bulk: true }, cache && reuseFrom(cache));
  if (cache) attachMeanings(index, cache);
  let encoded = 0;
  if (meanings) {
    const worker = new MeaningWorker();
    try {
      // A progress line for a person watching; piped output gets one line when done.
      encoded = await fillMeanings(index, (sentences) => worker.encode(sentences), {
        ...(process.stderr.isTTY && {
          onProgress: ({ encoded: done, paragraphs }) => process.stderr.write(`\rencoding sentence meanings: ${done} of ${paragraphs} paragraphs`),
        }),
      });
    } finally {
      await worker.close();
    }
    if (encoded > 0) process.stderr.write(process.stderr.isTTY ? '\n' : `encoded the sentence meanings of ${encoded} paragraphs\n`);
  }
  if (!cache || encoded > 0) await writeIndexCache(file, index.version.hash, index.analysedArticles());
  return index;
}

/** One set's figures: ours, and plain minisearch's from the same run. */
interface SetResult {
  readonly set: SuiteSet;
  readonly report: EvalReport;
  readonly baseline: EvalReport | undefined;
  readonly failures: readonly Failure[];
  /** Share of answers whose first snippet the sentence meanings changed; `null` without them. */
  readonly changed: number | null;
}

/** The share of answered questions whose first snippet differs with sentence meanings and without. */
async function meaningChanges(questions: readonly EvalQuestion[], index: ArticleIndex, encoder: SentenceEncoder): Promise<number | null> {
  const withMeaning = engineSystem(index, encoder);
  const without = engineSystem(index);
  let answered = 0;
  let changed = 0;
  for (const { question, before } of questions) {
    const shown = await withMeaning(question, before);
    if (shown === undefined) continue;
    answered++;
    if ((await without(question, before))?.[0] !== shown[0]) changed++;
  }
  return answered === 0 ? null : changed / answered;
}

/** Ranking options from `name=value,…`; throws a {@link UsageError} for an unknown name or a value that is no number. */
function parseRanking(text: string | undefined): Partial<RankingOptions> {
  if (!text) return {};
  const ranking: Record<string, number> = {};
  for (const pair of text.split(',')) {
    const [name, value] = pair.split('=');
    if (!name || !(name in DEFAULT_RANKING) || value === undefined || Number.isNaN(Number(value))) {
      throw new UsageError(`--ranking: "${pair}" is not name=number with a name of ${Object.keys(DEFAULT_RANKING).join(', ')}`);
    }
    ranking[name] = Number(value);
  }
  return ranking as Partial<RankingOptions>;
}

/** Articles of several folders, loaded once per folder. */
function articleLoader(): (dirs: readonly string[]) => Promise<Article[]> {
  const loaded = new Map<string, Promise<readonly Article[]>>();
  return async (dirs) => {
    const parts = await Promise.all(dirs.map((dir) => {
      const full = path.resolve(ROOT, dir);
      if (!loaded.has(full)) loaded.set(full, loadArticles(full).then((k) => k.articles));
      return loaded.get(full)!;
    }));
    return parts.flat();
  };
}

const share = (value: number | null) => (value === null ? '–' : value.toFixed(3));

function formatTable(results: readonly SetResult[]): string {
  const header = ['set', 'use', 'n', 'hit@1', 'hit@3', 'MRR', 'unanswerable declined', 'answerable declined', 'meaning changed', 'p95 ms'];
  const rows = results.map(({ set, report, baseline, changed }) => {
    const pair = (key: keyof EvalReport) => {
      const ours = share(report[key]);
      return baseline && report[key] !== null ? `${ours} (${share(baseline[key])})` : ours;
    };
    return [set.name, set.use, String(report.questions), pair('hit1'), pair('hit3'), share(report.mrr), pair('abstainRate'), share(report.falseAbstainRate), share(changed), report.p95Ms.toFixed(1)];
  });
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n')
    + '\n\nIn brackets: plain minisearch with default options, showing its top passages\' best-matching sentences, in the same run.'
    + '\nmeaning changed: share of answers whose first snippet differs without sentence meanings.';
}

function formatFailures(result: SetResult): string {
  return result.failures.map(({ question, shown }) => {
    const expected = 'answers' in question ? question.answers.join(' | ') : '(unanswerable)';
    const after = question.before ? question.before.map((message) => `${message} → `).join('') : '';
    return `\n✗ [${result.set.name}] ${question.id} ${after}${question.question}\n  expected: ${expected}\n  shown:    ${shown ? shown.map((s, i) => `${i + 1}. ${s}`).join('\n            ') : '(declined)'}`;
  }).join('\n');
}

async function thresholdTable(questions: readonly EvalQuestion[], index: ArticleIndex, encoder: SentenceEncoder | undefined): Promise<string> {
  const lines = ['minConfidence   answerable declined   unanswerable declined'];
  for (let threshold = 0.15; threshold < 0.5; threshold += 0.03) {
    const { report } = await evaluate(questions, engineSystem(index.withRanking({ minConfidence: threshold }), encoder));
    lines.push(`${threshold.toFixed(2).padStart(13)}${share(report.falseAbstainRate).padStart(22)}${share(report.abstainRate).padStart(24)}`);
  }
  return lines.join('\n');
}

/** The command-line options that shape a run (`npm run eval -- --help` lists them). */
export interface EvalOptions {
  readonly ranking?: string | undefined;
  readonly json: boolean;
  readonly baseline: boolean;
  readonly 'no-baseline': boolean;
  readonly 'no-meaning': boolean;
  readonly failures: boolean;
  readonly thresholds: boolean;
}

/**
 * Measures `sets` and prints the table (or JSON with `json`). Throws a {@link UsageError} for a
 * `ranking` that names no ranking option.
 */
export async function runEval(sets: readonly SuiteSet[], values: EvalOptions): Promise<void> {
  const ranking = parseRanking(values.ranking);
  // Sentence meanings as the bot has them once its knowledge base is encoded; each question is
  // encoded once, however often it is asked in this run.
  const shared = values['no-meaning'] ? undefined : await SentenceEncoder.shared();
  const encoded = new Map<string, Promise<Int8Array>>();
  const encoder = shared && ({
    encode: (texts: readonly string[]) => {
      const key = texts.join('\n');
      if (!encoded.has(key)) encoded.set(key, shared.encode(texts));
      return encoded.get(key)!;
    },
  } as SentenceEncoder);
  const load = articleLoader();
  const indexes = new Map<string, Promise<{ index: ArticleIndex; articles: readonly Article[] }>>();
  const results: SetResult[] = [];
  for (const set of sets) {
    const key = set.knowledge.join('\n');
    if (!indexes.has(key)) {
      indexes.set(key, load(set.knowledge).then(async (articles) => ({ articles, index: await indexOf(articles, encoder !== undefined) })));
    }
    const { index, articles } = await indexes.get(key)!;
    const questions = await readQuestions(path.resolve(ROOT, set.questions));
    const tuned = index.withRanking(ranking);
    const ours = await evaluate(questions, engineSystem(tuned, encoder));
    const baseline = values.baseline && !values['no-baseline'] ? (await evaluate(questions, baselineSystem(articles))).report : undefined;
    const changed = encoder ? await meaningChanges(questions, tuned, encoder) : null;
    results.push({ set, report: ours.report, baseline, failures: ours.failures, changed });
    if (values.thresholds) console.log(`\n${set.name}\n${await thresholdTable(questions, tuned, encoder)}`);
  }
  if (values.json) {
    console.log(JSON.stringify(results.map(({ set, report, baseline, changed }) => ({ set: set.name, use: set.use, ...report, meaningChanged: changed, ...(baseline && { baseline }) }))));
    return;
  }
  console.log(formatTable(results));
  if (values.failures) for (const result of results) console.log(formatFailures(result));
}

