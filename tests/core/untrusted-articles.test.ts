// Article files are untrusted: links are checked and normalised, invisible breaks and bidi
// overrides do not reach the text that is quoted, links are followed only inside the folder, and
// a file that cannot be read is that file's problem.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ArticleError, loadArticles, parseArticle, type Article } from '../../src/core/articles/article.js';
import { checkUrl, plainText } from '../../src/core/articles/untrusted.js';
import { analyzePassage } from '../../src/core/language/nlp.js';

const parse = (file: string, text: string) => parseArticle(file, new TextEncoder().encode(text));
const ok = (result: ReturnType<typeof parseArticle>): Article => {
  if (!result.ok) throw new Error(`expected an article, got ${JSON.stringify(result)}`);
  return result.article;
};
const withUrl = (url: string) => parse('a.md', `---\ntitle: T\nurl: ${JSON.stringify(url)}\n---\nBody.\n`);

describe('checkUrl', () => {
  test.each([
    ['https://example.com/news/a', 'https://example.com/news/a'],
    ['HTTPS://Example.COM/a?b=1#c', 'https://example.com/a?b=1#c'],
    ['https://en.wikipedia.org/wiki/Rabat_(city)', 'https://en.wikipedia.org/wiki/Rabat_%28city%29'],
    ['https://bücher.example/straße', 'https://xn--bcher-kva.example/stra%C3%9Fe'],
    // Real addresses that hold what Discord reads as markup: kept, those characters percent-encoded.
    ['https://legit.example/||spoiler||', 'https://legit.example/%7C%7Cspoiler%7C%7C'],
    ['https://legit.example/`code`', 'https://legit.example/%60code%60'],
    ['https://shop.example/search?filter[color]=red|blue&q={x}^2#[top]', 'https://shop.example/search?filter%5Bcolor%5D=red%7Cblue&q=%7Bx%7D%5E2#%5Btop%5D'],
    ['https://shop.example/search?filter%5Bcolor%5D=red', 'https://shop.example/search?filter%5Bcolor%5D=red'],
  ])('keeps %s as %s', (url, href) => {
    expect(checkUrl(url)).toEqual({ ok: true, href });
  });

  test.each([
    ['https://legit.example/>[Official port statement](https://evil.example)<', 'must be a plain address'],
    ['https://legit.example/a b', 'must be a plain address'],
    ['https://legit.example/a"b', 'must be a plain address'],
    ['https://legit.example/a\\b', 'must be a plain address'],
    ['https://legit.example/a\u200bb', 'must be a plain address'],
    ['http://[::1]/admin', 'must name its host, not an IPv6 address in brackets'],
    ['http://a.aa(/', 'must name its host with letters, digits'],
    ['https://evil*.example/', 'must name its host with letters, digits'],
    ['https://legit.example@evil.example/', 'must not hold a user name or password'],
    ['javascript:alert(1)', 'must be an http or https address'],
    ['ftp://example.com/a', 'must be an http or https address'],
    ['not a link', 'must be a plain address'],
    [`https://example.com/${'a'.repeat(500)}`, 'is longer than 500 characters'],
  ])('refuses %s', (url, problem) => {
    const checked = checkUrl(url);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.problem).toMatch(new RegExp(`^${problem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  test('a refused url refuses the article, naming the field', () => {
    expect(withUrl('https://legit.example/>[Official port statement](https://evil.example)<')).toEqual({
      ok: false,
      problems: [{ file: 'a.md', problem: 'front matter url must be a plain address, without spaces, invisible characters or the characters < > " \\' }],
    });
  });

  test('whatever the address, the one it keeps is checked again as itself', () => {
    fc.assert(fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string({ maxLength: 20 }), (base, extra) => {
      const checked = checkUrl(`${base}${extra}`);
      if (!checked.ok) return;
      expect(checked.href).not.toMatch(/[\s<>"\\()*[\]{}|^`]/);
      expect(checkUrl(checked.href)).toEqual(checked);
    }), { numRuns: 300 });
  });

  test('an accepted url is stored normalised', () => {
    expect(ok(withUrl('https://en.wikipedia.org/wiki/Rabat_(city)')).url).toBe('https://en.wikipedia.org/wiki/Rabat_%28city%29');
  });
});

describe('plainText', () => {
  test('turns line and paragraph separators, vertical tab, form feed and other controls into spaces, keeping the length', () => {
    const text = 'ers a\u2028year.\u2029Cranes\vwere\fbuilt\u0085here\u0007.\tOK\n';
    expect(plainText(text)).toBe('ers a year. Cranes were built here .\tOK\n');
  });

  test('removes bidirectional overrides, embeddings and isolates, and keeps the direction marks', () => {
    expect(plainText('evil\u202egnp.exe \u2066x\u2069 \u200fמ')).toBe('evilgnp.exe x \u200fמ');
  });
});

describe('parseArticle with hostile text', () => {
  test('quotes stay whole words around invisible breaks: sentences are verbatim slices of the stored text', () => {
    const article = ok(parse('port.md', '---\ntitle: Port\n---\nThe port handled 5 million containers a\u2028year. Cranes were\u2029not built in 2019.\n'));
    const [text] = article.paragraphs;
    expect(text).toBe('The port handled 5 million containers a year. Cranes were not built in 2019.');
    const { sentences } = analyzePassage(text!);
    const shown = [];
    for (let i = 0; i < sentences.length; i += 2) shown.push(text!.slice(sentences[i], sentences[i + 1]));
    expect(shown).toEqual(['The port handled 5 million containers a year.', 'Cranes were not built in 2019.']);
  });

  test('a title or source over several lines, or with bidi overrides, is shown on one line as written', () => {
    const article = ok(parse('a.md', '---\ntitle: "Port\\n# Breaking \\u202eSTOP"\nsource: |\n  Agencies\n  - and others\n---\nBody.\n'));
    expect(article).toMatchObject({ title: 'Port # Breaking STOP', source: 'Agencies - and others' });
  });

  test('takes a title, source or date as written, even when YAML would read it as a number', () => {
    expect(ok(parse('novel.md', '---\ntitle: 1984\nsource: 2600\n---\nBody.\n'))).toMatchObject({ title: '1984', source: '2600' });
  });

  test('still refuses a title that is missing, empty or a list', () => {
    expect(parse('a.md', '---\ntitle: [a, b]\n---\nBody.\n')).toEqual({ ok: false, problems: [{ file: 'a.md', problem: 'front matter title must be a text, not a list or a map' }] });
    expect(parse('b.md', '---\ntitle:\n---\nBody.\n')).toEqual({ ok: false, problems: [{ file: 'b.md', problem: 'front matter title is required (a non-empty text)' }] });
  });
});

describe('loadArticles with links and unreadable files', () => {
  let root: string;
  let dir: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'mou-links-'));
    dir = path.join(root, 'knowledge');
    await mkdir(dir);
    await writeFile(path.join(dir, 'good.md'), '---\ntitle: Good\n---\nBody.\n');
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('follows a link to a file inside the folder, as mounted configuration lays files out', async () => {
    await mkdir(path.join(dir, '..data'));
    await writeFile(path.join(dir, '..data', 'linked.md'), '---\ntitle: Linked\n---\nBody.\n');
    await symlink('..data/linked.md', path.join(dir, 'linked.md'));
    expect((await loadArticles(dir)).articles.map((a) => a.title)).toEqual(['Good', 'Linked']);
  });

  test('refuses, by name, a link that leads outside the folder, and lists a linked non-article as ignored', async () => {
    await writeFile(path.join(root, '.env'), 'DISCORD_TOKEN=secret\n');
    await symlink('../.env', path.join(dir, 'leak.txt'));
    await symlink('good.md', path.join(dir, 'notes.pdf'));
    const error = await loadArticles(dir).catch((e: unknown) => e);
    expect((error as ArticleError).problems).toEqual([
      { file: 'leak.txt', problem: 'is a link to a file outside the knowledge folder, which is not followed; copy the file into the folder instead' },
    ]);
    const loaded = await loadArticles(dir, { skipBroken: true });
    expect(loaded.ignored).toEqual(['notes.pdf']);
    expect(loaded.articles.flatMap((a) => a.paragraphs).join(' ')).not.toContain('secret');
  });

  test('a file that cannot be read is that file\'s problem: refused by name, skipped when loading with skipBroken', async () => {
    // A link to a file that is gone fails where a file deleted while the folder is read does.
    await symlink('gone.md', path.join(dir, 'deleted.md'));
    const error = await loadArticles(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArticleError);
    expect((error as ArticleError).problems).toEqual([
      { file: 'deleted.md', problem: 'disappeared while the folder was read, or is a link to a missing file (ENOENT)' },
    ]);
    const loaded = await loadArticles(dir, { skipBroken: true });
    expect(loaded.articles.map((a) => a.file)).toEqual(['good.md']);
    expect(loaded.skipped).toEqual((error as ArticleError).problems);
  });
});
