/**
 * Turning results into text: Discord markdown for the bot, plain text for the terminal. Both
 * show the same snippets, citation numbers and source lists.
 */
import { clipText, MAX_SNIPPET_CHARS } from '../answering/index.js';
import type { AnswerResult, Citation, KnowledgeVersion, Reading, SearchResults, Snippet, SourceInfo, Subject, Summary } from '../answering/index.js';
import { discordText } from './safe-text.js';

export { escapeMarkdown } from './safe-text.js';

/** `discord`: markdown, links in `<…>` so Discord shows no preview. `terminal`: plain text. */
export type Style = 'discord' | 'terminal';

export interface FormatOptions {
  readonly style: Style;
  /**
   * Longest text to return. Snippets are dropped from the end, each with the sources only it
   * used, until the text fits; a snippet is never separated from its source.
   */
  readonly maxChars?: number;
}

function bold(text: string, style: Style): string {
  return style === 'discord' ? `**${text}**` : text;
}

/** Article or member text where it is quoted: shown as written (see `discordText`). */
function quoted(text: string, style: Style): string {
  return style === 'discord' ? discordText(text) : text;
}

/** An article a text cites, numbered in order of first citation, with the paragraphs cited. */
export interface CitedArticle {
  /** The number shown in the text: `[1]`. */
  readonly n: number;
  readonly slug: string;
  readonly title: string;
  readonly source?: string;
  readonly date?: string;
  readonly url?: string;
  /** Paragraph numbers cited, ascending. */
  readonly paragraphs: readonly number[];
}

/**
 * The articles cited by some snippets, one per article however many of its paragraphs are
 * quoted, numbered in the order the snippets first cite them; and, for each snippet, the number
 * of its article.
 */
export function citedArticles(snippets: readonly Snippet[], citations: readonly Citation[]): { articles: CitedArticle[]; numberOf: (snippet: Snippet) => number } {
  const bySlug = new Map<string, { article: Omit<CitedArticle, 'paragraphs'>; paragraphs: Set<number> }>();
  const numbers = new Map<number, number>();
  for (const snippet of snippets) {
    const citation = citations.find((c) => c.n === snippet.citation);
    if (!citation) continue;
    let entry = bySlug.get(citation.slug);
    if (!entry) {
      const { slug, title, source, date, url } = citation;
      entry = {
        article: { n: bySlug.size + 1, slug, title, ...(source !== undefined && { source }), ...(date !== undefined && { date }), ...(url !== undefined && { url }) },
        paragraphs: new Set(),
      };
      bySlug.set(slug, entry);
    }
    entry.paragraphs.add(citation.paragraph);
    numbers.set(citation.n, entry.article.n);
  }
  const articles = [...bySlug.values()].map(({ article, paragraphs }) => ({ ...article, paragraphs: [...paragraphs].sort((a, b) => a - b) }));
  return { articles, numberOf: (snippet) => numbers.get(snippet.citation) ?? snippet.citation };
}

// Characters that would end a link target early or break out of it; percent-encoded.
const LINK_BREAKERS = /[()<>\\\s]/g;

/** A url as the target of a masked link, `<…>` so Discord shows no preview. */
function linkTarget(url: string): string {
  return `<${url.replace(LINK_BREAKERS, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)}>`;
}

/** An article's title, as a masked link to it on Discord when it has one (no preview). */
export function articleLink(article: Pick<CitedArticle, 'title' | 'url'>, style: Style): string {
  const title = quoted(article.title, style);
  return style === 'discord' && article.url ? `[${title}](${linkTarget(article.url)})` : title;
}

/**
 * One line of a source list: `[1] [Title](<link>) · Source · 2025-06-01 · ¶ 2, 5` on Discord
 * (the title is the link), `[1] Title · Source · 2025-06-01 · ¶ 2, 5 · link` in the terminal.
 */
export function formatSourceLine(article: CitedArticle, style: Style): string {
  const parts = [`[${article.n}] ${articleLink(article, style)}`];
  if (article.source) parts.push(quoted(article.source, style));
  if (article.date) parts.push(article.date);
  parts.push(`¶ ${article.paragraphs.join(', ')}`);
  if (style === 'terminal' && article.url) parts.push(article.url);
  return parts.join(' · ');
}

function formatSourceList(articles: readonly CitedArticle[], style: Style): string {
  return `${bold('Sources', style)}\n${articles.map((article) => formatSourceLine(article, style)).join('\n')}`;
}

/** A text and what it shows: the snippets that fitted, and the citations they use. */
export interface FittedText {
  readonly text: string;
  readonly snippets: readonly Snippet[];
  readonly citations: readonly Citation[];
}

/** Renders the snippets shown, given each one's article number. */
type RenderSnippets = (shown: readonly Snippet[], numberOf: (snippet: Snippet) => number) => string;

/**
 * Renders cited snippets with a heading and the source list, dropping snippets from the end
 * while the text is longer than `maxChars` (at least one snippet is always kept).
 */
function formatCited(
  heading: string | undefined,
  snippets: readonly Snippet[],
  citations: readonly Citation[],
  render: RenderSnippets,
  options: FormatOptions,
): FittedText {
  for (let count = snippets.length; ; count--) {
    const shown = snippets.slice(0, count);
    const { articles, numberOf } = citedArticles(shown, citations);
    const text = [heading, render(shown, numberOf), formatSourceList(articles, options.style)].filter(Boolean).join('\n\n');
    if (count <= 1 || options.maxChars === undefined || text.length <= options.maxChars) {
      return { text, snippets: shown, citations: citations.filter((c) => shown.some((s) => s.citation === c.n)) };
    }
  }
}

/** Renders one snippet per line, through `line`. */
function eachOnItsLine(line: (text: string, n: number, index: number) => string, style: Style): RenderSnippets {
  return (shown, numberOf) => shown.map((s, i) => line(quoted(s.text, style), numberOf(s), i)).join('\n');
}

/**
 * An answer's snippets: the best one first, set apart (a quote on Discord), then the others,
 * each on its own line as a list item, so that no two run together.
 */
function leadAndOthers(style: Style): RenderSnippets {
  return (shown, numberOf) => {
    // The terminal has no quote bars: quotation marks say the text is verbatim.
    const [lead, ...others] = shown.map((s) => (style === 'discord' ? `${quoted(s.text, style)} [${numberOf(s)}]` : `“${s.text}” [${numberOf(s)}]`));
    const first = style === 'discord' ? `> ${lead}` : lead!;
    if (others.length === 0) return first;
    return `${first}\n\n${others.map((text) => (style === 'discord' ? `- ${text}` : `  • ${text}`)).join('\n')}`;
  };
}

/** What a follow-up carried from the question before it, as one short line. */
export function formatCarried(carried: Subject, style: Style): string | undefined {
  const items = [...carried.names, ...carried.words];
  if (items.length === 0) return undefined;
  const text = `Read with your previous question: ${items.map((item) => quoted(item, style)).join(', ')}`;
  return style === 'discord' ? `-# ${text}` : `(${text})`;
}

/** The text for an answer, a "no confident answer" reply, or an input problem. */
export function formatAnswer(result: AnswerResult & { readonly reading?: Reading }, options: FormatOptions): string {
  return fitAnswer(result, options).text;
}

/**
 * The text for an answer as {@link formatAnswer} gives it, with the snippets and citations it
 * shows: fewer than the answer's when some did not fit in `maxChars`, none when it is not an answer.
 */
export function fitAnswer(result: AnswerResult & { readonly reading?: Reading }, options: FormatOptions): FittedText {
  const { style } = options;
  const nothingShown = (text: string): FittedText => ({ text, snippets: [], citations: [] });
  if (result.kind === 'invalid') return nothingShown(result.message);
  const carried = result.reading?.carried && formatCarried(result.reading.carried, style);
  if (result.kind === 'no-answer') {
    const closest = result.closestTitles.length > 0
      ? `\nThe closest article${result.closestTitles.length === 1 ? ' is' : 's are'}: ${result.closestTitles.map((t) => quoted(t, style)).join('; ')}.`
      : '';
    return nothingShown([carried, `${result.message}${closest}\nTry other words, or ${style === 'discord' ? '`/mou search`' : '/mou search'} for a topic.`].filter(Boolean).join('\n'));
  }
  const note = result.note === undefined ? undefined : style === 'discord' ? `*${result.note}*` : result.note;
  const heading = [carried, note].filter(Boolean).join('\n');
  return formatCited(heading || undefined, result.snippets, result.citations, leadAndOthers(style), options);
}

/** The text for a summary: its sentences in order, each with its citation. */
export function formatSummary(summary: Summary, options: FormatOptions): string {
  return formatCited(bold(`Summary: ${quoted(summary.title, options.style)}`, options.style), summary.snippets, summary.citations, eachOnItsLine((text, n) => `${text} [${n}]`, options.style), options).text;
}

/** The text for search results: one excerpt per passage, best first. */
export function formatSearch(results: SearchResults, options: FormatOptions): string {
  if (results.hits.length === 0) return `No passage matches “${quoted(results.query, options.style)}”. Try fewer or other words.`;
  return formatCited(bold(`Passages matching “${quoted(results.query, options.style)}”`, options.style), results.hits, results.citations, numbered(options.style), options).text;
}

function numbered(style: Style): RenderSnippets {
  return eachOnItsLine((text, n, i) => `${i + 1}. ${text} [${n}]`, style);
}

/** The text for more passages on an answered question: the next best, beyond those quoted. */
export function formatMore(results: SearchResults, options: FormatOptions): string {
  if (results.hits.length === 0) return 'The articles hold nothing more on this question than the answer quotes.';
  return formatCited(bold('More from the articles', options.style), results.hits, results.citations, numbered(options.style), options).text;
}

/**
 * A moment: a Discord timestamp on Discord (each reader sees it in their own time zone and
 * language), `YYYY-MM-DD HH:MM UTC` in the terminal.
 */
export function formatTime(time: Date, style: Style, discordFormat: 'f' | 'R' | 'd' = 'f'): string {
  return style === 'discord' ? `<t:${Math.floor(time.getTime() / 1000)}:${discordFormat}>` : `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A duration in a message: milliseconds under a second ("300 ms"), else seconds to a tenth ("2.5 s", "10 s"). */
export function durationText(milliseconds: number): string {
  return milliseconds < 1000 ? `${Math.round(milliseconds)} ms` : `${Math.round(milliseconds / 100) / 10} s`;
}

/** The text for the source list: every article and the knowledge base version. */
export function formatSources(sources: readonly SourceInfo[], version: KnowledgeVersion, options: FormatOptions): string {
  const { style } = options;
  const header = `${bold('Knowledge base', style)} version ${version.hash}, loaded ${formatTime(version.loadedAt, style)}: ${version.articles} article${version.articles === 1 ? '' : 's'}, ${version.passages} passage${version.passages === 1 ? '' : 's'}.`;
  const lines: string[] = [];
  let length = header.length;
  for (const [i, source] of sources.entries()) {
    const details = [source.source && quoted(source.source, style), source.date, `${source.passages} passage${source.passages === 1 ? '' : 's'}`].filter(Boolean).join(' · ');
    const line = `• ${quoted(source.title, style)} (${details})`;
    const more = `… and ${sources.length - i} more.`;
    if (options.maxChars !== undefined && length + line.length + more.length + 2 > options.maxChars) {
      lines.push(more);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return `${header}\n${lines.join('\n')}`;
}

/** A cited paragraph to show in full: its citation, its text now (undefined when it is gone) and the sentences quoted from it. */
export interface ShownParagraph {
  readonly citation: Pick<Citation, 'title' | 'paragraph' | 'url'>;
  readonly text: string | undefined;
  /** Snippets quoted from it, as shown in the answer ("…" where they were clipped). */
  readonly quotes: readonly string[];
}

/** Where the quotes are in a paragraph: character ranges, sorted and merged. */
function quoteRanges(text: string, quotes: readonly string[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const quote of quotes) {
    const core = quote.replace(/^…|…$/g, '').trim();
    const at = core ? text.indexOf(core) : -1;
    if (at >= 0) ranges.push([at, at + core.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/** A paragraph's text with the quoted ranges marked: bold on Discord, »…« in the terminal. */
function marked(text: string, quotes: readonly string[], style: Style): string {
  let out = '';
  let at = 0;
  for (const [start, end] of quoteRanges(text, quotes)) {
    out += quoted(text.slice(at, start), style);
    out += style === 'discord' ? `**${quoted(text.slice(start, end), style)}**` : `»${text.slice(start, end)}«`;
    at = end;
  }
  return out + quoted(text.slice(at), style);
}

/**
 * The cited paragraphs in full, each under its article's title and paragraph number, with the
 * quoted sentences marked. With `maxChars`, each paragraph gets an equal share of the room and a
 * long one is clipped around what was quoted. A paragraph no longer in the knowledge base (its
 * article changed or was removed since) is named as gone.
 */
export function formatParagraphs(paragraphs: readonly ShownParagraph[], options: FormatOptions): string {
  const { style } = options;
  const heads = paragraphs.map(({ citation }) => `${style === 'discord' ? bold(articleLink(citation, style), style) : citation.title} · ¶ ${citation.paragraph}`);
  const room = options.maxChars === undefined ? Infinity
    : Math.floor((options.maxChars - heads.reduce((n, head) => n + head.length + 3, 0)) / Math.max(1, paragraphs.length));
  return paragraphs.map(({ text, quotes }, i) => {
    if (text === undefined) return `${heads[i]}\nThis paragraph is no longer in the knowledge base: its article changed or was removed since the answer.`;
    // Marks and escapes lengthen the text: clip with room to spare for them.
    const clipped = text.length <= room * 0.8 ? text : clipText(text, quoteRanges(text, quotes), Math.max(MAX_SNIPPET_CHARS, Math.floor(room * 0.8)));
    return `${heads[i]}\n${style === 'discord' ? '> ' : '  '}${marked(clipped, quotes, style)}`;
  }).join('\n\n');
}

/** The paragraphs an answer quotes, to show in full: each citation with its text now (`texts`, in citation order) and what was quoted from it. */
export function quotedParagraphs(citations: ReadonlyArray<ShownParagraph['citation'] & Pick<Citation, 'n'>>, snippets: readonly Snippet[], texts: ReadonlyArray<string | undefined>): ShownParagraph[] {
  return citations.map((citation, i) => ({
    citation,
    text: texts[i],
    quotes: snippets.filter((s) => s.citation === citation.n).map((s) => s.text),
  }));
}
