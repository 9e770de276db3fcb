/**
 * `npm run picture`: the README's picture of a real answer. Starts the fake Discord and the real
 * bot against it (as the end-to-end tests do) with the shipped `knowledge/` folder, asks
 * `/mou ask` a question, and writes what the bot sent Discord to `docs/answer.json` and a drawing
 * of how Discord shows it to `docs/answer.svg`.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { FAKE_USERS } from '../fake-discord/index.js';
import { replyMessage, startBot, stopAll } from '../bot/harness.js';
import { drawMessage, type MessagePayload } from './discord-picture.js';

const ROOT = new URL('../../', import.meta.url);
const QUESTION = 'Who signed the MoU for Morocco?';
const COMMAND = { name: 'mou', subcommand: 'ask' } as const;

const harness = await startBot({
  // The shipped folder is read in place, without writing an index cache beside it.
  env: { KNOWLEDGE_DIR: fileURLToPath(new URL('knowledge', ROOT)), INDEX_CACHE_PATH: 'off' },
});
try {
  const sent = harness.fake.slashCommand({ ...COMMAND, options: { question: QUESTION } });
  const message = await replyMessage(harness.fake, sent, 30_000);
  const svg = drawMessage(message as MessagePayload, {
    botName: FAKE_USERS.bot.username,
    userName: FAKE_USERS.member.global_name ?? FAKE_USERS.member.username,
    command: `/${COMMAND.name} ${COMMAND.subcommand}`,
  });
  await writeFile(new URL('docs/answer.json', ROOT), `${JSON.stringify(message, null, 2)}\n`);
  await writeFile(new URL('docs/answer.svg', ROOT), svg);
  console.log('wrote docs/answer.json and docs/answer.svg');
} finally {
  await stopAll();
}
