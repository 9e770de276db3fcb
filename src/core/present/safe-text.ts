/**
 * Text from articles, file names or members, made safe to show in Discord markdown: it is shown
 * as written and can never become a link, a mention, a heading or a layout that was not plainly
 * in it. Mentions are also stopped by `allowedMentions`, which keeps any ping from happening.
 */
import { BIDI_CONTROLS, CONTROL_CHARACTERS } from '../articles/index.js';

// Characters Discord reads as inline markdown: emphasis, code, spoilers, `<…>` (mentions, links,
// timestamps, emoji) and masked links `[…](…)`.
const MARKDOWN_SPECIALS = /[\\*_~`|<>[\]]/g;
// What makes a line a heading (`#`, `##`, `###`, `-#`) or a list item (`-`, `+`, `1.`, `1)`)
// when text starts a line: after "> " in a quote, or at the start of a list item. A marker that
// is the whole text counts too: the citation added after it (" [1]") would complete it.
const LINE_START_MARKER = /^(\s*)(?:(#{1,3}|-#)|([-+])|(\d+)([.)]))(?=\s|$)/;

/**
 * Escapes Discord markdown so text is shown as written, never as formatting. Mentions are left
 * to `allowedMentions`, which stops any ping without changing the text.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_SPECIALS, (char) => `\\${char}`);
}

function controlPicture(char: string): string {
  const code = char.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  return code === 0x7f ? '\u2421' : '\ufffd';
}

/**
 * Untrusted text (a quote, a title, a file name) as one line of Discord markdown that shows it
 * as written: markdown escaped, a heading or list marker at its start escaped (it may follow
 * "> " or "1. "), line breaks and other control characters shown as symbols, and bidirectional
 * overrides removed.
 */
export function discordText(text: string): string {
  // Control characters are shown as symbols (␊), so that a file name cannot start a new line of the message.
  const plain = text.replace(BIDI_CONTROLS, '').replace(CONTROL_CHARACTERS, controlPicture);
  return escapeMarkdown(plain).replace(LINE_START_MARKER, (marker, space: string, heading?: string, bullet?: string, digits?: string, end?: string) => {
    if (heading !== undefined) return `${space}\\${heading}`;
    if (bullet !== undefined) return `${space}\\${bullet}`;
    return digits !== undefined ? `${space}${digits}\\${end}` : marker;
  });
}

/**
 * A file name as replies show it: {@link discordText}, so that it reads as written on one line
 * (`port_strike.md`, not `port\_strike.md` or code), and no name can end a span, start a heading
 * or become a link. Every reply that names a file in the knowledge folder, its trash or an
 * attachment shows it through this.
 */
export function fileNameText(name: string): string {
  return discordText(name);
}
