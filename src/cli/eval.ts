/**
 * `npm run eval -- --knowledge <dir> --questions <file.jsonl> [--json] [--baseline] [--failures] [--thresholds]`
 * prints the evaluation figures (see `src/cli/evaluation.ts`), with `--baseline` beside those of
 * plain minisearch measured in the same run, `--failures` the questions missed, and
 * `--thresholds` the decline rates at other confidence thresholds.
 */
import { ArticleIndex, loadArticles } from '../core/index.js';
import { baselineSystem, engineSystem, evaluate, readQuestions, type EvalReport } from './evaluation.js';
import { parseOrExit } from './open.js';

const USAGE = 'npm run eval -- --knowledge <dir> --questions <file.jsonl> [--json] [--baseline] [--failures] [--thresholds]';

function formatReport(name: string, report: EvalReport, baseline?: EvalReport): string {
  const rows: Array<[string, keyof EvalReport, 'share' | 'ms' | 'count']> = [
    ['questions', 'questions', 'count'],
    ['hit@1', 'hit1', 'share'],
    ['hit@3', 'hit3', 'share'],
    ['MRR', 'mrr', 'share'],
    ['unanswerable declined', 'abstainRate', 'share'],
    ['answerable declined', 'falseAbstainRate', 'share'],
    ['p50 ms/question', 'p50Ms', 'ms'],
    ['p95 ms/question', 'p95Ms', 'ms'],
  ];
  const show = (value: number | null, unit: string) => (value === null ? 'n/a' : unit === 'count' ? String(value) : unit === 'ms' ? value.toFixed(2) : value.toFixed(3));
  const lines = rows.map(([label, key, unit]) => {
    const ours = show(report[key], unit);
    if (!baseline) return `${label.padEnd(24)}${ours.padStart(10)}`;
    const theirs = show(baseline[key], unit);
    const [a, b] = [report[key], baseline[key]];
    const ratio = unit === 'count' || a === null || b === null || b === 0 ? '' : `  (×${(a / b).toFixed(2)})`;
    return `${label.padEnd(24)}${ours.padStart(10)}${theirs.padStart(12)}${ratio}`;
  });
  const header = baseline ? `${''.padEnd(24)}${name.padStart(10)}${'minisearch'.padStart(12)}` : `${''.padEnd(24)}${name.padStart(10)}`;
  return [header, ...lines].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseOrExit({
    options: {
      knowledge: { type: 'string' },
      questions: { type: 'string' },
      json: { type: 'boolean', default: false },
      baseline: { type: 'boolean', default: false },
      failures: { type: 'boolean', default: false },
      thresholds: { type: 'boolean', default: false },
    },
  }, USAGE);
  if (!values.knowledge || !values.questions) {
    console.error(`Usage: ${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const knowledge = await loadArticles(values.knowledge);
  const questions = await readQuestions(values.questions);
  const index = await ArticleIndex.build(knowledge);
  const ours = evaluate(questions, engineSystem(index));
  const baseline = values.baseline ? evaluate(questions, baselineSystem(knowledge.articles)).report : undefined;
  if (values.json) {
    console.log(JSON.stringify(baseline ? { ...ours.report, baseline } : ours.report));
    return;
  }
  console.log(formatReport('mou-bot', ours.report, baseline));
  if (values.thresholds) {
    // How the confidence threshold trades declined off-topic questions against declined
    // answerable ones: the data behind DEFAULT_RANKING.minConfidence.
    console.log('\nminConfidence   answerable declined   unanswerable declined');
    for (let threshold = 0.15; threshold < 0.5; threshold += 0.03) {
      const { report } = evaluate(questions, engineSystem(index.withRanking({ minConfidence: threshold })));
      const rate = (value: number | null) => (value === null ? 'n/a' : value.toFixed(3));
      console.log(`${threshold.toFixed(2).padStart(13)}${rate(report.falseAbstainRate).padStart(22)}${rate(report.abstainRate).padStart(24)}`);
    }
  }
  if (values.failures) {
    for (const { question, shown } of ours.failures) {
      const expected = 'answers' in question ? question.answers.join(' | ') : '(unanswerable)';
      console.log(`\n✗ ${question.id} ${question.question}\n  expected: ${expected}\n  shown:    ${shown ? shown.map((s, i) => `${i + 1}. ${s}`).join('\n            ') : '(declined)'}`);
    }
  }
}

await main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
