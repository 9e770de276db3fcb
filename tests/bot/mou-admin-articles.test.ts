/**
 * `/mou-admin add`, `remove`, `undo` and `history` end to end: the real bot against the fake
 * Discord, adding articles from a local news site on 127.0.0.1 (listed in FETCH_ALLOW_HOSTS) and
 * from attachments the fake serves. One bot and one site serve the tests of the first block,
 * which run in order and build on each other's changes, as a moderator's session would; others
 * start their own bot (two servers, no database).
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HISTORY_TITLE_CHARS } from '../../src/bot/articles/render.js';
import { fitMessage } from '../../src/bot/reply.js';
import { TRASH_FOLDER, trashFolderOf } from '../../src/core/index.js';
import { FAKE_IDS, type FakeDiscord, type FakePerson, type InjectedInteraction } from '../fake-discord/index.js';
import { NEWS, startNewsSite, type NewsSite } from '../web/news-site.js';
import { bodyOf, startBot, stopAll, type Harness } from './harness.js';

const ADD_THIS = '**Add this article to the knowledge base?** Check it, then choose **Add** or **Cancel**.';
const NO_ANSWER = /^I could not find a confident answer/;
const HYDROGEN_QUESTION = 'How many hydrogen trains did Valley Rail order?';
const HYDROGEN_FILE = 'valley-rail-orders-40-hydrogen-trains-to-replace-diesel-fleet-on-mountain-lines.md';
const FERRY_MD = '---\ntitle: "Island ferry adds a late-evening sailing for the summer"\nsource: "Island Courier"\ndate: 2025-05-06\n---\n'
  + 'The ferry company will run an extra sailing from the mainland at 22:15 every evening from June to September.\n\n'
  + 'Islanders had asked for a later ferry for years so that they could stay in town for evening classes.\n';

/** The text of the message an interaction's reply is now (the fake applies every edit). */
function shownFor(fake: FakeDiscord, sent: InjectedInteraction): string {
  return String(fake.originalMessage(sent)?.content ?? '');
}

/** The id of the message an interaction's reply is (where its buttons are). */
function messageOf(fake: FakeDiscord, sent: InjectedInteraction): string {
  return String(fake.originalMessage(sent)!.id);
}

/** The custom ids of the buttons on an interaction's reply. */
function buttonsOf(fake: FakeDiscord, sent: InjectedInteraction): string[] {
  const rows = (fake.originalMessage(sent)?.components ?? []) as Array<{ components: Array<{ custom_id: string }> }>;
  return rows.flatMap((row) => row.components.map((button) => button.custom_id));
}

/** Resolves once the bot has edited the reply of `sent` (its deferral or the message a button is on) `count` times. */
async function edited(fake: FakeDiscord, sent: InjectedInteraction, count = 1): Promise<string> {
  const isEdit = (r: { method: string; path: string; status: number }) => r.method === 'PATCH' && r.status < 400
    && r.path === `/webhooks/${FAKE_IDS.applicationId}/${sent.token}/messages/@original`;
  await fake.waitForRequest(() => fake.requestsFor(sent).filter(isEdit).length >= count, 20_000);
  return String(bodyOf(fake.requestsFor(sent).filter(isEdit)[count - 1]!).content);
}

/** A server of the fake and its text channel, where a command is sent. */
interface Place { readonly guildId: string; readonly channelId: string }
const NEWSROOM: Place = { guildId: FAKE_IDS.guildId, channelId: FAKE_IDS.channelId };
const READING_CLUB: Place = { guildId: FAKE_IDS.otherGuildId, channelId: FAKE_IDS.otherChannelId };

/** `/mou-admin add` with a link or an attachment; resolves with the interaction once the preview (or refusal) is shown. */
async function add(
  fake: FakeDiscord, from: { url: string } | { file: { name: string; content: string | Uint8Array; contentType?: string; size?: number } }, user: FakePerson = 'moderator', place = NEWSROOM,
): Promise<InjectedInteraction> {
  const sent = 'url' in from
    ? fake.slashCommand({ name: 'mou-admin', subcommand: 'add', user, ...place, options: { url: from.url } })
    : fake.slashCommand({ name: 'mou-admin', subcommand: 'add', user, ...place, attachments: { file: from.file } });
  await edited(fake, sent);
  return sent;
}

/** The custom id of the button of `action` on the reply of `sent`. */
function buttonFor(fake: FakeDiscord, sent: InjectedInteraction, action: 'add' | 'remove' | 'cancel'): string {
  const customId = buttonsOf(fake, sent).find((id) => id.startsWith(`mou-admin:${action}:`));
  if (!customId) throw new Error(`no ${action} button on: ${shownFor(fake, sent)}`);
  return customId;
}

/** Clicks the button of `action` on the reply of `sent`; resolves with the click and the text it ended with. */
async function click(fake: FakeDiscord, sent: InjectedInteraction, action: 'add' | 'remove' | 'cancel', user: FakePerson = 'moderator'): Promise<{ click: InjectedInteraction; text: string }> {
  const clicked = fake.clickButton({ messageId: messageOf(fake, sent), customId: buttonFor(fake, sent, action), user });
  const first = await fake.waitForReply(clicked, 20_000);
  // Cancel only updates the message; Add and Remove update it, then edit it with the outcome.
  if (action !== 'cancel') await edited(fake, clicked);
  expect(bodyOf(first).type).toBe(7);
  return { click: clicked, text: shownFor(fake, sent) };
}

async function ask(fake: FakeDiscord, question: string): Promise<string> {
  const sent = fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question } });
  return String(bodyOf(await fake.waitForReply(sent)).data.content);
}

/** A slash command of `/mou-admin` without options; resolves with its final text. */
async function admin(fake: FakeDiscord, subcommand: string, user: FakePerson = 'moderator', place = NEWSROOM): Promise<{ sent: InjectedInteraction; text: string }> {
  const sent = fake.slashCommand({ name: 'mou-admin', subcommand, user, ...place });
  const reply = await fake.waitForReply(sent, 20_000);
  if (bodyOf(reply).type === 5) return { sent, text: await edited(fake, sent) };
  return { sent, text: String(bodyOf(reply).data.content ?? '') };
}

/** The files of the knowledge folder, sorted; hidden (temporary) files included, so a left-over shows, but not the trash folder. */
async function filesIn(harness: Harness): Promise<string[]> {
  return (await readdir(harness.knowledgeDir)).filter((name) => name !== TRASH_FOLDER).sort();
}

describe('/mou-admin article tools', () => {
  let harness: Harness;
  let site: NewsSite;
  beforeAll(async () => {
    site = await startNewsSite();
    harness = await startBot({ compiled: true, env: { FETCH_ALLOW_HOSTS: '127.0.0.1', FETCH_TIMEOUT_SECONDS: '1' } });
  });
  afterAll(async () => {
    await stopAll();
    await site.close();
  });

  test('add by link: a private preview of what the page holds, then Add writes it and the next answer cites it with its date and link', async () => {
    const { fake, knowledgeDir, logs } = harness;
    expect(await ask(fake, HYDROGEN_QUESTION)).toMatch(NO_ANSWER);

    const sent = await add(fake, { url: site.url(NEWS.hydrogen.path) });
    expect(bodyOf(fake.requestsFor(sent)[0]!)).toEqual({ type: 5, data: { flags: 64 } });
    expect(shownFor(fake, sent)).toBe([
      ADD_THIS,
      `**Title:** “${NEWS.hydrogen.title}”`,
      '**Date:** 2025-03-14 · **Source:** “The Valley Courier”',
      `**Link:** <${NEWS.hydrogen.canonical}>`,
      `**Paragraphs:** 7 · **From:** <${site.url(NEWS.hydrogen.path)}>`,
      '**First paragraph:** “Valley Rail has ordered 40 hydrogen fuel-cell trains to replace the diesel fleet that still runs on its three mountain lines, the regional operator announced on Friday.”',
    ].join('\n'));
    expect(buttonsOf(fake, sent)).toEqual([expect.stringMatching(/^mou-admin:add:/), expect.stringMatching(/^mou-admin:cancel:/)]);
    expect(await filesIn(harness)).toEqual(['india-morocco-defence-mou.md']);

    const { click: clicked, text } = await click(fake, sent, 'add');
    expect(bodyOf(fake.requestsFor(clicked)[0]!).data).toMatchObject({ content: expect.stringMatching(/\n\nAdding it and refreshing…$/), components: [] });
    expect(text).toMatch(new RegExp(`^\\*\\*Added\\*\\* “Valley Rail orders 40 hydrogen trains to replace diesel fleet on mountain lines” as ${HYDROGEN_FILE} \\(change #1\\)\\. \`/mou-admin undo\` takes it out again\\.\\n\\*\\*Refreshed\\*\\* the knowledge base in \\d+ ms\\.\\nAdded \\(1\\): Valley Rail orders`));
    expect(buttonsOf(fake, sent)).toEqual([]);

    const file = await readFile(path.join(knowledgeDir, HYDROGEN_FILE), 'utf8');
    expect(file).toMatch(/^---\ntitle: "Valley Rail orders 40 hydrogen trains to replace diesel fleet on mountain lines"\nsource: "The Valley Courier"\ndate: "2025-03-14"\nurl: "https:\/\/valleycourier\.example\//);
    for (const junk of ['Advertisement', 'Switch your energy', 'Most read', 'railfan77', 'Maria Okafor']) expect(file).not.toContain(junk);

    const answer = await ask(fake, HYDROGEN_QUESTION);
    expect(answer).toContain('40 hydrogen fuel-cell trains');
    expect(answer).toMatch(new RegExp(`\\n\\[1\\] \\[${NEWS.hydrogen.title}\\]\\(<${NEWS.hydrogen.canonical.replace(/[.]/g, '\\.')}>\\) · The Valley Courier · 2025-03-14 · ¶ 1\\b`));
    expect(logs()).toContainEqual(expect.objectContaining({
      event: 'knowledge-change', action: 'added', file: HYDROGEN_FILE, changeId: 1, guildId: FAKE_IDS.guildId, msg: 'article added',
    }));
  });

  test('a link that redirects five times is followed, and the preview warns that the article is already there; Cancel adds nothing', async () => {
    const { fake } = harness;
    const sent = await add(fake, { url: site.url('/redirect/4') });
    expect(shownFor(fake, sent)).toContain(`\n⚠️ The knowledge base already has an article with this link: “${NEWS.hydrogen.title}”. Adding makes a second copy; remove the old one to replace it.`);
    expect((await click(fake, sent, 'cancel')).text).toBe('Cancelled: nothing was added.');
    expect(await filesIn(harness)).toEqual(['india-morocco-defence-mou.md', HYDROGEN_FILE]);
  });

  test('add by attachment: the fake Discord serves the file, and a markdown file is written as it came', async () => {
    const { fake, knowledgeDir } = harness;
    const sent = await add(fake, { file: { name: 'ferry notes.md', content: FERRY_MD, contentType: 'text/markdown; charset=utf-8' } });
    expect(fake.requests.some((r) => r.method === 'GET' && r.path.endsWith('/ferry notes.md') && r.status === 200)).toBe(true);
    expect(shownFor(fake, sent)).toContain('\n**Date:** 2025-05-06 · **Source:** “Island Courier”\n**Link:** none\n**Paragraphs:** 2 · **From:** the attached file “ferry notes.md”\n');

    expect((await click(fake, sent, 'add')).text).toMatch(/^\*\*Added\*\* “Island ferry adds a late-evening sailing for the summer” as island-ferry-adds-a-late-evening-sailing-for-the-summer\.md \(change #2\)/);
    expect(await readFile(path.join(knowledgeDir, 'island-ferry-adds-a-late-evening-sailing-for-the-summer.md'), 'utf8')).toBe(FERRY_MD);
  });

  test('an attached HTML page is read like a linked one', async () => {
    const { fake } = harness;
    const html = await readFile(new URL('../fixtures/news-site/library-reopens.html', import.meta.url));
    const sent = await add(fake, { file: { name: 'library.html', content: html, contentType: 'text/html' } });
    expect(shownFor(fake, sent)).toContain(`**Title:** “${NEWS.library.title}”\n**Date:** 2024-11-02 · **Source:** “Northbridge Evening Post”\n**Link:** <${NEWS.library.canonical}>\n**Paragraphs:** 5`);
    expect((await click(fake, sent, 'cancel')).text).toBe('Cancelled: nothing was added.');
  });

  test.each([
    ['/sport', 'the page has no paragraph of article text (at least 2 are needed): it looks like an index or a short notice, not an article.'],
    ['/huge', 'the page is larger than 2 MiB.'],
    ['/redirect/5', 'the link redirects more than 5 times.'],
    ['/to-metadata', '169.254.169.254 is a link-local address: the bot fetches pages only from public addresses (an operator can allow a host with FETCH\\_ALLOW\\_HOSTS).'],
    ['/to-private', '10.0.0.12 is a private network address: the bot fetches pages only from public addresses (an operator can allow a host with FETCH\\_ALLOW\\_HOSTS).'],
    ['/slow', 'the page did not load within 1 s.'],
    ['/report.pdf', 'the link leads to application/pdf, not a web page: only HTML pages and plain text can be added.'],
    ['ftp://files.example/story.html', 'only http and https links can be fetched, not ftp.'],
  ])('add url:%s is refused with the reason, and nothing is written', async (link, reason) => {
    const { fake } = harness;
    const before = await filesIn(harness);
    const sent = await add(fake, { url: link.startsWith('/') ? site.url(link) : link });
    expect(shownFor(fake, sent)).toBe(`Nothing was added: I could not take an article from this link: ${reason}`);
    expect(buttonsOf(fake, sent)).toEqual([]);
    expect(await filesIn(harness)).toEqual(before);
  });

  test.each([
    ['broken front matter', { name: 'broken.md', content: '---\ntitle: "Broken\nsource: x\n---\nBody\n' }, '“broken.md”: front matter is not valid YAML (line 3, column 10): Missing closing "quote.'],
    ['text that is not UTF-8', { name: 'latin1.txt', content: new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x0a, 0x0a, 0x42, 0x6f, 0x64, 0x79]) }, '“latin1.txt”: is not UTF-8 text.'],
    ['an HTML page that is not UTF-8', { name: 'latin1.html', content: Buffer.from('<!doctype html><title>Caf\xe9</title><p>Caf\xe9 one.</p><p>Caf\xe9 two.</p>', 'latin1'), contentType: 'text/html' }, '“latin1.html”: is not UTF-8 text.'],
    ['another ending', { name: 'report.pdf', content: '%PDF-1.7' }, '“report.pdf”: only .md, .txt and .html files can be added, and “report.pdf” is not one.'],
    ['a file over the limit', { name: 'big.md', content: FERRY_MD, size: 3 * 1024 * 1024 }, '“big.md”: “big.md” is 3 MiB; a .md file may be at most 1 MiB.'],
  ])('an attachment that would not load (%s) is refused with the reason, and nothing is written', async (_label, file, reason) => {
    const { fake } = harness;
    const before = await filesIn(harness);
    const sent = await add(fake, { file });
    expect(shownFor(fake, sent)).toBe(`Nothing was added: I could not take an article from ${reason}`);
    expect(await filesIn(harness)).toEqual(before);
  });

  test('remove: the article is picked as you type, confirmed, and moves to the trash folder; answers no longer cite it', async () => {
    const { fake, knowledgeDir } = harness;
    const typed = fake.autocomplete({ name: 'mou-admin', subcommand: 'remove', user: 'moderator', focused: { name: 'article', value: 'hydro' } });
    expect(bodyOf(await fake.waitForReply(typed)).data.choices).toEqual([{ name: NEWS.hydrogen.title, value: HYDROGEN_FILE.replace(/\.md$/, '') }]);

    const sent = fake.slashCommand({ name: 'mou-admin', subcommand: 'remove', user: 'moderator', options: { article: HYDROGEN_FILE.replace(/\.md$/, '') } });
    expect(bodyOf(await fake.waitForReply(sent))).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(shownFor(fake, sent)).toBe(`**Remove “${NEWS.hydrogen.title}” from the knowledge base?**\nIts file ${HYDROGEN_FILE} (7 passages) moves to the trash folder; \`/mou-admin undo\` puts it back.`);

    const { text } = await click(fake, sent, 'remove');
    expect(text).toMatch(new RegExp(`^\\*\\*Removed\\*\\* “${NEWS.hydrogen.title}” \\(change #3\\): ${HYDROGEN_FILE} is in the trash folder as \\d{8}T\\d{6}Z-${HYDROGEN_FILE}\\. \`/mou-admin undo\` puts it back\\.\\n\\*\\*Refreshed\\*\\*`));
    expect(text).toContain(`\nRemoved (1): ${NEWS.hydrogen.title}\n`);
    expect(await filesIn(harness)).not.toContain(HYDROGEN_FILE);
    expect(await readdir(trashFolderOf(knowledgeDir))).toEqual([expect.stringMatching(new RegExp(`-${HYDROGEN_FILE}$`))]);
    expect(await ask(fake, HYDROGEN_QUESTION)).toMatch(NO_ANSWER);
  });

  test('undo puts the removed article back; the next undo takes out the article added before it', async () => {
    const { fake } = harness;
    const first = await admin(fake, 'undo');
    expect(first.text).toMatch(new RegExp(`^\\*\\*Undid\\*\\* change #3, the removal of “${NEWS.hydrogen.title}”: its file ${HYDROGEN_FILE} is back in the knowledge folder \\(change #4\\)\\.\\n\\*\\*Refreshed\\*\\*`));
    expect(await filesIn(harness)).toContain(HYDROGEN_FILE);
    expect(await ask(fake, HYDROGEN_QUESTION)).toContain('40 hydrogen fuel-cell trains');

    const second = await admin(fake, 'undo');
    expect(second.text).toMatch(/^\*\*Undid\*\* change #2, the addition of “Island ferry adds a late-evening sailing for the summer”: its file island-ferry-adds-a-late-evening-sailing-for-the-summer\.md is in the trash folder again \(change #5\)\./);
    expect(await filesIn(harness)).toEqual(['india-morocco-defence-mou.md', HYDROGEN_FILE]);
  });

  test('a refresh that fails after an add removes the new file again and names the broken file, which remove takes out by its name', async () => {
    const { fake, writeArticle } = harness;
    await writeArticle('Broken Notes.md', 'No front matter here.\n');
    const sent = await add(fake, { url: site.url(NEWS.fishing.path) });
    expect(shownFor(fake, sent)).toContain(`**Title:** “${NEWS.fishing.title}”\n**Date:** 2025-01-20 · **Source:** “127.0.0.1”\n**Link:** <${site.url(NEWS.fishing.path)}>`);
    const { text } = await click(fake, sent, 'add');
    expect(text).toMatch(/^\*\*Nothing changed\*\*: the refresh after it failed, so the new file was removed again; the knowledge base still serves version `[0-9a-f]{12}` \(2 articles, loaded <t:\d+:f>\)\.\nFix this file first, then try again:\n• Broken Notes\.md: has no front matter/);
    expect(await filesIn(harness)).toEqual(['Broken Notes.md', 'india-morocco-defence-mou.md', HYDROGEN_FILE]);

    // A file that does not load is not in the list, but its name finds it.
    const remove = fake.slashCommand({ name: 'mou-admin', subcommand: 'remove', user: 'moderator', options: { article: 'Broken Notes.md' } });
    await fake.waitForReply(remove);
    expect(shownFor(fake, remove)).toMatch(/^\*\*Remove “Broken Notes\.md” from the knowledge base\?\*\*\nIts file Broken Notes\.md moves to the trash folder/);
    expect((await click(fake, remove, 'remove')).text).toMatch(/^\*\*Removed\*\* “Broken Notes\.md” \(change #6\)/);
    expect(await filesIn(harness)).toEqual(['india-morocco-defence-mou.md', HYDROGEN_FILE]);
  });

  test('two moderators add at once: both adds are made, or the second is told to wait and is made when confirmed again; the folder never holds half a change', async () => {
    const { fake } = harness;
    const library = await add(fake, { url: site.url(NEWS.library.path) }, 'moderator');
    const seaWall = await add(fake, { url: site.url(NEWS.seaWall.path) }, 'secondModerator');
    const previews: Array<[InjectedInteraction, FakePerson]> = [[library, 'moderator'], [seaWall, 'secondModerator']];
    // A preview's buttons answer only the moderator who asked for it.
    const crossed = fake.clickButton({ messageId: messageOf(fake, library), customId: buttonFor(fake, library, 'add'), user: 'secondModerator' });
    expect(bodyOf(await fake.waitForReply(crossed))).toEqual({ type: 4, data: expect.objectContaining({ content: 'Only the moderator who asked can answer this question.', flags: 64 }) });

    const clicks = previews.map(([sent, user]) => fake.clickButton({ messageId: messageOf(fake, sent), customId: buttonFor(fake, sent, 'add'), user }));
    await Promise.all(clicks.map((c) => edited(fake, c)));

    const waiting = previews.filter(([sent]) => !shownFor(fake, sent).startsWith('**Added**'));
    expect(waiting.length).toBeLessThanOrEqual(1);
    for (const [sent, user] of waiting) {
      expect(shownFor(fake, sent)).toMatch(/\n\n⏳ Another refresh or change is running\. Choose \*\*Add\*\* again in a moment\.$/);
      expect((await click(fake, sent, 'add', user)).text).toMatch(/^\*\*Added\*\*/);
    }
    expect(shownFor(fake, seaWall)).toMatch(/^\*\*Added\*\* “Falmere council approves a new sea wall”/);
    expect(await filesIn(harness)).toEqual([
      'falmere-council-approves-a-new-sea-wall.md', 'india-morocco-defence-mou.md', 'northbridge-library-reopens-with-a-rooftop-reading-garden.md', HYDROGEN_FILE,
    ].sort());
    const sources = fake.slashCommand({ name: 'mou', subcommand: 'sources' });
    expect(String(bodyOf(await fake.waitForReply(sources)).data.content)).toMatch(/: 4 articles, /);
  });

  test('history lists each change: who, when, what, the versions before and after, and what undid what', async () => {
    const { fake } = harness;
    await admin(fake, 'refresh');
    const sent = fake.slashCommand({ name: 'mou-admin', subcommand: 'history', user: 'moderator' });
    const { data } = bodyOf(await fake.waitForReply(sent));
    expect(data.flags).toBe(64);
    expect(data.embeds[0].title).toBe('Changes to the knowledge base in this server (last 20, newest first)');
    const lines = String(data.embeds[0].description).split('\n');
    const version = '`[0-9a-f]{12}` → `[0-9a-f]{12}`';
    const line = (id: number, what: string, note = '') => new RegExp(`^\\*\\*#${id}\\*\\* <t:\\d+:f> · moderator · ${what} · ${version}${note}$`);
    const hydrogen = fitMessage(NEWS.hydrogen.title, HISTORY_TITLE_CHARS);
    expect(lines).toHaveLength(9);
    expect(lines[0]).toMatch(line(9, 'refreshed'));
    expect(lines.slice(1, 3).map((l) => /· (\S+) · added/.exec(l)?.[1]).sort()).toEqual(['moderator', 'night-editor']);
    expect(lines[3]).toMatch(line(6, 'removed “Broken Notes\\.md”'));
    expect(lines[4]).toMatch(line(5, `removed “${fitMessage('Island ferry adds a late-evening sailing for the summer', HISTORY_TITLE_CHARS)}”`, ' \\(undo of #2\\)'));
    expect(lines[5]).toMatch(line(4, `added “${hydrogen}”`, ' \\(undo of #3\\)'));
    expect(lines[6]).toMatch(line(3, `removed “${hydrogen}”`, ' \\(undone by #4\\)'));
    expect(lines[7]).toMatch(line(2, `added “${fitMessage('Island ferry adds a late-evening sailing for the summer', HISTORY_TITLE_CHARS)}”`, ' \\(undone by #5\\)'));
    expect(lines[8]).toMatch(line(1, `added “${hydrogen}”`));
  });

  test('add needs exactly one of a link and a file', async () => {
    const { fake } = harness;
    const neither = fake.slashCommand({ name: 'mou-admin', subcommand: 'add', user: 'moderator' });
    expect(bodyOf(await fake.waitForReply(neither)).data).toMatchObject({
      content: 'Give the article to add: a link with `url:`, or an attached .md, .txt or .html file with `file:`.', flags: 64,
    });
    const both = fake.slashCommand({ name: 'mou-admin', subcommand: 'add', user: 'moderator', options: { url: site.url(NEWS.library.path) }, attachments: { file: { name: 'a.md', content: FERRY_MD } } });
    expect(bodyOf(await fake.waitForReply(both)).data.content).toBe('Give either a link (`url:`) or a file (`file:`), not both.');
  });

  test('a member without Manage Server is refused by every article tool, and by the buttons of a preview', async () => {
    const { fake } = harness;
    const refusal = 'Only moderators can do this: it needs the Manage Server permission.';
    const attempts = [
      fake.slashCommand({ name: 'mou-admin', subcommand: 'add', user: 'member', options: { url: site.url(NEWS.fishing.path) } }),
      fake.slashCommand({ name: 'mou-admin', subcommand: 'remove', user: 'member', options: { article: 'india-morocco-defence-mou' } }),
      fake.slashCommand({ name: 'mou-admin', subcommand: 'undo', user: 'member' }),
      fake.slashCommand({ name: 'mou-admin', subcommand: 'history', user: 'member' }),
    ];
    for (const sent of attempts) expect(bodyOf(await fake.waitForReply(sent))).toEqual({ type: 4, data: expect.objectContaining({ content: refusal, flags: 64 }) });

    const preview = await add(fake, { url: site.url(NEWS.fishing.path) });
    const customId = buttonsOf(fake, preview).find((id) => id.startsWith('mou-admin:add:'))!;
    const clicked = fake.clickButton({ messageId: messageOf(fake, preview), customId, user: 'member' });
    expect(bodyOf(await fake.waitForReply(clicked))).toEqual({ type: 4, data: expect.objectContaining({ content: refusal, flags: 64 }) });
    expect(await filesIn(harness)).not.toContain('fishing-cooperative-wins-appeal-over-harbour-quotas.md');
    expect(buttonsOf(fake, preview)).toHaveLength(2);
  });
});

describe('/mou-admin undo in two servers', () => {
  let harness: Harness;
  let site: NewsSite;
  beforeAll(async () => {
    site = await startNewsSite();
    harness = await startBot({ compiled: true, env: { FETCH_ALLOW_HOSTS: '127.0.0.1', ADMIN_GUILD_IDS: `${FAKE_IDS.guildId},${FAKE_IDS.otherGuildId}` } });
  });
  afterAll(async () => {
    await stopAll();
    await site.close();
  });

  test('undo in one server takes back that server\'s last change, never another server\'s later one', async () => {
    const { fake } = harness;
    const LIBRARY_FILE = 'northbridge-library-reopens-with-a-rooftop-reading-garden.md';
    const SEA_WALL_FILE = 'falmere-council-approves-a-new-sea-wall.md';
    expect((await click(fake, await add(fake, { url: site.url(NEWS.library.path) }, 'moderator', NEWSROOM), 'add')).text).toMatch(/^\*\*Added\*\*/);
    expect((await click(fake, await add(fake, { url: site.url(NEWS.seaWall.path) }, 'moderator', READING_CLUB), 'add')).text).toMatch(/^\*\*Added\*\*/);
    expect(await filesIn(harness)).toEqual(expect.arrayContaining([LIBRARY_FILE, SEA_WALL_FILE]));

    expect((await admin(fake, 'undo', 'moderator', NEWSROOM)).text).toMatch(/^\*\*Undid\*\* change #1, the addition of “Northbridge library reopens with a rooftop reading garden”/);
    expect(await filesIn(harness)).not.toContain(LIBRARY_FILE);
    expect(await filesIn(harness)).toContain(SEA_WALL_FILE);

    expect((await admin(fake, 'undo', 'moderator', READING_CLUB)).text).toMatch(/^\*\*Undid\*\* change #2, the addition of “Falmere council approves a new sea wall”/);
    expect(await filesIn(harness)).not.toContain(SEA_WALL_FILE);
  });
});

describe('/mou-admin article tools without the database', () => {
  let harness: Harness;
  let site: NewsSite;
  let scratch: string;
  beforeAll(async () => {
    site = await startNewsSite();
    // DATA_DIR is a file: the database cannot be opened, and the bot runs without it.
    scratch = await mkdtemp(path.join(tmpdir(), 'mou-bot-no-db-'));
    const notAFolder = path.join(scratch, 'data');
    await writeFile(notAFolder, 'not a folder');
    harness = await startBot({ compiled: true, env: { FETCH_ALLOW_HOSTS: '127.0.0.1', DATA_DIR: notAFolder } });
  });
  afterAll(async () => {
    await stopAll();
    await site.close();
    await rm(scratch, { recursive: true, force: true });
  });

  test('add still works and says it was not recorded; undo and history say they need the database', async () => {
    const { fake } = harness;
    const sent = await add(fake, { url: site.url(NEWS.library.path) });
    const { text } = await click(fake, sent, 'add');
    expect(text).toMatch(/^\*\*Added\*\* “Northbridge library reopens with a rooftop reading garden” as northbridge-library-reopens-with-a-rooftop-reading-garden\.md\. /);
    expect(text).toMatch(/\nNot recorded: the bot's database is unavailable, so `\/mou-admin undo` and `history` will not know this change\.$/);

    expect((await admin(fake, 'undo')).text).toBe('Undo needs the bot\'s database, which is unavailable (the bot\'s log says why). Ask the operator to restore the file from the trash folder instead.');
    expect((await admin(fake, 'history')).text).toBe('The history needs the bot\'s database, which is unavailable (the bot\'s log says why). Changes are still written to the bot\'s log.');
  });
});
