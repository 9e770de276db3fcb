/**
 * The text of the bot's replies: the core's formatters in their Discord style, sized for one
 * Discord message, and the moderator's refresh report.
 */
import type { Config } from '../config.js';
import {
  discordText, fileNameText, formatSearch, formatSources, formatSummary, formatTime,
  type FileProblem, type FormatOptions, type KnowledgeReader, type KnowledgeVersion, type Summary,
} from '../core/index.js';
import type { BotRefreshReport } from './refresh.js';
import { fitMessage, MAX_MESSAGE_CHARS } from './reply.js';

/** Plain markdown messages: citations and source lists read naturally, and 2,000 characters hold a full answer. */
export const DISCORD: FormatOptions = { style: 'discord', maxChars: MAX_MESSAGE_CHARS };
/** Most titles or files listed in a refresh report per list; the rest are counted. */
export const MAX_LISTED = 10;

/** The reply to a complaint about an answer ("bad bot", "that's wrong"): how to report it. */
export const WRONG_TEXT = 'Sorry about that. Press 👎 under the answer and pick what was wrong: moderators see the questions I miss and can add the article that answers. Asking in other words may help too.';

/** The short help that "help" or "hi" gets: how to ask, follow up, and use the buttons. */
export function helpText(config: Pick<Config, 'askChannelIds' | 'answerInThreads'>): string {
  const where = config.askChannelIds.length > 0
    ? `with \`/mou ask\`, by mentioning me, in a DM, or in ${config.askChannelIds.map((id) => `<#${id}>`).join(', ')}`
    : 'with `/mou ask`, by mentioning me, or in a DM';
  return [
    '**I answer questions about the news articles I know, by quoting them.** Each answer cites its sources.',
    `• Ask ${where}.`,
    `• Follow up by replying to one of my answers${config.answerInThreads ? ' or writing in its thread' : ''}: “and when?”, “what about Morocco?”.`,
    '• Under an answer: **Show paragraph** (the quoted paragraphs in full), **More** (the next best passages), 👍 / 👎 (moderators see what missed).',
    '• “tl;dr” or `/mou summary` for a summary; “what do you know?” or `/mou sources` for the articles.',
  ].join('\n');
}

/** The best matching passages with their citations, or why the query cannot be searched. */
export async function searchText(reader: KnowledgeReader, query: string): Promise<string> {
  const results = await reader.search(query);
  return results.kind === 'invalid' ? results.message : fitMessage(formatSearch(results, DISCORD));
}

/** A cited summary. */
export function summaryText(summary: Summary): string {
  return fitMessage(formatSummary(summary, DISCORD));
}

/** The articles (title, source, date, passages) and the knowledge base version. */
export async function sourcesText(reader: KnowledgeReader): Promise<string> {
  const { sources, version } = await reader.sources();
  return fitMessage(formatSources(sources, version, DISCORD));
}

function listed(items: readonly string[]): string {
  if (items.length === 0) return 'none';
  const shown = items.slice(0, MAX_LISTED).map((item) => discordText(item)).join('; ');
  return items.length > MAX_LISTED ? `${shown}; … and ${items.length - MAX_LISTED} more` : shown;
}

/** A version for a moderator: its hash, how many articles, and when it was loaded. */
export function versionText(version: KnowledgeVersion): string {
  // A Discord timestamp, as `/mou sources` shows it: each reader sees their own time zone.
  return `\`${version.hash}\` (${version.articles} article${version.articles === 1 ? '' : 's'}, loaded ${formatTime(version.loadedAt, 'discord')})`;
}

/** What a refresh changed (or, for a dry run, would change), for the moderator who asked. */
export function refreshReportText(report: BotRefreshReport): string {
  const lines = [
    report.dryRun
      ? `**Dry run** in ${Math.round(report.milliseconds)} ms: nothing was swapped in. A refresh would change this:`
      : `**Refreshed** the knowledge base in ${Math.round(report.milliseconds)} ms.`,
    `Added (${report.added.length}): ${listed(report.added)}`,
    `Changed (${report.changed.length}): ${listed(report.changed)}`,
    `Removed (${report.removed.length}): ${listed(report.removed)}`,
    `Passages: ${report.passagesBefore} → ${report.passagesAfter}`,
    `Version: ${versionText(report.version)}, was \`${report.versionBefore.hash}\``,
  ];
  if (report.shards) lines.push(`Shards serving the new version: ${report.shards.serving} of ${report.shards.total}`);
  if (report.ignored.length > 0) lines.push(`Ignored (not .md, .markdown or .txt): ${listed(report.ignored)}`);
  return fitMessage(lines.join('\n'));
}

/** A refresh cut short by the knowledge worker stopping, and the version serving since it started again. */
export function refreshInterruptedText(serving: KnowledgeVersion | undefined): string {
  return serving
    ? `**Refresh did not complete**: the knowledge worker stopped while it ran. It has started again and serves version ${versionText(serving)}. Refresh again to apply the folder's changes.`
    : '**Refresh did not complete**: the knowledge worker stopped while it ran and has not started again yet (the bot\'s log says why). Questions fail until it does.';
}

/** The files a refresh failed on, one line each (`• file: problem`), at most {@link MAX_LISTED}, the rest counted. */
export function problemLines(problems: readonly FileProblem[]): string[] {
  const shown = problems.slice(0, MAX_LISTED).map((p) => `• ${fileNameText(p.file)}: ${discordText(p.problem)}`);
  if (problems.length > MAX_LISTED) shown.push(`… and ${problems.length - MAX_LISTED} more`);
  return shown;
}

/** Why a refresh failed, file by file, and the version still serving. */
export function refreshProblemsText(problems: readonly FileProblem[], serving: KnowledgeVersion): string {
  const shown = problemLines(problems);
  return fitMessage([
    `**Refresh failed**: nothing changed, and the knowledge base still serves version ${versionText(serving)}.`,
    `Fix ${problems.length === 1 ? 'this file' : 'these files'}, then refresh again:`,
    ...shown,
  ].join('\n'));
}
