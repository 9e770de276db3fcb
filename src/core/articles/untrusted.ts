/**
 * Article files are untrusted: whoever writes one must not be able to make the bot show a link,
 * a mention or a layout that is not plainly in the article. What is checked or changed when an
 * article is read, so that every quote afterwards is a verbatim slice of the text a reader sees.
 */

// Characters that break or reorder a line without being visible: control characters (other than
// tab and line feed, which the paragraph split handles), the Unicode line and paragraph
// separators and the C1 "next line". Discord and terminals may start a new line at them, and the
// NLP pipeline does not count them as space, which shifted sentence offsets.
const INVISIBLE_BREAKS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]/g;
// Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder
// the text around them, so a title or a quote could read differently from what it is. The
// left-to-right and right-to-left marks (U+200E, U+200F, U+061C) only settle neutral characters
// and are kept for right-to-left languages.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * An article's text as it is stored and quoted: control characters, line and paragraph
 * separators turned into plain spaces (so a quote is never cut at an invisible break), and
 * bidirectional overrides removed. Line feeds and tabs are kept.
 */
export function plainText(text: string): string {
  return text.replace(INVISIBLE_BREAKS, ' ').replace(BIDI_CONTROLS, '');
}

/** One line of text: every run of white space (line breaks included) as one space, trimmed. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Longest link accepted, in characters: it is shown in every citation. */
export const MAX_URL_CHARS = 500;

// What a link may not hold, even percent-encodable: space and invisible characters, and the
// characters that end `<…>` or start Discord markup (a masked link `[…](…)`, code, spoilers).
const URL_MARKUP = /[\s\p{C}<>[\]{}|\\^`"]/u;
// Kept in links (Wikipedia's "Rabat_(city)") but written percent-encoded, so that the link
// cannot close a `(…)` it is put in; servers read both forms alike.
const URL_ENCODED: Readonly<Record<string, string>> = { '(': '%28', ')': '%29', '*': '%2A' };

/** A front-matter link, checked: the normalised address, or why it is refused. */
export type CheckedUrl = { readonly ok: true; readonly href: string } | { readonly ok: false; readonly problem: string };

/**
 * Checks a front-matter `url`: an http or https address, well formed, without a user name or
 * password and without characters Discord reads as markup. Returns the normalised address
 * (host in lower case or punycode, `(`, `)` and `*` percent-encoded) that citations show.
 */
export function checkUrl(value: string): CheckedUrl {
  if (URL_MARKUP.test(value)) {
    return { ok: false, problem: 'must be a plain address, without spaces or the characters < > [ ] { } | \\ ^ ` " (Discord would read them as markup)' };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, problem: 'must be an http or https address' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, problem: 'must be an http or https address' };
  if (url.username !== '' || url.password !== '') return { ok: false, problem: 'must not hold a user name or password (user@host hides where a link goes)' };
  const href = url.href.replace(/[()*]/g, (char) => URL_ENCODED[char]!);
  if (href.length > MAX_URL_CHARS) return { ok: false, problem: `is longer than ${MAX_URL_CHARS} characters` };
  return { ok: true, href };
}
