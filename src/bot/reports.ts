/**
 * Moderators' reports from the records: the questions the bot left unanswered (declined, or
 * rated 👎 by their asker), which say which articles to add, and the feedback on answers.
 */
import { discordText, formatTime } from '../core/index.js';
import type { FeedbackReport, Ratings, UnansweredQuestion } from '../data/index.js';
import { fitMessage, MAX_MESSAGE_CHARS } from './reply.js';

/** Days a report covers when the moderator does not say. */
export const DEFAULT_REPORT_DAYS = 30;
/** Most question groups or articles a report lists. */
export const MAX_REPORTED = 15;

function period(days: number): string {
  return days === 1 ? 'the last day' : `the last ${days} days`;
}

/** Lines kept whole while they fit in one message with the header, the rest counted. */
function listWithin(header: string, lines: readonly string[], noun: string): string {
  const kept: string[] = [];
  let length = header.length;
  for (const line of lines) {
    // Room for the "… and N more" line.
    if (length + line.length + 1 > MAX_MESSAGE_CHARS - 40) break;
    kept.push(line);
    length += line.length + 1;
  }
  const more = lines.length - kept.length;
  return fitMessage([header, ...kept, ...(more > 0 ? [`… and ${more} more ${noun}.`] : [])].join('\n'));
}

/** The questions left unanswered, grouped by what they asked, most asked first. */
export function unansweredText(questions: readonly UnansweredQuestion[], days: number): string {
  if (questions.length === 0) return `No question was declined or rated 👎 in ${period(days)}.`;
  const header = `**Questions left unanswered** in ${period(days)} (declined, or rated 👎 by the asker), most asked first. Articles that answer them would help:`;
  const lines = questions.map((q, i) => {
    const readAs = q.searched !== q.question ? ` (read as “${discordText(q.searched)}”)` : '';
    const how = [q.declined > 0 && `declined ${q.declined}`, q.disliked > 0 && `👎 ${q.disliked}`].filter(Boolean).join(', ');
    return `${i + 1}. “${discordText(q.question)}”${readAs} ×${q.count} (${how}) · last ${formatTime(q.lastAskedAt, 'discord', 'R')}`;
  });
  return listWithin(header, lines, 'questions');
}

function ratingsText(ratings: Ratings): string {
  const { wrong, incomplete, outdated, 'off-topic': offTopic, none } = ratings.reasons;
  const reasons = ratings.down > 0 ? ` (wrong ${wrong}, incomplete ${incomplete}, outdated ${outdated}, off-topic ${offTopic}, no reason ${none})` : '';
  return `👍 ${ratings.up} · 👎 ${ratings.down}${reasons}`;
}

/** 👍 and 👎 counts overall (the askers'), other members' apart, and per article cited. */
export function feedbackText(report: FeedbackReport, days: number): string {
  const header = [
    `**Feedback** on the ${report.answers} answer${report.answers === 1 ? '' : 's'} of ${period(days)} (${report.declined} declined).`,
    `Askers: ${ratingsText(report.askers)}`,
    `Other members: ${ratingsText(report.others)}`,
    report.articles.length > 0 ? 'By article cited (askers\' ratings):' : 'No answer was rated by its asker.',
  ].join('\n');
  const lines = report.articles.map((a) => `• ${discordText(a.title)}: 👍 ${a.up} · 👎 ${a.down}`);
  return listWithin(header, lines, 'articles');
}
