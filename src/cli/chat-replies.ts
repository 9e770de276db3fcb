/**
 * The terminal chat's commands: the same commands as the bot (`/mou summary`, `/mou ask`,
 * `/mou search`, `/mou sources`), answered by the same engine and calls and shown as plain
 * text. Like a conversation with the bot, a line is read with the question before it when it
 * is a follow-up ("and when?"), and "tl;dr", "hi" or "what do you know" are read as the bot
 * reads them. `/more` and `/show` do what the buttons under an answer do, and `/refresh` what a
 * moderator's `/mou-admin refresh` does.
 */
import {
  ArticleError, type ArticleIndex, formatAnswer, formatMore, formatParagraphs, formatSearch, formatSources, formatSummary,
  type KnowledgeReader, quotedParagraphs, readerOf, readIntent, type ReadAnswer, type RefreshReport, type Serving, type Subject, THANKS_REPLY,
} from '../core/index.js';

const STYLE = { style: 'terminal' } as const;

/** What the chat prints for `/help`. */
export const CHAT_HELP = [
  'Ask a question in plain words (a follow-up like “and when?” is read with the question before it), or use a command:',
  '  /mou ask <question>     the cited answer (same as a plain line)',
  '  /mou summary [article]  a cited summary of the knowledge base, or of one article (id or words of its title)',
  '  /mou search <terms>     the passages that best match some words',
  '  /mou sources            the articles and the knowledge base version',
  '  /more                   more passages on the last answer (the bot\'s More button)',
  '  /show                   the last answer\'s paragraphs in full (the bot\'s Show paragraph button)',
  '  /new                    start a new conversation: the next line is not a follow-up',
  '  /refresh                read the knowledge folder again (after adding, changing or removing an article)',
  '  /help                   this list',
  '  /quit                   leave',
].join('\n');

/** The reply to one line typed in the chat, and whether the chat should end. */
export interface ChatReply {
  readonly text: string;
  readonly quit: boolean;
}

/**
 * Finds an article by its id (slug) or by words of its title (case-insensitive). Returns the
 * slug, or a message when none or several match.
 */
export function findArticle(index: ArticleIndex, text: string): { slug: string } | { message: string } {
  const matches = index.findArticles(text);
  if (matches.length === 1) return { slug: matches[0]!.slug };
  const list = (matches.length > 0 ? matches : index.articleList()).slice(0, 10).map((a) => `  ${a.slug}: ${a.title}`).join('\n');
  return { message: `${matches.length === 0 ? `No article matches “${text.trim()}”.` : `Several articles match “${text.trim()}”.`} Articles:\n${list}` };
}

const reply = (text: string, quit = false): ChatReply => ({ text, quit });

/** What a refresh changed, as plain text. */
export function refreshText(report: RefreshReport): string {
  const titles = (list: readonly string[]) => (list.length === 0 ? 'none' : list.join('; '));
  return [
    `Refreshed the knowledge base in ${Math.round(report.milliseconds)} ms.`,
    `Added (${report.added.length}): ${titles(report.added)}`,
    `Changed (${report.changed.length}): ${titles(report.changed)}`,
    `Removed (${report.removed.length}): ${titles(report.removed)}`,
    `Passages: ${report.passagesBefore} → ${report.passagesAfter}; version ${report.version.hash}, was ${report.versionBefore.hash}`,
    ...(report.ignored.length > 0 ? [`Ignored (not .md, .markdown or .txt): ${titles(report.ignored)}`] : []),
  ].join('\n');
}

/** A conversation in the terminal: remembers the last question's subject and answer. */
export class ChatSession {
  private readonly reader: KnowledgeReader;
  /** The subject the next line is read with, when it is a follow-up. */
  private previous: Subject | undefined;
  /** The last answer, for `/more` and `/show`. */
  private last: Extract<ReadAnswer, { kind: 'answer' | 'no-answer' }> | undefined;

  private readonly serving: Serving;

  /**
   * A chat over `served`: an index, or what a knowledge base serves (its index, read afresh for
   * every line, and the meaning vectors of questions), as `KnowledgeBase` does for the bot.
   * `refresh` re-reads the knowledge folder, for `/refresh`; without it the command says so.
   */
  constructor(served: ArticleIndex | Serving, private readonly refresh?: () => Promise<RefreshReport>) {
    this.serving = 'index' in served ? served : { index: served };
    this.reader = readerOf(this.serving);
  }

  /** The index serving now: a refresh may have swapped it. */
  private get index(): ArticleIndex {
    return this.serving.index;
  }

  /** Answers one chat line. Never throws for any input. */
  async respond(line: string): Promise<ChatReply> {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') return reply('Bye.', true);
    if (text === '/help' || text === '/mou' || text === '/?') return reply(CHAT_HELP);
    if (text === '/new') {
      this.previous = undefined;
      this.last = undefined;
      return reply('A new conversation: the next question is read on its own.');
    }
    if (text === '/more') return reply(await this.more());
    if (text === '/show') return reply(await this.show());
    if (text === '/refresh') return reply(await this.refreshed());
    if (!text.startsWith('/')) return reply(await this.ask(text));
    // "/summary haarlem" is read as "/mou summary haarlem": the member left out the command's name.
    const [, command = '', rest = ''] = /^\/(?:mou\s+|(?=(?:ask|search|summary|sources)(?:\s|$)))(\S+)\s*([\s\S]*)$/.exec(text) ?? [];
    switch (command) {
      case 'ask':
        return reply(await this.ask(rest));
      case 'search': {
        const results = this.index.search(rest);
        return reply(results.kind === 'invalid' ? results.message : formatSearch(results, STYLE));
      }
      case 'summary': {
        if (!rest.trim()) return reply(formatSummary(this.index.summarize()!, STYLE));
        const found = findArticle(this.index, rest);
        return reply('message' in found ? found.message : formatSummary(this.index.summarize(found.slug)!, STYLE));
      }
      case 'sources':
        return reply(formatSources(this.index.sources(), this.index.version, STYLE));
      default:
        return reply(`Unknown command “${text.split(/\s/)[0]}${command ? ` ${command}` : ''}”.\n${CHAT_HELP}`);
    }
  }

  /** A question, or what an intent asks for, read with the previous question's subject. */
  private async ask(question: string): Promise<string> {
    const intent = readIntent(question);
    if (intent.kind === 'summary') return formatSummary(await this.reader.summaryAsked(intent.article, this.previous?.article), STYLE);
    if (intent.kind === 'help') return intent.greeting ? `Hello! ${CHAT_HELP}` : CHAT_HELP;
    if (intent.kind === 'thanks') return THANKS_REPLY;
    if (intent.kind === 'wrong') return 'Sorry about that. Try asking in other words, or /more for the next best passages. (On Discord, 👎 under an answer tells the moderators.)';
    if (intent.kind === 'sources') return formatSources(this.index.sources(), this.index.version, STYLE);
    const result = await this.reader.answer(question, this.previous);
    if (result.kind !== 'invalid') {
      this.previous = result.reading.subject;
      this.last = result;
    }
    return formatAnswer(result, STYLE);
  }

  /** Re-reads the knowledge folder: its report, or the files that keep it from refreshing (the index serving stays). */
  private async refreshed(): Promise<string> {
    if (!this.refresh) return 'This chat reads a fixed index: /refresh needs a knowledge folder.';
    try {
      return refreshText(await this.refresh());
    } catch (error) {
      if (!(error instanceof ArticleError)) return `Refresh failed: ${error instanceof Error ? error.message : String(error)}. The articles read before still answer.`;
      const files = error.problems.map(({ file, problem }) => `  ${file}: ${problem}`);
      return ['Refresh failed: nothing changed, the articles read before still answer. Fix these files, then /refresh again:', ...files].join('\n');
    }
  }

  private async more(): Promise<string> {
    if (!this.last) return 'Ask a question first; /more then lists more passages on its answer.';
    const quoted = this.last.kind === 'answer' ? this.last.citations.map((c) => c.passageId) : [];
    const results = await this.reader.more(this.last.reading.searched, quoted);
    return results.kind === 'invalid' ? results.message : formatMore(results, STYLE);
  }

  private async show(): Promise<string> {
    if (this.last === undefined) return 'Ask a question first; /show then shows the paragraphs its answer quotes.';
    if (this.last.kind !== 'answer') return 'The last question got no answer, so there is no paragraph to show; /more lists the passages closest to it.';
    const { citations, snippets } = this.last;
    const texts = await this.reader.paragraphs(citations.map((c) => c.passageId));
    return formatParagraphs(quotedParagraphs(citations, snippets, texts), STYLE);
  }
}
