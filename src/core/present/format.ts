/**
 * Turning results into text: Discord markdown for the bot, plain text for the terminal. Both
 * show the same snippets, citation numbers and source lists.
 */
import type { AnswerResult, Citation, KnowledgeVersion, SearchResults, Snippet, SourceInfo, Summary } from '../answering/index.js';

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

// Characters Discord reads as inline markdown. Quoted text never starts a line (it follows
// "> " or "1. "), so line-start markers (#, -, >) need no escape.
const MARKDOWN_SPECIALS = /[\\*_~`|<>[\]]/g;

/**
 * Escapes Discord markdown so article text is shown as written, never as formatting. Mentions
 * are left to `allowedMentions`, which stops any ping without changing the text.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_SPECIALS, (char) => `\\${char}`);
}

function bold(text: string, style: Style): string {
  return style === 'discord' ? `**${text}**` : text;
}

function quoted(text: string, style: Style): string {
  return style === 'discord' ? escapeMarkdown(text) : text;
}

/** One line of a source list: `[1] Title, paragraph 2 · Source · 2025-06-01 · <link>`. */
export function formatCitation(citation: Citation, style: Style): string {
  const parts = [`[${citation.n}] ${quoted(citation.title, style)}, paragraph ${citation.paragraph}`];
  if (citation.source) parts.push(quoted(citation.source, style));
  if (citation.date) parts.push(citation.date);
  if (citation.url) parts.push(style === 'discord' ? `<${citation.url}>` : citation.url);
  return parts.join(' · ');
}

function formatSourceList(citations: readonly Citation[], style: Style): string {
  return `${bold('Sources', style)}\n${citations.map((c) => formatCitation(c, style)).join('\n')}`;
}

/**
 * Renders cited snippets with a heading and the source list, dropping snippets from the end
 * while the text is longer than `maxChars` (at least one snippet is always kept).
 */
function formatCited(
  heading: string | undefined,
  snippets: readonly Snippet[],
  citations: readonly Citation[],
  renderSnippet: (snippet: Snippet, index: number) => string,
  options: FormatOptions,
): string {
  for (let count = snippets.length; ; count--) {
    const shown = snippets.slice(0, count);
    const used = citations.filter((c) => shown.some((s) => s.citation === c.n));
    const body = shown.map(renderSnippet).join('\n');
    const text = [heading, body, formatSourceList(used, options.style)].filter(Boolean).join('\n\n');
    if (count <= 1 || options.maxChars === undefined || text.length <= options.maxChars) return text;
  }
}

/** The text for an answer, a "no confident answer" reply, or an input problem. */
export function formatAnswer(result: AnswerResult, options: FormatOptions): string {
  const { style } = options;
  if (result.kind === 'invalid') return result.message;
  if (result.kind === 'no-answer') {
    const closest = result.closestTitles.length > 0
      ? `\nThe closest article${result.closestTitles.length === 1 ? ' is' : 's are'}: ${result.closestTitles.map((t) => quoted(t, style)).join('; ')}.`
      : '';
    return `${result.message}${closest}\nTry other words, or ${style === 'discord' ? '`/mou search`' : '/mou search'} for a topic.`;
  }
  const heading = result.note === undefined ? undefined : style === 'discord' ? `*${result.note}*` : result.note;
  return formatCited(heading, result.snippets, result.citations, (s) => `${style === 'discord' ? '> ' : '  “'}${quoted(s.text, style)}${style === 'discord' ? '' : '”'} [${s.citation}]`, options);
}

/** The text for a summary: its sentences in order, each with its citation. */
export function formatSummary(summary: Summary, options: FormatOptions): string {
  return formatCited(bold(`Summary: ${quoted(summary.title, options.style)}`, options.style), summary.snippets, summary.citations, (s) => `${quoted(s.text, options.style)} [${s.citation}]`, options);
}

/** The text for search results: one excerpt per passage, best first. */
export function formatSearch(results: SearchResults, options: FormatOptions): string {
  if (results.hits.length === 0) return `No passage matches “${quoted(results.query, options.style)}”. Try fewer or other words.`;
  return formatCited(bold(`Passages matching “${quoted(results.query, options.style)}”`, options.style), results.hits, results.citations, (s, i) => `${i + 1}. ${quoted(s.text, options.style)} [${s.citation}]`, options);
}

/** The text for the source list: every article and the knowledge base version. */
export function formatSources(sources: readonly SourceInfo[], version: KnowledgeVersion, options: FormatOptions): string {
  const { style } = options;
  const header = `${bold('Knowledge base', style)} version ${version.hash}, loaded ${version.loadedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${version.articles} article${version.articles === 1 ? '' : 's'}, ${version.passages} passage${version.passages === 1 ? '' : 's'}.`;
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
