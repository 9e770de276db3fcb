/** The knowledge base's calls for conversations: follow-ups, "tl;dr", more passages, paragraphs in full. */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_RANKING, openArticleIndex, readerOf, readFollowUp, subjectOf, type KnowledgeReader } from '../../src/core/index.js';
import { EVAL_DIR, seedIndex } from '../helpers.js';

const SLUG = 'india-morocco-defence-mou';
/** Two articles: a port and a desalination plant. */
const FIXTURES = new URL('../bot/fixtures/', import.meta.url);
let reader: KnowledgeReader;
beforeAll(async () => {
  reader = readerOf(await seedIndex());
});
/** A reader of the 30 news articles, built once for the tests that need it. */
let newsOpened: Promise<KnowledgeReader> | undefined;
const newsReader = () => {
  newsOpened ??= openArticleIndex(path.join(EVAL_DIR, 'news', 'knowledge')).then(readerOf);
  return newsOpened;
};

describe('answer with the previous question', () => {
  test('answers a follow-up that says nothing on its own, about the previous subject', async () => {
    expect((await reader.answer('and where?')).kind).toBe('invalid');
    const before = await reader.answer('When did King Mohammed VI meet Narendra Modi?');
    const after = await reader.answer('and where?', before.reading.subject);
    expect(after.kind).toBe('answer');
    if (after.kind !== 'answer') return;
    expect(after.snippets[0]!.text).toContain('during his India visit in 2015');
    expect(after.reading.carried).toEqual({ names: ['King Mohammed VI', 'Narendra Modi'], words: ['meet'] });
  });

  test('reads "which ones?" as asking for more of the previous subject', async () => {
    const before = await reader.answer('does morocco have other defence partners');
    const after = await reader.answer('which ones?', before.reading.subject);
    expect(after.kind).toBe('answer');
    if (after.kind !== 'answer') return;
    expect(after.snippets[0]!.text).toContain('traditional European allies');
  });

  test('answers a follow-up as typed when that answers its own words better, and says nothing was carried', async () => {
    const before = readFollowUp('does it include joint exercises', subjectOf('what areas does the mou cover')).subject;
    // Read with the five words it carries, its first snippet is about training, not the sea.
    const withCarried = await reader.answer(readFollowUp('what about maritime security', before).searched);
    if (withCarried.kind !== 'answer') throw new Error('expected an answer');
    expect(withCarried.snippets[0]!.text).not.toContain('maritime');
    const after = await reader.answer('what about maritime security', before);
    if (after.kind !== 'answer') throw new Error('expected an answer');
    expect(after.snippets[0]!.text).toContain('maritime security');
    expect(after.reading.carried).toBeUndefined();
    // Read with the earlier question, which the articles do not answer, it is declined; alone it is answered.
    const declined = await reader.answer('why does morocco care');
    expect(declined.kind).toBe('no-answer');
    const pm = await reader.answer('who is the pm', declined.reading.subject);
    if (pm.kind !== 'answer') throw new Error('expected an answer');
    expect(pm.snippets[0]!.text).toContain('Prime Minister Narendra Modi');
  });

  test('reads a message that names nothing of its own as a follow-up, however many words it has, unless it is better answered as typed', async () => {
    const news = await newsReader();
    const before = await news.answer('how much is norrhavn paying for baltica freight');
    // Alone, "per share" finds a rent report's "per cent".
    const alone = await news.answer('per share?');
    if (alone.kind !== 'answer') throw new Error('expected an answer');
    expect(alone.snippets[0]!.text).not.toContain('Baltica');
    const after = await news.answer('per share?', before.reading.subject);
    if (after.kind !== 'answer') throw new Error('expected an answer');
    expect(after.snippets[0]!.text).toContain('18.40 euros in cash for each Baltica share');
    expect(after.reading.carried?.words).toContain('norrhavn');
    // A question about another story, names in lower case, is answered as typed.
    const other = await news.answer('how many people died in the peru earthquake', before.reading.subject);
    if (other.kind !== 'answer') throw new Error('expected an answer');
    expect(other.snippets[0]!.text).toContain('AREQUIPA, Peru');
    expect(other.reading.carried).toBeUndefined();
  });

  test('answers a follow-up read with carried words by the best sentence that speaks of its own words', async () => {
    const news = await newsReader();
    const before = await news.answer('who won the cup final');
    if (before.kind !== 'answer') throw new Error('expected an answer');
    // Searched with the carried words, the best sentence quotes a player, not the manager.
    const searched = readFollowUp('what did their manager say', before.reading.subject).searched;
    const plain = await news.answer(searched);
    if (plain.kind !== 'answer') throw new Error('expected an answer');
    expect(plain.snippets[0]!.text).not.toMatch(/manager/i);
    const after = await news.answer('what did their manager say', before.reading.subject);
    if (after.kind !== 'answer') throw new Error('expected an answer');
    expect(after.snippets[0]!.text).toContain('McAteer reserved special praise for Baird');
    expect(after.reading.carried?.words).toEqual(['won', 'cup', 'final']);
  });

  test('keeps a follow-up on the conversation\'s story when its own word is another story\'s, and leaves for a story it names', async () => {
    const news = await newsReader();
    const before = await news.answer('ok so what did the peru govt actually announce after the arequipa quake');
    expect(before.reading.subject.article).toBe('arequipa-earthquake-relief');
    // Alone, "money" finds a town budget.
    const alone = await news.answer('how much money');
    if (alone.kind !== 'answer') throw new Error('expected an answer');
    expect(alone.snippets[0]!.text).not.toContain('soles');
    const after = await news.answer('how much money', before.reading.subject);
    if (after.kind !== 'answer') throw new Error('expected an answer');
    expect(after.snippets[0]!.text).toContain('85 million soles');
    expect(new Set(after.citations.map((c) => c.slug))).toEqual(new Set(['arequipa-earthquake-relief']));
    const other = await news.answer('ok diff thing, how many people were at the harbor hawks title game', after.reading.subject);
    if (other.kind !== 'answer') throw new Error('expected an answer');
    expect(other.reading.subject.article).toBe('harbor-hawks-isbl-championship');
  });

  test('after a question declined for the date it names, carries on what it was about, not "date"', async () => {
    const declined = await reader.answer('what date was the mou signed');
    expect(declined.kind).toBe('no-answer');
    const next = await reader.answer('and who signed it for morocco', declined.reading.subject);
    if (next.kind !== 'answer') throw new Error('expected an answer');
    expect(next.reading.carried?.words).toEqual(['mou']);
    expect(next.snippets[0]!.text).toContain('Abdellatif Loudiyi');
  });

  test('carries on no word of a declined question that no article mentions', async () => {
    const declined = await reader.answer('did they talk about pakistan?');
    expect(declined.kind).toBe('no-answer');
    expect(declined.reading.subject.words).not.toContain('pakistan');
    const next = await reader.answer('and terrorism?', declined.reading.subject);
    if (next.kind !== 'answer') throw new Error('expected an answer');
    expect(next.snippets[0]!.text).toContain('Counter-terrorism');
  });

  test('a follow-up that adds only the kind of answer it wants quotes the sentence of that kind in the story', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mou-bot-follow-up-'));
    try {
      await cp(path.join(EVAL_DIR, 'news', 'more-knowledge', 'abc-03-wexbridge-mayor-election.md'), path.join(dir, 'wexbridge.md'));
      const firstOf = async (factor: number, question: string, followUp: string) => {
        const story = readerOf(await openArticleIndex(dir, { ranking: { followUpKindFactor: factor } }));
        const after = await story.answer(followUp, (await story.answer(question)).reading.subject);
        return after.kind === 'answer' ? after.snippets[0]!.text : after.kind;
      };
      expect(await firstOf(DEFAULT_RANKING.followUpKindFactor, 'wexbridge got a new mayor, kowalczyk?', 'how old is she')).toContain('Kowalczyk, 44,');
      expect(await firstOf(DEFAULT_RANKING.followUpKindFactor, 'who won the wexbridge election', 'by how much')).toContain('by just over 2,300 votes');
      // With the kind weighed as in a question of its own, the words carried from the question before decide.
      expect(await firstOf(1, 'wexbridge got a new mayor, kowalczyk?', 'how old is she')).not.toContain('Kowalczyk, 44,');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('names the article of the answer\'s first snippet in the subject it carries on', async () => {
    expect((await reader.answer('Who signed the MoU for Morocco?')).reading.subject.article).toBe(SLUG);
  });
});

describe('summaryAsked', () => {
  test('summarises the article named, else the conversation\'s, else the whole knowledge base', async () => {
    const two = readerOf(await openArticleIndex(fileURLToPath(FIXTURES)));
    const port = 'Port authority opens a second container terminal in Tanjung Harbour';
    expect((await two.summaryAsked('container terminal', undefined)).title).toBe(port);
    expect((await two.summaryAsked('harbour port', 'desalination-plant')).title).toBe(port);
    expect((await two.summaryAsked(undefined, 'container-terminal')).title).toBe(port);
    expect((await two.summaryAsked('zebra', 'gone')).title).toBe('The knowledge base (2 articles)');
  });

  test('summarises the article whose text holds the words named when no title does, rather than the conversation\'s', async () => {
    const two = readerOf(await openArticleIndex(fileURLToPath(FIXTURES)));
    expect((await two.summaryAsked('brine outfall', 'container-terminal')).title).toMatch(/^Coastal city council approves the long-delayed seawater desalination plant/);
  });
});

describe('more', () => {
  test('lists the best passages other than those quoted, numbered afresh', async () => {
    const answer = await reader.answer('Who signed the MoU for Morocco?');
    if (answer.kind !== 'answer') throw new Error('expected an answer');
    const quoted = answer.citations.map((c) => c.passageId);
    const more = await reader.more(answer.reading.searched, quoted);
    if (more.kind !== 'search') throw new Error('expected passages');
    expect(more.hits.length).toBeGreaterThan(0);
    expect(more.citations.map((c) => c.passageId).filter((id) => quoted.includes(id))).toEqual([]);
    expect(more.citations.map((c) => c.n)).toEqual(more.citations.map((_, i) => i + 1));
  });
});

describe('paragraphs', () => {
  test('gives each paragraph\'s text now, undefined for one that is not there', async () => {
    const [second, missing, gone] = await reader.paragraphs([`${SLUG}#2`, `${SLUG}#99`, 'gone#1']);
    expect(second).toMatch(/^The MoU, signed with Morocco’s Defence Minister Abdellatif Loudiyi/);
    expect(missing).toBeUndefined();
    expect(gone).toBeUndefined();
  });
});
