/**
 * The text of the moderators' article tools: the preview of an article to add, the question
 * before a removal, what a change did, why it failed, and the history. Article text is shown
 * escaped, so it can never become formatting, a link or a heading; links are shown in `<…>`
 * (no preview), as the bot writes them in citations.
 */
import { discordText, escapeMarkdown, fileNameText, safeHref, type Article, type FileProblem, type KnowledgeVersion, type SourceInfo } from '../../core/index.js';
import type { ChangeRecord } from '../../data/index.js';
import { problemLines, refreshReportText, versionText } from '../render.js';
import { fitMessage, MAX_MESSAGE_CHARS } from '../reply.js';
import type { ChangeDone } from './changes.js';
import type { NewArticle } from './intake.js';

/** Longest first paragraph a preview shows, in characters. */
export const PREVIEW_PARAGRAPH_CHARS = 600;
/** Longest title a history line shows, in characters. */
export const HISTORY_TITLE_CHARS = 50;
/** Discord's limit on an embed's description. */
export const MAX_EMBED_DESCRIPTION_CHARS = 4096;
/** Room a preview or question leaves in its message for the line that follows a click ("Adding it and refreshing…"). */
export const STATUS_LINE_ROOM = 160;

/** Untrusted text, escaped and in quotation marks, cut at a word to at most `max` characters. */
function quoted(text: string, max = Infinity): string {
  return `“${escapeMarkdown(fitMessage(text, max))}”`;
}

/** A link as Discord shows it without a preview, written as citations write it (`safeHref`: it cannot close the `<…>` or read as markup). */
function link(url: string): string {
  try {
    return `<${safeHref(new URL(url))}>`;
  } catch {
    return escapeMarkdown(url);
  }
}

/** Notes for a preview: the knowledge base already has an article with this link or title. */
export function duplicateNotes(article: Article, sources: readonly SourceInfo[]): string[] {
  const notes: string[] = [];
  const sameLink = article.url === undefined ? undefined : sources.find((source) => source.url === article.url);
  if (sameLink) notes.push(`The knowledge base already has an article with this link: ${quoted(sameLink.title)}. Adding makes a second copy; remove the old one to replace it.`);
  const title = article.title.toLowerCase();
  const sameTitle = sources.find((source) => source !== sameLink && source.title.toLowerCase() === title);
  if (sameTitle) notes.push(`The knowledge base already has an article with this title (\`${sameTitle.slug}\`).`);
  return notes;
}

/** The preview of an article to add: what will be written, for the moderator to confirm. */
export function previewText(candidate: NewArticle, notes: readonly string[]): string {
  const { article, origin } = candidate;
  const lines = [
    '**Add this article to the knowledge base?** Check it, then choose **Add** or **Cancel**.',
    `**Title:** ${quoted(article.title)}`,
    `**Date:** ${article.date ?? 'none found'} · **Source:** ${article.source ? quoted(article.source) : 'none'}`,
    `**Link:** ${article.url ? link(article.url) : 'none'}`,
    `**Paragraphs:** ${article.paragraphs.length} · **From:** ${/^https?:\/\//.test(origin) ? link(origin) : `the attached file “${fileNameText(origin)}”`}`,
    `**First paragraph:** ${quoted(article.paragraphs[0] ?? '', PREVIEW_PARAGRAPH_CHARS)}`,
    ...notes.map((note) => `⚠️ ${note}`),
  ];
  return fitMessage(lines.join('\n'), MAX_MESSAGE_CHARS - STATUS_LINE_ROOM);
}

/** The question before a removal. */
export function removeQuestionText(title: string, file: string, passages: number | undefined): string {
  return fitMessage([
    `**Remove ${quoted(title)} from the knowledge base?**`,
    `Its file ${fileNameText(file)}${passages === undefined ? '' : ` (${passages} passage${passages === 1 ? '' : 's'})`} moves to the trash folder; \`/mou-admin undo\` puts it back.`,
  ].join('\n'), MAX_MESSAGE_CHARS - STATUS_LINE_ROOM);
}

/** What an unrecorded change means for the moderator. */
function unrecordedText(done: ChangeDone): string | undefined {
  if (done.recorded.ok) return undefined;
  const why = done.recorded.reason === 'no database' ? 'the bot\'s database is unavailable' : 'writing it to the bot\'s database failed (see the bot\'s log)';
  return `Not recorded: ${why}, so \`/mou-admin undo\` and \`history\` will not know this change.`;
}

/** What a change did, with the refresh report. */
export function changeDoneText(done: ChangeDone): string {
  const title = done.title === undefined ? 'the article' : quoted(done.title);
  const file = done.file === undefined ? '' : fileNameText(done.file);
  const id = done.recorded.ok ? ` (change #${done.recorded.change.id})` : '';
  let head: string;
  if (done.undid) {
    head = done.action === 'removed'
      ? `**Undid** change #${done.undid.id}, the addition of ${title}: its file ${file} is in the trash folder again${id}.`
      : `**Undid** change #${done.undid.id}, the removal of ${title}: its file ${file} is back in the knowledge folder${id}.`;
  } else if (done.action === 'added') {
    head = `**Added** ${title} as ${file}${id}. \`/mou-admin undo\` takes it out again.`;
  } else {
    head = `**Removed** ${title}${id}: ${file} is in the trash folder${done.trashFile ? ` as ${fileNameText(done.trashFile)}` : ''}. \`/mou-admin undo\` puts it back.`;
  }
  return fitMessage([head, refreshReportText(done.report), unrecordedText(done)].filter(Boolean).join('\n'));
}

/** Why a change was not made: the refresh after it failed on these files, so it was taken back. */
export function changeFailedText(what: 'add' | 'remove' | 'undo', problems: readonly FileProblem[], serving: KnowledgeVersion): string {
  const taken = { add: 'the new file was removed again', remove: 'the file was put back', undo: 'the change was taken back' }[what];
  const shown = problemLines(problems);
  return fitMessage([
    `**Nothing changed**: the refresh after it failed, so ${taken}; the knowledge base still serves version ${versionText(serving)}.`,
    `Fix ${problems.length === 1 ? 'this file' : 'these files'} first, then try again:`,
    ...shown,
  ].join('\n'));
}

/** One change in the history. */
function historyLine(change: ChangeRecord): string {
  const what = change.action === 'refreshed'
    ? 'refreshed'
    : `${change.action} ${quoted(change.title ?? change.file ?? '', HISTORY_TITLE_CHARS)}`;
  const notes = [
    change.undoes !== undefined ? `undo of #${change.undoes}` : undefined,
    change.undoneBy !== undefined ? `undone by #${change.undoneBy}` : undefined,
    change.notUndoable !== undefined ? `cannot be undone: ${discordText(change.notUndoable)}` : undefined,
  ].filter(Boolean);
  return `**#${change.id}** <t:${Math.floor(change.at.getTime() / 1000)}:f> · ${escapeMarkdown(change.userName)} · ${what}`
    + ` · \`${change.versionBefore}\` → \`${change.versionAfter}\`${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

/** The history of a server's changes, newest first, for an embed's description. */
export function historyText(changes: readonly ChangeRecord[]): string {
  if (changes.length === 0) return 'No changes recorded in this server yet: adding, removing, undoing and refreshing are recorded from now on.';
  const lines = changes.map(historyLine);
  // A backstop: twenty lines fit unless names are unusually long; the oldest go first, counted.
  let shown = lines.length;
  const text = () => [...lines.slice(0, shown), ...(shown < lines.length ? [`… and ${lines.length - shown} older`] : [])].join('\n');
  while (shown > 1 && text().length > MAX_EMBED_DESCRIPTION_CHARS) shown -= 1;
  return text();
}
