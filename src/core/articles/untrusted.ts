/**
 * Article files are untrusted: whoever writes one must not be able to make the bot show a link,
 * a mention or a layout that is not plainly in the article. What is checked or changed when an
 * article is read, so that every quote afterwards is a verbatim slice of the text a reader sees.
 */

/**
 * Control characters (C0, DEL, C1 with its "next line") and the Unicode line and paragraph
 * separators: they break a line without being visible (Discord and terminals may start a new
 * line at them) and the NLP pipeline does not count them as space. Global: for `replace`.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters in untrusted article text is the point.
export const CONTROL_CHARACTERS = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/g;
/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder
 * the text around them, so a title or a quote could read differently from what it is. The
 * left-to-right and right-to-left marks (U+200E, U+200F, U+061C) only settle neutral characters
 * and are kept for right-to-left languages. Global: for `replace`.
 */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * An article's text as it is stored and quoted: control characters, line and paragraph
 * separators turned into plain spaces (so a quote is never cut at an invisible break, and
 * sentence offsets do not shift), and bidirectional overrides removed. Line feeds and tabs are
 * kept: the paragraph split handles them.
 */
export function plainText(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (char) => (char === '\n' || char === '\t' ? char : ' ')).replace(BIDI_CONTROLS, '');
}

/** One line of text: every run of white space (line breaks included) as one space, trimmed. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Longest link accepted, in characters: it is shown in every citation. */
export const MAX_URL_CHARS = 500;

// What a link may not hold: white space and invisible characters, and the characters that are
// never part of an address as written (`<`, `>`, `"`, `\`): text holding them is markup or
// prose, not a link.
const NOT_AN_ADDRESS = /[\s\p{C}<>"\\]/u;
// Characters a real address holds (Wikipedia's "Rabat_(city)", `[]` and `|` in queries) that the
// URL standard leaves as they are but Discord could read as markup (a masked link `[…](…)`,
// code, spoilers) or that could close a `(…)` the link is put in: written percent-encoded, which
// servers read alike.
const URL_MARKUP = /[()*[\]{}|^`]/g;
// A host name as the URL standard leaves it (lower case, punycode): the standard lets through
// characters such as `(` or `*` in a host, which no real host has and Discord could read as markup.
const HOST_NAME = /^[a-z0-9._-]+$/;

/** A front-matter link, checked: the normalised address, or why it is refused. */
export type CheckedUrl = { readonly ok: true; readonly href: string } | { readonly ok: false; readonly problem: string };

/**
 * An address as the bot writes it: as the URL standard writes it (host in lower case or
 * punycode), with the characters Discord could read as markup after the host, and `(`, `)`
 * and `*`, percent-encoded. The address is the same one; only how it is written changes.
 */
export function safeHref(url: URL): string {
  const { href, origin } = url;
  const start = href.startsWith(origin) ? origin.length : 0;
  return href.slice(0, start) + href.slice(start).replace(URL_MARKUP, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Checks a front-matter `url`: an http or https address, well formed, with a host name of
 * letters, digits, `.`, `-` and `_` (not an IPv6 address in brackets), without a user name or
 * password, and without spaces, invisible characters or `<`, `>`, `"`, `\`. Returns the
 * normalised address citations show ({@link safeHref}).
 */
export function checkUrl(value: string): CheckedUrl {
  if (NOT_AN_ADDRESS.test(value)) {
    return { ok: false, problem: 'must be a plain address, without spaces, invisible characters or the characters < > " \\' };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, problem: 'must be an http or https address' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, problem: 'must be an http or https address' };
  if (url.username !== '' || url.password !== '') return { ok: false, problem: 'must not hold a user name or password (user@host hides where a link goes)' };
  if (url.hostname.startsWith('[')) return { ok: false, problem: 'must name its host, not an IPv6 address in brackets (Discord would read them as markup)' };
  if (!HOST_NAME.test(url.hostname)) return { ok: false, problem: 'must name its host with letters, digits, dots, hyphens and underscores only' };
  const href = safeHref(url);
  if (href.length > MAX_URL_CHARS) return { ok: false, problem: `is longer than ${MAX_URL_CHARS} characters` };
  return { ok: true, href };
}
