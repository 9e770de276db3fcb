/**
 * `npm run eval` measures answer quality. With no `--questions`, it runs every set listed in
 * `eval/suite.json` (or those `--set` names) and prints one table, with plain minisearch
 * measured in the same run beside each figure. With `--knowledge <dir> --questions
 * <file.jsonl>` it runs one set (`--knowledge` may be given several times). See
 * `src/cli/evaluation.ts` for the figures.
 */
import path from 'node:path';
import { readSuite, selectSets, type SuiteSet } from './eval-sets.js';
import { parseOrExit, UsageError } from './usage.js';

const USAGE = 'npm run eval -- [--set <name>]… [--knowledge <dir>… --questions <file.jsonl>] [--ranking name=value,…] [--json] [--no-baseline] [--no-meaning] [--failures] [--thresholds] [--help]';

async function main(): Promise<void> {
  const { values } = parseOrExit({
    options: {
      set: { type: 'string', multiple: true },
      knowledge: { type: 'string', multiple: true },
      questions: { type: 'string' },
      ranking: { type: 'string' },
      json: { type: 'boolean', default: false },
      'no-baseline': { type: 'boolean', default: false },
      'no-meaning': { type: 'boolean', default: false },
      baseline: { type: 'boolean', default: true },
      failures: { type: 'boolean', default: false },
      thresholds: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }, USAGE);
  if (values.help) {
    console.log(`Usage: ${USAGE}`);
    return;
  }
  let sets: SuiteSet[];
  if (values.questions) {
    if (!values.knowledge?.length) throw new UsageError('--questions needs --knowledge');
    sets = [{ name: path.basename(values.questions, '.jsonl'), questions: path.resolve(values.questions), knowledge: values.knowledge.map((dir) => path.resolve(dir)), use: 'dev' }];
  } else {
    sets = selectSets(await readSuite(), values.set);
  }
  // The answer engine loads once the command line is understood: a mistake in it is reported at once.
  const { runEval } = await import('./eval-run.js');
  await runEval(sets, values);
}

await main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\nUsage: ${USAGE}`);
    process.exitCode = 2;
    return;
  }
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
