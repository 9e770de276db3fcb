import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { ChatSession, findArticle } from '../src/cli/chat-replies.js';
import { KnowledgeBase } from '../src/core/live/knowledge-base.js';
import { KNOWLEDGE_DIR, seedIndex } from './helpers.js';
import { compiled } from './compiled.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
const SEED = 'tests/fixtures/seed-knowledge';
/** `npm run ask` as JavaScript, started with plain node (see `compiled.ts`); `npm run chat` itself runs under tsx below. */
const ASK = compiled('src/cli/ask.ts');

/** A chat with a fresh conversation. */
async function chat(): Promise<ChatSession> {
  return new ChatSession(await seedIndex());
}

describe('ChatSession /refresh', () => {
  test('reads an article added to the folder, and reports a broken one by name while the articles read before still answer', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mou-chat-refresh-'));
    try {
      await cp(KNOWLEDGE_DIR, dir, { recursive: true });
      const knowledge = await KnowledgeBase.open(dir);
      const session = new ChatSession(knowledge, () => knowledge.refresh());
      expect((await session.respond('who is Ana Costa')).text).not.toContain('Ana Costa opened');
      await writeFile(path.join(dir, 'port.md'), '---\ntitle: "Port reopens"\nsource: "Test"\n---\nThe transport minister, Ana Costa, opened the port on Monday.\n\nFerries follow in May.\n');
      const report = await session.respond('/refresh');
      expect(report.text).toContain('Added (1): Port reopens');
      expect((await session.respond('who is Ana Costa')).text).toContain('Ana Costa, opened the port');
      await writeFile(path.join(dir, 'broken.md'), '---\ntitle: "Broken\n---\nText.\n');
      const failed = await session.respond('/refresh');
      expect(failed.text).toMatch(/^Refresh failed: nothing changed/);
      expect(failed.text).toContain('broken.md');
      expect((await session.respond('who is Ana Costa')).text).toContain('Ana Costa, opened the port');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('says so when the chat has no folder to read again', async () => {
    expect((await (await chat()).respond('/refresh')).text).toContain('/refresh needs a knowledge folder');
  });
});

describe('ChatSession.respond', () => {
  test('answers a plain line as a question, with citations and sources', async () => {
    const reply = await (await chat()).respond('Who signed the MoU for Morocco?');
    expect(reply.quit).toBe(false);
    expect(reply.text).toContain('Abdellatif Loudiyi');
    expect(reply.text).toMatch(/\[1\]/);
    expect(reply.text).toContain('Sources\n[1] India and Morocco sign defence Memorandum of Understanding in Rabat · Agencies · ¶ ');
  });

  test.each([
    ['/mou ask Where did Rajnath Singh visit?', 'Rabat'],
    ['/mou summary', 'Summary: India and Morocco sign defence Memorandum of Understanding in Rabat'],
    ['/mou summary morocco', 'Summary: India and Morocco sign defence Memorandum of Understanding in Rabat'],
    ['/mou search cyber', 'Passages matching “cyber”'],
    ['/mou sources', 'Knowledge base version'],
    ['/help', '/mou summary [article]'],
    ['/mou summary zebra', 'No article matches “zebra”.'],
    ['/mou dance', 'Unknown command “/mou dance”.'],
    ['/summary morocco', 'Summary: India and Morocco sign defence Memorandum of Understanding in Rabat'],
    ['/sources', 'Knowledge base version'],
    ['/dance', 'Unknown command “/dance”.'],
    ['tl;dr', 'Summary: India and Morocco sign defence Memorandum of Understanding in Rabat'],
    ['hi', 'Hello! Ask a question in plain words'],
    ['what do you know?', 'Knowledge base version'],
    ['/more', 'Ask a question first'],
  ])('%s', async (line, expected) => {
    expect((await (await chat()).respond(line)).text).toContain(expected);
  });

  test('thanks and complaints are acknowledged, and an empty /mou ask is refused, without losing the conversation', async () => {
    const session = await chat();
    await session.respond('When did King Mohammed VI meet Narendra Modi?');
    expect((await session.respond('/mou ask')).text).toMatch(/^Please type a question/);
    expect((await session.respond('thanks!')).text).toMatch(/^Glad to help/);
    expect((await session.respond('bad bot')).text).toMatch(/^Sorry about that/);
    expect((await session.respond('help')).text).not.toMatch(/^Hello/);
    expect((await session.respond('and where?')).text).toContain('during his India visit in 2015');
  });

  test('/show after a declined question says why there is nothing to show', async () => {
    const session = await chat();
    expect((await session.respond('/show')).text).toMatch(/^Ask a question first/);
    expect((await session.respond('Who won the 2019 cricket world cup?')).text).toContain('could not find a confident answer');
    expect((await session.respond('/show')).text).toMatch(/^The last question got no answer, so there is no paragraph to show/);
  });

  test('ends on /quit', async () => {
    expect(await (await chat()).respond('/quit')).toEqual({ text: 'Bye.', quit: true });
  });

  test('reads a follow-up with the question before it, says what it carried, and forgets it on /new', async () => {
    const session = await chat();
    await session.respond('When did King Mohammed VI meet Narendra Modi?');
    const followUp = await session.respond('and where?');
    expect(followUp.text).toMatch(/^\(Read with your previous question: King Mohammed VI, Narendra Modi, meet\)\n/);
    expect(followUp.text).toContain('during his India visit in 2015');
    await session.respond('/new');
    expect((await session.respond('and where?')).text).toMatch(/^Your question only has common words/);
  });

  test('/show and /more do what the buttons under an answer do', async () => {
    const session = await chat();
    await session.respond('Who signed the MoU for Morocco?');
    expect((await session.respond('/show')).text).toMatch(/^India and Morocco sign defence Memorandum of Understanding in Rabat · ¶ 2\n {2}»The MoU, signed with Morocco’s Defence Minister Abdellatif Loudiyi/);
    expect((await session.respond('/more')).text).toMatch(/^More from the articles\n\n1\. /);
  });
});

describe('findArticle', () => {
  test('finds an article by id or title words, and lists articles otherwise', async () => {
    const index = await seedIndex();
    expect(findArticle(index, 'india-morocco-defence-mou')).toEqual({ slug: 'india-morocco-defence-mou' });
    expect(findArticle(index, 'Memorandum')).toEqual({ slug: 'india-morocco-defence-mou' });
    expect(findArticle(index, 'cricket')).toEqual({ message: 'No article matches “cricket”. Articles:\n  india-morocco-defence-mou: India and Morocco sign defence Memorandum of Understanding in Rabat' });
  });
});

describe('the command-line tools', () => {
  test('npm run chat answers lines from standard input without a token or .env', async () => {
    const child = run(process.execPath, ['--import', 'tsx', 'src/cli/chat.ts', '--knowledge', SEED], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } });
    child.child.stdin!.end('Where did Rajnath Singh visit?\n/quit\n');
    const { stdout } = await child;
    expect(stdout).toContain('> Where did Rajnath Singh visit?');
    expect(stdout).toContain('Rabat');
    expect(stdout).toContain('> /quit\nBye.');
  });

  test('after install, the knowledge folder\'s index cache holds its sentence meanings, so the first chat computes none', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mou-prepare-'));
    try {
      const env = { PATH: process.env.PATH ?? '', KNOWLEDGE_DIR: path.join(dir, 'knowledge'), INDEX_CACHE_PATH: path.join(dir, 'index.jsonl') };
      await cp(KNOWLEDGE_DIR, env.KNOWLEDGE_DIR, { recursive: true });
      const { stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/prepare-data.ts', '--knowledge'], { cwd: ROOT, env });
      expect(stderr).toContain('Index cache of 1 article(s) ready.');
      const cached = await readFile(env.INDEX_CACHE_PATH, 'utf8');
      expect(cached).toContain('"meanings"');
      const base = await KnowledgeBase.open(env.KNOWLEDGE_DIR, { cachePath: env.INDEX_CACHE_PATH, meanings: true });
      try {
        expect(base.openedFrom).toBe('cache');
        expect(base.index.paragraphsToEncode(Infinity)).toEqual([]);
      } finally {
        await base.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('npm run ask -- --json prints the structured result', async () => {
    const { stdout } = await run(process.execPath, [ASK, '--knowledge', SEED, '--json', 'When did King Mohammed VI meet Narendra Modi?'], { cwd: ROOT });
    const result = JSON.parse(stdout) as { kind: string; snippets: Array<{ text: string }> };
    expect(result.kind).toBe('answer');
    expect(result.snippets[0]!.text).toContain('2015');
  });

  test('npm run ask -- --after … --explain shows what a follow-up carried and what was searched', async () => {
    const { stdout } = await run(process.execPath, [ASK, '--knowledge', SEED, '--after', 'When did King Mohammed VI meet Narendra Modi?', '--explain', 'and where?'], { cwd: ROOT });
    expect(stdout).toMatch(/^\(Read with your previous question: King Mohammed VI, Narendra Modi, meet\)\n/);
    const explanation = JSON.parse(stdout.slice(stdout.indexOf('\n{') + 1)) as { reading: unknown; terms: Array<{ word: string }> };
    expect(explanation.reading).toMatchObject({ searched: 'where? King Mohammed VI Narendra Modi meet', carried: { names: ['King Mohammed VI', 'Narendra Modi'], words: ['meet'] } });
    expect(explanation.terms.map((t) => t.word)).toContain('Modi');
  });

  test('npm run ask -- --explain ranks as the answer did: within the article a follow-up stayed on, its own words first', async () => {
    const args = [ASK, '--knowledge', 'tests/bot/fixtures', '--after', 'how much water will the desalination plant produce', '--explain', 'when does it open'];
    const { stdout } = await run(process.execPath, args, { cwd: ROOT });
    const explanation = JSON.parse(stdout.slice(stdout.indexOf('\n{') + 1)) as { reading: { within?: string; about?: string[] }; sentences: Array<{ id: string; text: string }> };
    expect(explanation.reading).toMatchObject({ within: 'desalination-plant', about: ['open'] });
    expect(explanation.sentences.length).toBeGreaterThan(0);
    // Searched across both articles, the port's "opened" would rank among these.
    expect(explanation.sentences.every((s) => s.id.startsWith('desalination-plant#'))).toBe(true);
  });

  test('an unknown option prints the usage and exits 2; input that cannot be searched exits 1', async () => {
    const unknown = await run(process.execPath, [ASK, '--bogus', 'q'], { cwd: ROOT }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: 2 });
    expect((unknown as { stderr: string }).stderr).toContain('Usage: npm run ask -- "<question>" [--after "<previous question>"] [--json] [--explain] [--knowledge <dir>]');
    const emoji = await run(process.execPath, [ASK, '--knowledge', SEED, '🤔🤔'], { cwd: ROOT }).catch((e: unknown) => e);
    expect(emoji).toMatchObject({ code: 1, stdout: 'I need some words to search for. Please ask a question in words, for example: “What does the agreement cover?”\n' });
  });

  test('a broken file is left out with a warning, and the other articles still answer', async () => {
    const { stdout, stderr } = await run(process.execPath, [ASK, '--knowledge', 'tests/fixtures/partly-broken-knowledge', 'Where did Rajnath Singh visit?'], { cwd: ROOT });
    expect(stderr).toBe('Left out a broken file of "tests/fixtures/partly-broken-knowledge":\n  untitled.md: front matter title is required (a non-empty text)\n');
    expect(stdout).toContain('Rabat');
  });

  test('a broken knowledge folder is reported file by file, without a stack trace', async () => {
    const error = await run(process.execPath, [ASK, '--knowledge', 'tests/fixtures/broken-knowledge', 'anything'], { cwd: ROOT }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 1 });
    const { stderr } = error as { stderr: string };
    expect(stderr).toBe('The knowledge folder "tests/fixtures/broken-knowledge" has problems:\n  empty.md: has an empty body (no paragraphs after the title)\n  untitled.md: front matter title is required (a non-empty text)\n');
  });
});
