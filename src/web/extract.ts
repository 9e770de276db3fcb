/**
 * Reading the article in a web page, the way browsers' reader views do: Mozilla's Readability
 * (Firefox's Reader View) picks the article's content out of the page, over linkedom, a small,
 * fast DOM. The markup is first parsed by parse5 (the HTML standard's parsing rules, as in
 * browsers and jsdom) and serialised, so that linkedom's lenient parser is handed well-formed
 * markup: pages without `<html>` or `<body>` tags, or with unclosed paragraphs, read as a
 * browser reads them. `docs/reading-web-pages.md` says why these packages and not jsdom.
 *
 * Before Readability runs, ad slots are taken out (Readability keeps an ad whose markup looks
 * like a paragraph). After it, the article's text is cut into paragraphs, leaving out blocks
 * that are mostly links (lists of related stories, navigation), the byline and date lines.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { parse as parseHtml5, serialize } from 'parse5';
import { type Extraction, tooFewParagraphs } from './page-article.js';

/** Elements Readability looks at before giving up: enough for any news page under the size limit. */
const MAX_ELEMENTS = 100_000;
/** A block whose text is more than this share of link text is navigation, not article text. */
const MAX_LINK_SHARE = 0.5;
/** A block with a date (`<time>`) and at most this many other words is a date line ("Published 20 January 2025"). */
const MAX_DATE_LINE_WORDS = 3;
/** The blocks whose text becomes paragraphs; one that holds another is read through its children. */
const BLOCKS = 'p, li, blockquote, pre, dd, dt';
/** Class names and ids of ad slots: `ad`, `ads`, `advert…`, `ad-slot`, `adsbygoogle`, `sponsored…`, `outbrain`, `taboola`. */
const AD_NAME = /^(ads?|adv|advert\w*|adsbygoogle|sponsor(ed)?|promoted|outbrain|taboola)([-_].*)?$/i;
/** The whole text of a label that marks an ad. */
const AD_LABEL = /^(advertisement|advertising|sponsored( content)?|ad|anzeige|publicité)$/i;

/** The parts of linkedom's DOM used here (the project's TypeScript has no DOM library). */
interface Element {
  readonly tagName: string;
  readonly id: string;
  readonly textContent: string | null;
  readonly classList: Iterable<string>;
  readonly parentElement: Element | null;
  getAttribute(name: string): string | null;
  querySelector(selectors: string): Element | null;
  querySelectorAll(selectors: string): Iterable<Element>;
  closest(selectors: string): Element | null;
  remove(): void;
}
export interface PageDocument {
  readonly title: string;
  readonly body: Element | null;
  querySelector(selectors: string): Element | null;
  querySelectorAll(selectors: string): Iterable<Element>;
}

/** Parses markup as a browser does (parse5), into a linkedom document. */
export function parseDocument(html: string): PageDocument {
  return (parseHTML(serialize(parseHtml5(html))) as unknown as { document: PageDocument }).document;
}

/** Whitespace runs as one space, trimmed. */
function clean(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * A date as `YYYY-MM-DD`: the calendar date a timestamp is written with ("2025-03-14T23:30:00-04:00"
 * is the 14th, the publisher's day), or any other date `Date` reads (in UTC). `undefined` when
 * it is not a real date.
 */
export function isoDateOf(value: string | null | undefined): string | undefined {
  const text = clean(value);
  if (!text) return undefined;
  const written = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])/.exec(text);
  if (written) {
    const date = `${written[1]}-${written[2]}-${written[3]}`;
    const parsed = new Date(`${date}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date) ? date : undefined;
  }
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString().slice(0, 10);
}

function metaContent(document: PageDocument, ...names: string[]): string | undefined {
  for (const name of names) {
    const content = clean(document.querySelector(`meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`)?.getAttribute('content'));
    if (content) return content;
  }
  return undefined;
}

/** Every object in a page's JSON-LD blocks, flattened through `@graph` and arrays; broken blocks are skipped. */
function jsonLdObjects(document: PageDocument): Array<Record<string, unknown>> {
  const found: Array<Record<string, unknown>> = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) {
      found.push(value as Record<string, unknown>);
      visit((value as Record<string, unknown>)['@graph']);
    }
  };
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      visit(JSON.parse(script.textContent ?? ''));
    } catch {
      // A page's broken JSON-LD is the page's problem; the other sources of dates remain.
    }
  }
  return found;
}

/** The publication date: meta tags, JSON-LD, then the article's (or the page's first) `<time>`. */
function publicationDate(document: PageDocument): string | undefined {
  const fromMeta = isoDateOf(metaContent(document, 'article:published_time', 'datePublished', 'date'));
  if (fromMeta) return fromMeta;
  for (const item of jsonLdObjects(document)) {
    const date = isoDateOf(typeof item.datePublished === 'string' ? item.datePublished : undefined);
    if (date) return date;
  }
  const time = document.querySelector('article time[datetime]') ?? document.querySelector('main time[datetime]') ?? document.querySelector('time[datetime]');
  return isoDateOf(time?.getAttribute('datetime'));
}

/** The canonical address, absolute and http(s), or `undefined`. */
function canonicalUrl(document: PageDocument, pageUrl: string | undefined): string | undefined {
  const written = clean(document.querySelector('link[rel~="canonical"]')?.getAttribute('href')) || metaContent(document, 'og:url');
  if (!written) return undefined;
  try {
    const url = new URL(written, pageUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Whether an element is an ad slot, by its class names, id or data attributes. */
function isAdSlot(element: Element): boolean {
  if (element.tagName === 'INS' || element.getAttribute('data-ad-slot') !== null || element.getAttribute('data-ad') !== null) return true;
  if (AD_NAME.test(element.id)) return true;
  for (const name of element.classList) if (AD_NAME.test(name)) return true;
  return false;
}

/** Takes ad slots out of the page, so Readability never sees them. */
function removeAds(document: PageDocument): void {
  for (const element of [...(document.body?.querySelectorAll('*') ?? [])]) {
    if (element.tagName !== 'BODY' && isAdSlot(element)) element.remove();
  }
}

/** The share of a block's text that is link text. */
function linkShare(block: Element, text: string): number {
  let linked = 0;
  for (const link of block.querySelectorAll('a')) linked += clean(link.textContent).length;
  return text.length === 0 ? 0 : linked / text.length;
}

/** Whether a block is a date line: a `<time>` with at most a few other words. */
function isDateLine(block: Element, text: string): boolean {
  const time = block.querySelector('time');
  if (!time) return false;
  const rest = clean(text.replace(clean(time.textContent), ''));
  return rest.length === 0 || rest.split(' ').length <= MAX_DATE_LINE_WORDS;
}

/** The paragraphs of Readability's content: leaf blocks that are article text. */
function paragraphsOf(contentHtml: string, byline: string | undefined): string[] {
  const content = parseDocument(contentHtml);
  const bylines = byline ? new Set([byline, `By ${byline}`, `by ${byline}`].map((line) => line.toLowerCase())) : new Set<string>();
  const paragraphs: string[] = [];
  for (const block of content.querySelectorAll(BLOCKS)) {
    if (block.querySelector(BLOCKS)) continue;
    const text = clean(block.textContent);
    if (!text || AD_LABEL.test(text) || bylines.has(text.toLowerCase())) continue;
    if (linkShare(block, text) > MAX_LINK_SHARE || isDateLine(block, text)) continue;
    paragraphs.push(text);
  }
  return paragraphs;
}

/**
 * The article in the page `html` (fetched from `pageUrl`, which resolves relative links; none
 * for a saved file): title, paragraphs and what the page says about them. Refused, with the
 * reason, when Readability finds no article or the article has fewer than `MIN_PARAGRAPHS`
 * paragraphs.
 */
export function extractArticle(html: string, pageUrl?: string): Extraction {
  return readArticle(parseDocument(html), pageUrl);
}

/**
 * {@link extractArticle} on a document already parsed, by {@link parseDocument} or by another
 * DOM (the bench compares them). Changes the document.
 */
export function readArticle(document: PageDocument, pageUrl?: string): Extraction {
  const date = publicationDate(document);
  const canonical = canonicalUrl(document, pageUrl);
  const pageTitle = clean(metaContent(document, 'og:title') ?? document.title);
  removeAds(document);
  const parsed = new Readability(document as never, { maxElemsToParse: MAX_ELEMENTS }).parse();
  if (!parsed?.content) return { ok: false, reason: 'Readability found no article in the page' };
  const byline = clean(parsed.byline) || undefined;
  const paragraphs = paragraphsOf(parsed.content, byline);
  const tooFew = tooFewParagraphs(paragraphs.length);
  if (tooFew) return { ok: false, reason: tooFew };
  const title = clean(parsed.title) || pageTitle;
  if (!title) return { ok: false, reason: 'the page has no title' };
  const siteName = clean(parsed.siteName) || undefined;
  return {
    ok: true,
    article: {
      title,
      paragraphs,
      ...(byline !== undefined && { byline }),
      ...(siteName !== undefined && { siteName }),
      ...(date !== undefined && { date }),
      ...(canonical !== undefined && { canonicalUrl: canonical }),
    },
  };
}
