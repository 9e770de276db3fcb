/**
 * From a link or an attachment to an article file ready to write: what the preview shows is
 * what the file loads as.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type * as Intake from '../../src/bot/articles/intake.js';
import { MAX_TITLE_CHARS } from '../../src/core/index.js';
import { importCompiled } from '../compiled.js';
import { NEWS, QUAY, startNewsSite, type NewsSite } from '../web/news-site.js';

// From the compiled sources, so that the thread that reads each page starts as a build's does,
// without tsx (see `startWorker`).
const { articleFromAttachment, articleFromLink } = await importCompiled<typeof Intake>('src/bot/articles/intake.ts');

const CONFIG = { fetchAllowHosts: ['127.0.0.1'], fetchTimeoutMs: 2_000 };

let site: NewsSite;
beforeAll(async () => {
  site = await startNewsSite();
});
afterAll(async () => {
  await site.close();
});

describe('articleFromLink', () => {
  test('a plain-text page: its first line is the title, the host is the source, the link is kept', async () => {
    const intake = await articleFromLink(site.url(NEWS.ferry.path), CONFIG);
    expect(intake.ok && intake.article).toMatchObject({
      extension: '.md',
      origin: site.url(NEWS.ferry.path),
      article: { title: NEWS.ferry.title, source: '127.0.0.1', url: site.url(NEWS.ferry.path), paragraphs: [expect.stringMatching(/^The ferry company will run/), expect.any(String), expect.any(String)] },
    });
  });

  test('refuses a plain-text page with one paragraph after its title, as it refuses such an HTML page', async () => {
    expect(await articleFromLink(site.url(NEWS.closure.path), CONFIG)).toEqual({
      ok: false,
      reason: 'the page has only one paragraph of article text (at least 2 are needed): it looks like an index or a short notice, not an article',
    });
  });

  test('takes a link written in angle brackets, as Discord users write links without a preview', async () => {
    const intake = await articleFromLink(`<${site.url(NEWS.library.path)}>`, CONFIG);
    expect(intake.ok && intake.article.article).toMatchObject({ title: NEWS.library.title, url: NEWS.library.canonical, date: '2024-11-02' });
  });

  test('takes a page whose address holds characters Discord reads as markup, and stores the address with them percent-encoded', async () => {
    const address = `${site.url(NEWS.fishing.path)}?ref=[front]|{top}^1&view=\`print\``;
    const intake = await articleFromLink(address, CONFIG);
    expect(intake.ok && intake.article.article).toMatchObject({
      title: NEWS.fishing.title,
      url: `${site.url(NEWS.fishing.path)}?ref=%5Bfront%5D%7C%7Btop%7D%5E1&view=%60print%60`,
    });
  });

  test('passes on why a page was refused', async () => {
    expect(await articleFromLink(site.url('/sport'), CONFIG)).toMatchObject({ ok: false, reason: expect.stringMatching(/^the page has no paragraph of article text/) });
  });
});

describe('articleFromAttachment', () => {
  test('a text file is kept byte for byte, titled by its first line', async () => {
    const intake = await articleFromAttachment({ name: 'Ferry.TXT', size: 400, url: site.url(NEWS.ferry.path) }, CONFIG);
    expect(intake.ok && intake.article).toMatchObject({ extension: '.txt', origin: 'Ferry.TXT', article: { title: NEWS.ferry.title } });
    const served = await fetch(site.url(NEWS.ferry.path));
    expect(intake.ok && Buffer.from(intake.article.bytes).equals(Buffer.from(await served.arrayBuffer()))).toBe(true);
  });

  test('says when the attachment cannot be downloaded', async () => {
    expect(await articleFromAttachment({ name: 'ferry.txt', size: 400, url: site.url('/no-such-file') }, CONFIG))
      .toEqual({ ok: false, reason: 'the attachment could not be downloaded: the server answered 404 Not Found' });
  });

  test('an HTML file is read in the character set its <meta charset> names', async () => {
    const intake = await articleFromAttachment({ name: 'quay.html', size: 400, url: site.url('/encodings/meta-1252.html') }, CONFIG);
    expect(intake.ok && intake.article.article).toMatchObject({ title: QUAY.title, paragraphs: QUAY.paragraphs });
  });

  test('refuses an HTML file whose bytes are not UTF-8, as it refuses such a text file', async () => {
    expect(await articleFromAttachment({ name: 'quay.html', size: 400, url: site.url('/encodings/not-utf8.html') }, CONFIG))
      .toEqual({ ok: false, reason: 'is not UTF-8 text' });
  });

  test('an HTML page saved as a file has no link unless it names its canonical address, and no source unless it names its site', async () => {
    const intake = await articleFromAttachment({ name: 'quotas.html', size: 2_000, url: site.url(NEWS.fishing.path) }, CONFIG);
    expect(intake.ok && intake.article.article).toMatchObject({ title: NEWS.fishing.title, date: '2025-01-20' });
    expect(intake.ok && intake.article.article.url).toBeUndefined();
    expect(intake.ok && intake.article.article.source).toBeUndefined();
  });
});

test('a title over the limit is shortened at a word, so the article still loads', async () => {
  const intake = await articleFromLink(site.url('/long-title'), CONFIG);
  const title = intake.ok ? intake.article.article.title : '';
  expect(title.length).toBeLessThanOrEqual(MAX_TITLE_CHARS);
  expect(title).toMatch(/^(Council debates the budget line by line, )+Council debates the budget line by…$/);
});
