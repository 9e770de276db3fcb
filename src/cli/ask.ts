/**
 * `npm run ask -- "<question>" [--json] [--explain] [--knowledge <dir>]`: one answer, then exit
 * (status 1 when the question cannot be searched). `--json` prints the structured result;
 * `--explain` prints how the snippets were ranked. The folder defaults to `KNOWLEDGE_DIR`.
 */
import { loadKnowledgeDir } from '../config.js';
import { formatAnswer } from '../core/index.js';
import { openOrExit, parseOrExit } from './open.js';

const USAGE = 'npm run ask -- "<question>" [--json] [--explain] [--knowledge <dir>]';
const { values, positionals } = parseOrExit({
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    knowledge: { type: 'string' },
  },
}, USAGE);
const question = positionals.join(' ');
if (!question.trim()) {
  console.error(`Usage: ${USAGE}`);
  process.exit(2);
}
const { index } = await openOrExit(values.knowledge ?? loadKnowledgeDir());
const result = index.answer(question);
if (values.json) console.log(JSON.stringify(result, null, 2));
else console.log(formatAnswer(result, { style: 'terminal' }));
if (values.explain) console.log(JSON.stringify(index.explain(question), null, 2));
if (result.kind === 'invalid') process.exitCode = 1;
