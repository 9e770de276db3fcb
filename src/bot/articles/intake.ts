/**
 * Turning what a moderator gives into an article file ready to write: a link (the page is
 * fetched and its article read as reader views do) or an attached `.md`, `.txt` or `.html`
 * file. The file is checked by the loader's own rules before anything is shown, so the preview
 * is exactly what will load; nothing is written here.
 */
import path from 'node:path';
import type { Config } from '../../config.js';
import {
  type Article, articleMarkdown, type ArticleDraft, checkUrl, MAX_ARTICLE_BYTES, MAX_SOURCE_CHARS, MAX_TITLE_CHARS, MAX_URL_CHARS, normalizeParagraphs, parseArticle,
} from '../../core/index.js';
import {
  decodeText, extractOffThread, fetchFile, fetchPage, type FetchOptions, MAX_PAGE_BYTES, mebibytes, type PageArticle, tooFewParagraphs,
} from '../../web/index.js';
import { fitMessage } from '../reply.js';

/** An article file ready to write, and the article it loads as. */
export interface NewArticle {
  /** The file's bytes, as they will be written. */
  readonly bytes: Uint8Array;
  /** Its name ending: `.md`, `.markdown` or `.txt`. */
  readonly extension: string;
  /** The article the file loads as (its `file` and `slug` are provisional until it is written). */
  readonly article: Article;
  /** Where it came from: the link's final address, or the attachment's file name. */
  readonly origin: string;
}

/** An article ready to write, or why there is none. */
export type Intake = { readonly ok: true; readonly article: NewArticle } | { readonly ok: false; readonly reason: string };

/** An attachment as Discord describes it. */
export interface AttachedFile {
  readonly name: string;
  readonly url: string;
  /** Bytes, as Discord reports them. */
  readonly size: number;
}

/** Attachment endings accepted, and the largest file of each, in bytes. */
export const ATTACHMENT_LIMITS: Readonly<Record<string, number>> = {
  '.md': MAX_ARTICLE_BYTES,
  '.markdown': MAX_ARTICLE_BYTES,
  '.txt': MAX_ARTICLE_BYTES,
  '.html': MAX_PAGE_BYTES,
  '.htm': MAX_PAGE_BYTES,
};

function fetchOptions(config: Pick<Config, 'fetchAllowHosts' | 'fetchTimeoutMs'>, maxBytes?: number): FetchOptions {
  return { allowHosts: config.fetchAllowHosts, timeoutMs: config.fetchTimeoutMs, ...(maxBytes !== undefined && { maxBytes }) };
}

/**
 * The first of the links that the front matter accepts (see `checkUrl`: an http or https
 * address within {@link MAX_URL_CHARS}), as it will be stored; `undefined` when none is.
 */
function fitUrl(...candidates: Array<string | undefined>): string | undefined {
  for (const url of candidates) {
    const checked = url === undefined ? undefined : checkUrl(url);
    if (checked?.ok) return checked.href;
  }
  return undefined;
}

/** Checks a markdown or text file by the loader's rules; `name` names it in the reasons. */
function checked(bytes: Uint8Array, extension: string, name: string, origin: string): Intake {
  const parsed = parseArticle(name, bytes);
  if (!parsed.ok) return { ok: false, reason: parsed.problems.map((p) => p.problem).join('; ') };
  return { ok: true, article: { bytes, extension, article: parsed.article, origin } };
}

/** The markdown file for an article read from a page or a text. */
function fromDraft(draft: ArticleDraft, origin: string): Intake {
  const fitted: ArticleDraft = {
    ...draft,
    title: fitMessage(draft.title, MAX_TITLE_CHARS),
    ...(draft.source !== undefined && { source: fitMessage(draft.source, MAX_SOURCE_CHARS) }),
  };
  return checked(new TextEncoder().encode(articleMarkdown(fitted)), '.md', 'the article', origin);
}

/** The draft of a page's article: its site (or the host) as source, its canonical link (or the page's). */
function draftOfPage(page: PageArticle, pageUrl: string | undefined): ArticleDraft {
  const host = pageUrl === undefined ? undefined : new URL(pageUrl).hostname.replace(/^www\./, '');
  const source = page.siteName ?? host;
  const url = fitUrl(page.canonicalUrl, pageUrl);
  return {
    title: page.title,
    paragraphs: page.paragraphs,
    ...(source !== undefined && { source }),
    ...(page.date !== undefined && { date: page.date }),
    ...(url !== undefined && { url }),
  };
}

/** The draft of a plain-text page: its first line is the title, blank lines part paragraphs. */
function draftOfText(text: string, pageUrl: string): ArticleDraft {
  const [first = '', ...rest] = text.replace(/\r\n?/g, '\n').trim().split('\n');
  const url = fitUrl(pageUrl);
  return {
    title: first.trim(),
    paragraphs: rest.join('\n').split(/\n[ \t]*\n/),
    source: new URL(pageUrl).hostname.replace(/^www\./, ''),
    ...(url !== undefined && { url }),
  };
}

/** The article of a plain-text page, refused by the same paragraph rule as an HTML page's. */
function fromText(text: string, pageUrl: string): Intake {
  const draft = draftOfText(text, pageUrl);
  const tooFew = tooFewParagraphs(normalizeParagraphs(draft.paragraphs).length);
  if (tooFew) return { ok: false, reason: tooFew };
  return fromDraft(draft, pageUrl);
}

/** Reads the article of an HTML page in a worker thread. */
async function fromHtml(html: string, pageUrl: string | undefined, origin: string): Promise<Intake> {
  const extraction = await extractOffThread(html, pageUrl);
  if (!extraction.ok) return extraction;
  return fromDraft(draftOfPage(extraction.article, pageUrl), origin);
}

/**
 * The article behind a link: the page is fetched (see `fetchPage` for the limits and address
 * checks), its article read, and its title, date, source and canonical link taken. A
 * plain-text page's first line is its title, and the paragraphs after it are held to the same
 * rule as an HTML page's (see `tooFewParagraphs`). Angle brackets around the link (Discord's way to
 * hide a preview) are dropped.
 */
export async function articleFromLink(link: string, config: Pick<Config, 'fetchAllowHosts' | 'fetchTimeoutMs'>): Promise<Intake> {
  const address = link.trim().replace(/^<(.*)>$/, '$1');
  const fetched = await fetchPage(address, fetchOptions(config));
  if (!fetched.ok) return fetched;
  const { page } = fetched;
  if (page.kind === 'text') return fromText(page.text, page.url);
  return fromHtml(page.text, page.url, page.url);
}

/**
 * The article in an attached file: `.md` and `.markdown` with front matter, `.txt` whose first
 * line is the title (both kept as written), or an `.html` page (its article read as from a
 * link, saved as markdown). Refused with the reason for another ending, a file over its size
 * limit, text that is not UTF-8 (an HTML file may name another character set), or front matter
 * the loader would refuse (with the line).
 */
export async function articleFromAttachment(file: AttachedFile, config: Pick<Config, 'fetchAllowHosts' | 'fetchTimeoutMs'>): Promise<Intake> {
  const extension = path.extname(file.name).toLowerCase();
  const limit = ATTACHMENT_LIMITS[extension];
  if (limit === undefined) {
    return { ok: false, reason: `only .md, .txt and .html files can be added, and “${file.name}” is not one` };
  }
  if (file.size > limit) return { ok: false, reason: `“${file.name}” is ${mebibytes(file.size)}; a ${extension} file may be at most ${mebibytes(limit)}` };
  const fetched = await fetchFile(file.url, fetchOptions(config, limit));
  if (!fetched.ok) return { ok: false, reason: `the attachment could not be downloaded: ${fetched.reason}` };
  if (extension === '.html' || extension === '.htm') {
    const decoded = decodeText(fetched.bytes, fetched.contentType, 'html');
    return decoded.ok ? fromHtml(decoded.text, undefined, file.name) : decoded;
  }
  return checked(fetched.bytes, extension, file.name, file.name);
}
