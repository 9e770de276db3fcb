/**
 * The terminal chat's commands: the same commands as the bot (`/mou summary`, `/mou ask`,
 * `/mou search`, `/mou sources`), answered by the same engine and shown as plain text.
 */
import { type ArticleIndex, formatAnswer, formatSearch, formatSources, formatSummary } from '../core/index.js';

const STYLE = { style: 'terminal' } as const;

/** What the chat prints for `/help`. */
export const CHAT_HELP = [
  'Ask a question in plain words, or use a command:',
  '  /mou ask <question>     the cited answer (same as a plain line)',
  '  /mou summary [article]  a cited summary of the knowledge base, or of one article (id or words of its title)',
  '  /mou search <terms>     the passages that best match some words',
  '  /mou sources            the articles and the knowledge base version',
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

/** Answers one chat line. Never throws for any input. */
export function respond(line: string, index: ArticleIndex): ChatReply {
  const text = line.trim();
  const reply = (out: string, quit = false): ChatReply => ({ text: out, quit });
  if (text === '/quit' || text === '/exit') return reply('Bye.', true);
  if (text === '/help' || text === '/mou' || text === '/?') return reply(CHAT_HELP);
  if (!text.startsWith('/')) return reply(formatAnswer(index.answer(text), STYLE));
  const [, command = '', rest = ''] = /^\/mou\s+(\S+)\s*([\s\S]*)$/.exec(text) ?? [];
  switch (command) {
    case 'ask':
      return reply(formatAnswer(index.answer(rest), STYLE));
    case 'search': {
      const results = index.search(rest);
      return reply(results.kind === 'invalid' ? results.message : formatSearch(results, STYLE));
    }
    case 'summary': {
      if (!rest.trim()) return reply(formatSummary(index.summarize()!, STYLE));
      const found = findArticle(index, rest);
      return reply('message' in found ? found.message : formatSummary(index.summarize(found.slug)!, STYLE));
    }
    case 'sources':
      return reply(formatSources(index.sources(), index.version, STYLE));
    default:
      return reply(`Unknown command “${text.split(/\s/)[0]}${command ? ` ${command}` : ''}”.\n${CHAT_HELP}`);
  }
}
