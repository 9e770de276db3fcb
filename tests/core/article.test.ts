import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ArticleError, loadArticles, MAX_ARTICLE_BYTES, parseArticle, slugOf, type Article } from '../../src/core/articles/article.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const article = (file: string, text: string) => parseArticle(file, bytes(text));
const ok = (result: ReturnType<typeof parseArticle>): Article => {
  if (!result.ok) throw new Error(`expected an article, got ${JSON.stringify(result)}`);
  return result.article;
};

describe('parseArticle', () => {
  test('reads front matter and splits paragraphs at blank lines, joining wrapped lines', () => {
    const parsed = ok(article('talks.md', '---\ntitle: "Talks in Rabat"\nsource: Agencies\nurl: https://example.com/a\ndate: 2025-06-01\n---\nFirst paragraph,\nwrapped.\n\n## A heading\n\nSecond paragraph.\n'));
    expect(parsed).toMatchObject({
      slug: 'talks',
      title: 'Talks in Rabat',
      source: 'Agencies',
      url: 'https://example.com/a',
      date: '2025-06-01',
      paragraphs: ['First paragraph, wrapped.', 'Second paragraph.'],
    });
    expect(parsed.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  test('takes the first line of a text file as its title', () => {
    expect(ok(article('note.txt', 'A title\n\nThe body.\n'))).toMatchObject({ title: 'A title', paragraphs: ['The body.'] });
  });

  test.each([
    ['no.md', 'Just text.\n', 'has no front matter (start the file with ---, title: …, ---)'],
    ['open.md', '---\ntitle: x\nBody\n', 'front matter is not closed by a line with ---'],
    ['yaml.md', '---\ntitle: [oops\n---\nBody\n', 'front matter is not valid YAML (line 2, column 13): Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ['notitle.md', '---\nsource: x\n---\nBody\n', 'front matter title is required (a non-empty text)'],
    ['blank.md', '---\ntitle: "  "\n---\nBody\n', 'front matter title is required (a non-empty text)'],
    ['url.md', '---\ntitle: x\nurl: ftp://example.com\n---\nBody\n', 'front matter url must be an http or https address'],
    ['date.md', '---\ntitle: x\ndate: 2025-02-30\n---\nBody\n', 'front matter date is not a real calendar date'],
    ['empty.md', '---\ntitle: x\n---\n\n\n', 'has an empty body (no paragraphs after the title)'],
    ['list.md', '---\n- a\n- b\n---\nBody\n', 'front matter must be a list of key: value lines'],
    ['long.md', `---\ntitle: x\nsource: ${'s'.repeat(101)}\n---\nBody\n`, 'front matter source is longer than 100 characters'],
  ])('%s: %s', (file, text, problem) => {
    expect(article(file, text)).toEqual({ ok: false, problems: [{ file, problem }] });
  });

  test('refuses a file that is not UTF-8 text', () => {
    expect(parseArticle('latin1.md', new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0xe9, 0x0a]))).toEqual({ ok: false, problems: [{ file: 'latin1.md', problem: 'is not UTF-8 text' }] });
    expect(parseArticle('image.md', new Uint8Array([0x89, 0x50, 0x00, 0x01]))).toEqual({ ok: false, problems: [{ file: 'image.md', problem: 'is a binary file, not text' }] });
  });

  test('refuses a file over the size limit, naming the limit', () => {
    const big = new Uint8Array(MAX_ARTICLE_BYTES + 1).fill(0x61);
    expect(parseArticle('big.md', big)).toEqual({ ok: false, problems: [{ file: 'big.md', problem: `is ${MAX_ARTICLE_BYTES + 1} bytes; the limit is ${MAX_ARTICLE_BYTES} bytes` }] });
  });
});

describe('slugOf', () => {
  test.each([
    ['India–Morocco MoU.md', 'india-morocco-mou'],
    ['Amazônia 2025.txt', 'amazonia-2025'],
    ['---.md', ''],
  ])('%s → %j', (file, slug) => {
    expect(slugOf(file)).toBe(slug);
  });
});

describe('loadArticles', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mou-knowledge-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('reads every article, sorted by slug, and lists files it ignores', async () => {
    await writeFile(path.join(dir, 'b.md'), '---\ntitle: B\n---\nBody B.\n');
    await writeFile(path.join(dir, 'a.txt'), 'A\n\nBody A.\n');
    await writeFile(path.join(dir, 'notes.pdf'), 'x');
    await writeFile(path.join(dir, '.index-cache'), 'x');
    const loaded = await loadArticles(dir);
    expect(loaded.articles.map((a) => a.slug)).toEqual(['a', 'b']);
    expect(loaded.ignored).toEqual(['notes.pdf']);
  });

  test('reports every broken file at once, each by name', async () => {
    await writeFile(path.join(dir, 'good.md'), '---\ntitle: Good\n---\nBody.\n');
    await writeFile(path.join(dir, 'one.md'), 'no front matter\n');
    await writeFile(path.join(dir, 'two.md'), '---\ntitle: Two\n---\n');
    const error = await loadArticles(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArticleError);
    expect((error as ArticleError).problems).toEqual([
      { file: 'one.md', problem: 'has no front matter (start the file with ---, title: …, ---)' },
      { file: 'two.md', problem: 'has an empty body (no paragraphs after the title)' },
    ]);
    expect((error as ArticleError).message).toBe(`knowledge folder ${dir}: 2 problems: one.md: has no front matter (start the file with ---, title: …, ---); two.md: has an empty body (no paragraphs after the title)`);
  });

  test('refuses two articles with the same id', async () => {
    await writeFile(path.join(dir, 'talks.md'), '---\ntitle: One\n---\nBody.\n');
    await writeFile(path.join(dir, 'Talks.txt'), 'Two\n\nBody.\n');
    await expect(loadArticles(dir)).rejects.toMatchObject({
      problems: [{ file: 'talks.md', problem: 'has the same id "talks" as Talks.txt; rename one of them' }],
    });
  });

  test('with skipBroken, leaves broken files and later duplicates out and lists them', async () => {
    await writeFile(path.join(dir, 'good.md'), '---\ntitle: Good\n---\nBody.\n');
    await writeFile(path.join(dir, 'Good.txt'), 'Twin\n\nBody.\n');
    await writeFile(path.join(dir, 'bad.md'), 'no front matter\n');
    const loaded = await loadArticles(dir, { skipBroken: true });
    expect(loaded.articles.map((a) => a.file)).toEqual(['Good.txt']);
    expect(loaded.skipped).toEqual([
      { file: 'bad.md', problem: 'has no front matter (start the file with ---, title: …, ---)' },
      { file: 'good.md', problem: 'has the same id "good" as Good.txt; rename one of them' },
    ]);
  });

  test('refuses a folder without articles, and a missing folder, naming it without its path', async () => {
    await expect(loadArticles(dir)).rejects.toMatchObject({ problems: [{ file: 'the knowledge folder', problem: 'has no articles (.md, .markdown, .txt files)' }] });
    await expect(loadArticles(path.join(dir, 'missing'))).rejects.toMatchObject({ problems: [{ file: 'the knowledge folder', problem: 'does not exist' }] });
  });
});
