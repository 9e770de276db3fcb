/**
 * `npm run chat [-- --knowledge <dir>]`: try the bot in the terminal, no Discord token needed.
 * The folder defaults to `KNOWLEDGE_DIR` (from the environment or `.env`), as for the bot.
 * Reads lines, answers each with the same engine and commands as the bot (a follow-up is read
 * with the question before it), and prints what Discord would show.
 */
import { createInterface } from 'node:readline/promises';
import { parseOrExit } from './usage.js';

const { values } = parseOrExit({ options: { knowledge: { type: 'string' } } }, 'npm run chat [-- --knowledge <dir>]');
// The answer engine loads once the command line is understood: a mistake in it is reported at once.
const [{ CHAT_HELP, ChatSession }, { openOrExit }] = await Promise.all([import('./chat-replies.js'), import('./open.js')]);
const knowledge = await openOrExit(values.knowledge);
const { version } = knowledge.index;
const terminal = process.stdin.isTTY;
if (terminal) {
  console.log(`mou-bot: ${version.articles} article${version.articles === 1 ? '' : 's'}, ${version.passages} passages (version ${version.hash}).`);
  console.log(CHAT_HELP);
}
const session = new ChatSession(knowledge, () => knowledge.refresh());
const lines = createInterface({ input: process.stdin, output: process.stdout, terminal });
lines.setPrompt('\n> ');
if (terminal) lines.prompt();
for await (const line of lines) {
  if (!line.trim()) {
    if (terminal) lines.prompt();
    continue;
  }
  const reply = await session.respond(line);
  console.log(terminal ? reply.text : `> ${line}\n${reply.text}\n`);
  if (reply.quit) break;
  if (terminal) lines.prompt();
}
lines.close();
