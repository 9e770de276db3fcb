/**
 * `npm run ask -- "<question>" [--json] [--explain] [--knowledge <dir>]`: one answer, then exit.
 * `--json` prints the structured result; `--explain` prints how the snippets were ranked.
 */
import { parseArgs } from 'node:util';
import { formatAnswer } from '../core/format.js';
import { DEFAULT_KNOWLEDGE_DIR, openOrExit } from './open.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    knowledge: { type: 'string', default: DEFAULT_KNOWLEDGE_DIR },
  },
});
const question = positionals.join(' ');
if (!question.trim()) {
  console.error('Usage: npm run ask -- "<question>" [--json] [--explain] [--knowledge <dir>]');
  process.exit(2);
}
const { index } = await openOrExit(values.knowledge);
const result = index.answer(question);
if (values.json) console.log(JSON.stringify(result, null, 2));
else console.log(formatAnswer(result, { style: 'terminal' }));
if (values.explain) console.log(JSON.stringify(index.explain(question), null, 2));
