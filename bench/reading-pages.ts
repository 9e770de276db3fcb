/**
 * `npm run bench:pages [-- --jsdom <folder>] [--runs N]`: how the article reader (Readability
 * over a server-side DOM, `src/web/extract.ts`) does with each DOM on the news pages written for
 * the tests (`tests/fixtures/news-site/`) and on one page near the 2 MiB size limit: time per
 * page, the heap it leaves, whether the article is found, how many paragraphs, and whether any
 * ad, navigation or comment text got in. The DOMs:
 *
 * - `parse5 + linkedom`: what the bot uses (markup parsed by the HTML standard's rules, then linkedom);
 * - `linkedom`: linkedom's own lenient parser alone;
 * - `jsdom`: not a dependency; give `--jsdom` the folder of a project where `jsdom` is installed
 *   (`npm install --no-save jsdom@29.1.1` here works too; 29 is the last version for Node 20).
 *
 * Figures and the choice they led to are in `docs/reading-web-pages.md`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseHTML } from 'linkedom';
import { parseDocument, readArticle, type PageDocument } from '../src/web/extract.js';

const PAGES = new URL('../tests/fixtures/news-site/', import.meta.url);
/** Text of the test pages that is not article text: none of it may reach a paragraph. */
const JUNK = ['Advertisement', 'ADVERTISEMENT', 'Mega Mattress', 'Switch your energy', 'Most read', 'railfan77', 'Doctors are stunned', 'Join us', 'Bet on tonight'];
const PAGE_URL = 'http://127.0.0.1/page';

type Parser = (html: string) => PageDocument;

function parsers(jsdomFolder: string | undefined): Array<[string, Parser]> {
  const list: Array<[string, Parser]> = [
    ['parse5 + linkedom', parseDocument],
    ['linkedom', (html) => (parseHTML(html) as unknown as { document: PageDocument }).document],
  ];
  try {
    const load = createRequire(path.resolve(jsdomFolder ?? '.', 'package.json'));
    const { JSDOM } = load('jsdom') as { JSDOM: new (html: string, options: object) => { window: { document: PageDocument } } };
    list.push(['jsdom', (html) => new JSDOM(html, { url: PAGE_URL }).window.document]);
  } catch {
    console.error('jsdom not found: pass --jsdom <folder of a project where it is installed> to compare with it.');
  }
  return list;
}

/** A page near the 2 MiB limit: one article among thousands of teasers, as on a long section front. */
function largePage(): string {
  const base = readFileSync(new URL('hydrogen-trains.html', PAGES), 'utf8');
  const teaser = '<div class="teaser"><a href="/x">Another story about the valley and its trains and buses</a><p>Short text of a teaser that nobody reads at all here.</p></div>\n';
  return base.replace('<footer', `${teaser.repeat(Math.floor(1_900_000 / teaser.length))}<footer`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const { values } = parseArgs({ options: { jsdom: { type: 'string' }, runs: { type: 'string', default: '20' } } });
const runs = Math.max(1, Number(values.runs));
const pages: Array<[string, string]> = readdirSync(PAGES).filter((name) => name.endsWith('.html')).sort()
  .map((name) => [name, readFileSync(new URL(name, PAGES), 'utf8')]);

console.log(`| page | DOM | ms per page (median of ${runs}) | article | paragraphs | junk in paragraphs |`);
console.log('|---|---|---|---|---|---|');
for (const [name, html] of pages) {
  for (const [dom, parse] of parsers(values.jsdom)) {
    const times: number[] = [];
    let result = readArticle(parse(html), PAGE_URL);
    for (let i = 0; i < runs + 3; i += 1) {
      const started = performance.now();
      result = readArticle(parse(html), PAGE_URL);
      if (i >= 3) times.push(performance.now() - started);
    }
    const text = result.ok ? result.article.paragraphs.join('\n') : '';
    const junk = JUNK.filter((word) => text.includes(word));
    console.log(`| ${name} | ${dom} | ${median(times).toFixed(1)} | ${result.ok ? 'found' : `none (${result.reason.slice(0, 40)}…)`} | ${result.ok ? result.article.paragraphs.length : 0} | ${junk.join(', ') || 'none'} |`);
  }
}

const large = largePage();
console.log(`\nA ${(large.length / 1024 / 1024).toFixed(1)} MiB page, once per DOM:`);
for (const [dom, parse] of parsers(values.jsdom)) {
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const result = readArticle(parse(large), PAGE_URL);
  const ms = performance.now() - started;
  const heap = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  console.log(`- ${dom}: ${Math.round(ms)} ms, heap grew ${Math.round(heap)} MB, ${result.ok ? `${result.article.paragraphs.length} paragraphs` : result.reason}`);
}
