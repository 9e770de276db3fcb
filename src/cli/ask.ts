/**
 * `npm run ask -- "<question>" [--after "<previous question>"] [--json] [--explain] [--knowledge <dir>]`:
 * one answer, then exit (status 1 when the question cannot be searched). `--after` reads the
 * question as a follow-up of another, as the bot reads a reply to its answer. `--json` prints
 * the structured result; `--explain` prints how the question was read (what a follow-up
 * carried, what was searched, the article it stayed on, the words it had to speak of) and how
 * the snippets were ranked for that reading. The folder defaults to
 * `KNOWLEDGE_DIR`.
 */
import { parseOrExit } from './usage.js';

const USAGE = 'npm run ask -- "<question>" [--after "<previous question>"] [--json] [--explain] [--knowledge <dir>]';
const { values, positionals } = parseOrExit({
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    after: { type: 'string' },
    knowledge: { type: 'string' },
  },
}, USAGE);
const question = positionals.join(' ');
if (!question.trim()) {
  console.error(`Usage: ${USAGE}`);
  process.exit(2);
}
// The answer engine loads once the command line is understood: a mistake in it is reported at once.
const [{ formatAnswer }, { openOrExit }] = await Promise.all([import('../core/index.js'), import('./open.js')]);
const knowledge = await openOrExit(values.knowledge);
const { index, reader } = knowledge;
const previous = values.after === undefined ? undefined : (await reader.answer(values.after)).reading.subject;
const result = await reader.answer(question, previous);
if (values.json) console.log(JSON.stringify(result, null, 2));
else console.log(formatAnswer(result, { style: 'terminal' }));
if (values.explain) {
  const meaning = await knowledge.questionMeaning(result.reading.searched);
  const { searched, about, within } = result.reading;
  const options = { ...(meaning && { meaning }), ...(about !== undefined && { about }), ...(within !== undefined && { within }) };
  console.log(JSON.stringify({ reading: result.reading, ...index.explain(searched, 5, options) }, null, 2));
}
await knowledge.close();
if (result.kind === 'invalid') process.exitCode = 1;
