/**
 * Reading the article in the news site's pages: what is kept, what is left out (ads, navigation,
 * comments, bylines, date lines), the metadata found, and the pages that hold no article.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { extractArticle, isoDateOf } from '../../src/web/extract.js';
import type { PageArticle } from '../../src/web/page-article.js';
import type * as OffThread from '../../src/web/off-thread.js';
import { importCompiled } from '../compiled.js';

// From the compiled sources, so that its thread starts as a build's does, without tsx (see `startWorker`).
const { extractOffThread } = await importCompiled<typeof OffThread>('src/web/off-thread.ts');

const page = (name: string) => readFileSync(new URL(`../fixtures/news-site/${name}`, import.meta.url), 'utf8');
const PAGE_URL = 'http://127.0.0.1:8080/transport/story';

function article(html: string, url: string | undefined = PAGE_URL): PageArticle {
  const result = extractArticle(html, url);
  if (!result.ok) throw new Error(`expected an article: ${result.reason}`);
  return result.article;
}

/** Text of the pages that is not article text: ads, navigation, related stories, comments, footers. */
const JUNK = [
  'Advertisement', 'ADVERTISEMENT', 'Mega Mattress', 'Switch your energy supplier', 'Subscribe from', 'Read more',
  'Aldervale tunnel to close', 'Most read', 'Get the morning briefing', 'railfan77', 'About time', 'cookies',
  'All rights reserved', 'Doctors are stunned', 'Bus route 12', 'Tags:', 'New electric SUVs', 'Join us', 'Archive',
  'Photo: Courier archive',
];

describe('extractArticle', () => {
  test('reads a news page: title, every paragraph in order, and nothing else', () => {
    const found = article(page('hydrogen-trains.html'));
    expect(found).toMatchObject({
      title: 'Valley Rail orders 40 hydrogen trains to replace diesel fleet on mountain lines',
      byline: 'Maria Okafor',
      siteName: 'The Valley Courier',
      date: '2025-03-14',
      canonicalUrl: 'https://valleycourier.example/transport/2025/03/14/valley-rail-hydrogen-trains',
    });
    expect(found.paragraphs).toHaveLength(7);
    expect(found.paragraphs[0]).toBe('Valley Rail has ordered 40 hydrogen fuel-cell trains to replace the diesel fleet that still runs on its three mountain lines, the regional operator announced on Friday.');
    expect(found.paragraphs[6]).toBe('The regional government, which owns Valley Rail, will pay two thirds of the cost; the rest comes from a European clean-transport fund.');
    for (const junk of JUNK) expect(found.paragraphs.join('\n')).not.toContain(junk);
  });

  test.each([
    ['library-reopens.html', 5, { date: '2024-11-02', siteName: 'Northbridge Evening Post', byline: 'Tom Reyes' }],
    ['fishing-quotas.html', 4, { date: '2025-01-20' }],
    ['sea-wall.html', 4, { date: '2025-02-11', siteName: 'Falmere Town News', canonicalUrl: 'https://falmere-news.example/2025/02/sea-wall.html' }],
  ])('reads %s: %i paragraphs, its date and site, without ads or date lines', (name, count, expected) => {
    const found = article(page(name));
    expect(found).toMatchObject(expected);
    expect(found.paragraphs).toHaveLength(count);
    expect(found.paragraphs.every((p) => p.length > 80)).toBe(true);
    for (const junk of JUNK) expect(found.paragraphs.join('\n')).not.toContain(junk);
  });

  test('reads a page without <html> or <body> tags and with unclosed paragraphs as a browser does', () => {
    const found = article(page('sea-wall.html'));
    expect(found.title).toBe('Falmere council approves a new sea wall');
    expect(found.paragraphs[1]).toBe('The wall will be 1.4 kilometres long and two metres higher than the old one. It will cost 9 million pounds, of which the national flood agency pays 6 million.');
  });

  test('refuses a section front: its lists of links are not an article', () => {
    expect(extractArticle(page('section-front.html'), PAGE_URL)).toEqual({
      ok: false,
      reason: 'the page has no paragraph of article text (at least 2 are needed): it looks like an index or a short notice, not an article',
    });
  });

  test('refuses a page with one paragraph', () => {
    const html = '<!doctype html><html><head><title>Notice</title></head><body><article><h1>Notice</h1><p>The office is closed on Monday for the public holiday, and opens again on Tuesday morning at nine.</p></article></body></html>';
    expect(extractArticle(html)).toMatchObject({ ok: false, reason: expect.stringMatching(/^the page has only one paragraph of article text/) });
  });

  test('refuses a page Readability finds nothing in', () => {
    expect(extractArticle('<!doctype html><html><head><title>Empty</title></head><body></body></html>')).toEqual({ ok: false, reason: 'Readability found no article in the page' });
  });

  test('takes the date from article:published_time before JSON-LD, and JSON-LD before <time>', () => {
    const html = page('hydrogen-trains.html');
    const withMeta = html.replace('<meta property="og:type"', '<meta property="article:published_time" content="2025-03-13T22:00:00Z"><meta property="og:type"');
    expect(article(withMeta).date).toBe('2025-03-13');
    const withoutJsonLd = html.replace('"datePublished": "2025-03-14T08:30:00+01:00",', '').replace('datetime="2025-03-14T08:30:00+01:00"', 'datetime="2025-03-12"');
    expect(article(withoutJsonLd).date).toBe('2025-03-12');
  });

  test('makes a relative canonical link absolute, and drops one that is not http', () => {
    const relative = page('fishing-quotas.html').replace('<meta charset="utf-8">', '<meta charset="utf-8"><link rel="canonical" href="/fishing/quotas">');
    expect(article(relative, 'https://coastalweekly.example/x?y').canonicalUrl).toBe('https://coastalweekly.example/fishing/quotas');
    const script = page('fishing-quotas.html').replace('<meta charset="utf-8">', '<meta charset="utf-8"><link rel="canonical" href="javascript:alert(1)">');
    expect(article(script).canonicalUrl).toBeUndefined();
  });
});

describe('isoDateOf', () => {
  test.each([
    ['2025-03-14T08:30:00+01:00', '2025-03-14'],
    ['2025-03-14T23:30:00-04:00', '2025-03-14'],
    ['2025-03-14', '2025-03-14'],
    ['Fri, 14 Mar 2025 08:30:00 GMT', '2025-03-14'],
    ['2025-02-30', undefined],
    ['yesterday', undefined],
    ['', undefined],
  ])('%j → %j', (value, date) => {
    expect(isoDateOf(value)).toBe(date);
  });
});

describe('extractOffThread', () => {
  test('gives the same article as extractArticle, read in a worker thread', async () => {
    const html = page('library-reopens.html');
    expect(await extractOffThread(html, PAGE_URL)).toEqual(extractArticle(html, PAGE_URL));
  });

  test('refuses a page whose reading takes longer than its time', async () => {
    expect(await extractOffThread(page('library-reopens.html'), PAGE_URL, 1)).toEqual({ ok: false, reason: 'reading the page took longer than 1 ms' });
  });
});
