// Random hostile articles (any Unicode, endless tokens, markdown and mention syntax, odd YAML):
// loading takes time proportional to an article's size, every snippet is a verbatim slice of the
// text the article shows, and no reply carries a heading, a mention or a link that the article's
// own text does not hold.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseArticle, type Article } from '../../src/core/articles/article.js';
import type { Snippet } from '../../src/core/answering/results.js';
import { formatAnswer, formatSearch, formatSummary, type FormatOptions } from '../../src/core/present/format.js';
import { ArticleIndex } from '../../src/core/search/article-index.js';
import { ANSWER_LINE_START, quotedLayout, SEARCH_LINE_START } from '../helpers.js';

const DISCORD: FormatOptions = { style: 'discord', maxChars: 2000 };
const PROSE = 'The port of Valencia handled 5.4 million containers last year, officials said. ';

/** Reads, checks and indexes one article file, as loading a folder does; what it made and how long it took. */
async function load(file: string, text: string): Promise<{ article: Article | undefined; index: ArticleIndex | undefined; ms: number }> {
  const started = performance.now();
  const parsed = parseArticle(file, new TextEncoder().encode(text));
  const index = parsed.ok ? await ArticleIndex.build({ articles: [parsed.article], ignored: [] }) : undefined;
  return { article: parsed.ok ? parsed.article : undefined, index, ms: performance.now() - started };
}

// What hostile or careless articles hold, mixed into ordinary prose.
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PROSE.split(' ').filter(Boolean)) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('a', 'Q', '=', 'iVBORw0KGgo', 'x-', '字'), fc.integer({ min: 50, max: 4000 })).map(([run, times]) => run.repeat(times)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '\n# Heading', '# Breaking:', '-# small', '> quoted', '- item', '1. first', '**bold**', '`code`', '||spoiler||',
      '[Official statement](https://evil.example/login)', '<https://evil.example>', '<@123456789012345678>', '<@&123456789012345678>',
      '<#123456789012345678>', '</mou ask:123456789012345678>', '@everyone', '@here', 'https://news.example.com/a_b*(c)',
      '\u2028', '\u2029', '\v', '\f', '\u202e', '\u2066', '\u0085', '\r', '\t', '\n\n', '\\', ']', '(', '---', 'title: x',
    ),
  },
);

const body = fc.array(fc.array(piece, { minLength: 1, maxLength: 40 }).map((words) => words.join(' ')), { minLength: 1, maxLength: 6 })
  .map((paragraphs) => paragraphs.join('\n\n'));
// Mostly values an article can have, sometimes values YAML or the checks refuse.
const yamlValue = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).map((text) => JSON.stringify(text)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom('1984', '~', '[a, b]', '{ x: 1 }', '|\n  two\n  lines', '"# Heading\\n[link](https://evil.example)"', '"\\u202eevil"') },
);
const hostileUrl = fc.constantFrom('"https://legit.example/>[x](https://evil.example)<"', 'https://legit.example@evil.example/', 'javascript:alert(1)');
const frontMatter = fc.record({
  title: yamlValue,
  source: fc.option(yamlValue, { nil: undefined, freq: 2 }),
  url: fc.option(fc.oneof({ weight: 4, arbitrary: fc.webUrl() }, { weight: 1, arbitrary: hostileUrl }), { nil: undefined, freq: 2 }),
}).map(({ title, source, url }) => ['---', `title: ${title}`, ...(source === undefined ? [] : [`source: ${source}`]), ...(url === undefined ? [] : [`url: ${url}`]), '---'].join('\n'));
const articleFile = fc.tuple(frontMatter, body).map(([front, text]) => `${front}\n${text}\n`);

/** Mention syntax Discord would render (not escaped): users, roles, channels, commands. */
const MENTION = /(?<!\\)<(?:@[!&]?\d+|#\d+|\/[^>]+:\d+)>/;
/** The targets of masked links `[text](target)` whose brackets are not escaped. */
const maskedLinkTargets = (reply: string) => [...reply.matchAll(/(?<!\\)\[(?:[^\]\\\n]|\\.)*(?<!\\)\]\(([^)\s]*)\)?/g)].map((match) => match[1]);

/**
 * The links Discord would make of a reply's text, as written in the article: escapes undone, and
 * without the punctuation a link finder leaves out at the end (or the "…" of a clipped quote).
 */
function linksIn(reply: string): string[] {
  return [...reply.matchAll(/https?:\/\/[^\s<>]+/g)].map((match) => match[0].replace(/\\(.)/g, '$1').replace(/[()[\]{}*_~|.,;:!?'"”’»…\\]+$/, ''));
}

/** A reply, and where the bot's own layout starts its lines. */
interface Reply {
  readonly text: string;
  readonly lineStart?: RegExp;
}

/** Every reply the bot could give about `article`: answers to questions from its words, a search, its summary. */
function replies(index: ArticleIndex, article: Article): { texts: Reply[]; snippets: Snippet[] } {
  const words = article.paragraphs.join(' ').split(/\s+/).filter((word) => /\p{L}{3}/u.test(word));
  const questions = [words.slice(0, 6).join(' '), `What about ${words.at(-1) ?? article.title}?`, article.title];
  const texts: Reply[] = [];
  const snippets: Snippet[] = [];
  for (const question of questions) {
    const answer = index.answer(question);
    texts.push({ text: formatAnswer(answer, DISCORD), lineStart: ANSWER_LINE_START });
    if (answer.kind === 'answer') snippets.push(...answer.snippets);
    const search = index.search(question);
    if (search.kind === 'search') {
      texts.push({ text: formatSearch(search, DISCORD), lineStart: SEARCH_LINE_START });
      snippets.push(...search.hits);
    }
  }
  const summary = index.summarize(article.slug);
  if (summary) {
    texts.push({ text: formatSummary(summary, DISCORD) });
    snippets.push(...summary.snippets);
  }
  return { texts, snippets };
}

describe('loading and answering from random hostile articles', () => {
  test('takes time proportional to size, quotes verbatim, and never shows a heading, mention or link the article does not hold', async () => {
    // Time per character of ordinary prose, once the language data is loaded.
    await load('warm.md', `---\ntitle: Warm\n---\n${PROSE.repeat(50)}\n`);
    const prose = `---\ntitle: Prose\n---\n${PROSE.repeat(250)}\n`;
    const msPerChar = Math.min(...await Promise.all([0, 1, 2].map(async () => (await load('prose.md', prose)).ms))) / prose.length;

    await fc.assert(fc.asyncProperty(articleFile, async (text) => {
      let loaded = await load('fuzz.md', text);
      const bound = 20 * msPerChar * text.length + 250;
      // A collector pause is not the article's doing: the best of two runs counts.
      if (loaded.ms > bound) loaded = await load('fuzz.md', text);
      expect(loaded.ms).toBeLessThan(bound);
      const { article, index } = loaded;
      if (!article || !index) return;

      const shown = [article.title, article.source ?? '', article.url ?? '', ...article.paragraphs].join('\n');
      const { texts, snippets } = replies(index, article);
      for (const snippet of snippets) {
        for (const part of snippet.text.split('…')) expect(article.paragraphs.some((paragraph) => paragraph.includes(part))).toBe(true);
      }
      for (const { text: reply, lineStart } of texts) {
        expect(quotedLayout(reply, lineStart)).toEqual([]);
        expect(reply).not.toMatch(MENTION);
        // The one masked link is the bot's: the article's title, linked to its own url.
        for (const target of maskedLinkTargets(reply)) expect(target).toBe(`<${article.url}>`);
        expect(reply).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u2028\u2029]/);
        for (const link of linksIn(reply)) expect(shown).toContain(link);
      }
    }), { numRuns: 100 });
  }, 120_000);
});
