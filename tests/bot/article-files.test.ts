/**
 * Unusual files in the knowledge folder, end to end through `/mou-admin refresh`: a link that
 * leads outside the folder, a link inside it, a linked file that is not an article, and a title
 * that YAML reads as a number. Each test starts its own bot, since each changes the folder.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { FakeDiscord } from '../fake-discord/index.js';
import { deferredReply, replyText, startBot, stopAll } from './harness.js';

afterEach(stopAll);

const NO_ANSWER = /^I could not find a confident answer/;
const FERRY_TITLE = 'Island ferry adds a late-evening sailing for the summer';
const FERRY_MD = `---\ntitle: "${FERRY_TITLE}"\nsource: "Island Courier"\n---\n`
  + 'The ferry company will run an extra sailing from the mainland at 22:15 every evening from June to September.\n';

function refresh(fake: FakeDiscord): Promise<string> {
  return deferredReply(fake, fake.slashCommand({ name: 'mou-admin', subcommand: 'refresh', user: 'moderator' }), 20_000);
}

function ask(fake: FakeDiscord, question: string): Promise<string> {
  return replyText(fake, fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question } }), 20_000);
}

describe('/mou-admin refresh with linked files', () => {
  test('a link leading outside the knowledge folder is refused by name, and what it points at is never shown', async () => {
    const { fake, knowledgeDir } = await startBot();
    const outside = path.dirname(knowledgeDir);
    await writeFile(path.join(outside, 'vault.md'), '---\ntitle: "Vault"\n---\nThe vault under the harbour office opens with the code 4711.\n');
    await symlink('../vault.md', path.join(knowledgeDir, 'vault.md'));

    const report = await refresh(fake);
    expect(report).toMatch(/^\*\*Refresh failed\*\*: nothing changed/);
    expect(report).toContain('\n• vault.md: is a link to a file outside the knowledge folder, which is not followed; copy the file into the folder instead');
    expect(report).not.toContain('4711');
    expect(report).not.toContain(outside);
    expect(await ask(fake, 'What code opens the vault under the harbour office?')).toMatch(NO_ANSWER);
  });

  test('a link to an article inside the folder loads and is cited; a linked file that is not an article is listed as ignored', async () => {
    const { fake, knowledgeDir } = await startBot();
    // As mounted configuration lays files out: the real files in a hidden folder, linked by name.
    await mkdir(path.join(knowledgeDir, '..data'));
    await writeFile(path.join(knowledgeDir, '..data', 'ferry.md'), FERRY_MD);
    await symlink('..data/ferry.md', path.join(knowledgeDir, 'ferry.md'));
    await symlink('..data/ferry.md', path.join(knowledgeDir, 'ferry.pdf'));

    const report = await refresh(fake);
    expect(report).toMatch(/^\*\*Refreshed\*\* /);
    expect(report).toContain(`\nAdded (1): ${FERRY_TITLE}\n`);
    expect(report).toMatch(/\nIgnored \(not \.md, \.markdown or \.txt\): ferry\.pdf$/);
    const answer = await ask(fake, 'At what time does the extra ferry sailing from the mainland run?');
    expect(answer).toContain('22:15');
    expect(answer).toContain(`\n[1] ${FERRY_TITLE}`);
  });
});

describe('/mou-admin refresh with a title YAML reads as a number', () => {
  test('title: 1984 loads and is cited as "1984"', async () => {
    const { fake, writeArticle } = await startBot();
    await writeArticle('nineteen-eighty-four.md', '---\ntitle: 1984\nsource: 2600\n---\n'
      + 'The novel follows Winston Smith, a clerk at the Ministry of Truth who rewrites old newspaper articles.\n');

    expect(await refresh(fake)).toContain('\nAdded (1): 1984\n');
    const answer = await ask(fake, 'Where does Winston Smith work?');
    expect(answer).toContain('Ministry of Truth');
    expect(answer).toMatch(/\n\[1\] 1984\b/);
  });
});
