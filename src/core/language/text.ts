/**
 * Term analysis shared by indexing and querying: tokenising, stop words, irregular forms,
 * British/American spelling, stemming. Index and query go through the same functions, so a
 * rule here can only merge spellings, never make a query miss what the index holds.
 */
import { eng as englishStopWords } from 'stopword';
import lemmatizer from 'wink-lemmatizer';
import stem from 'wink-porter2-stemmer';

/**
 * Words removed from both passages and questions. The `stopword` package's English list, plus
 * question and helper words it lacks. Without stop words a long question matches every
 * passage and search time grows with the corpus.
 *
 * `make` is kept searchable: the list drops it as a light verb, but news uses it in names
 * ("Make in India") and it is not frequent enough to slow search down.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  [
    ...englishStopWords,
    'does', 'doing', 'done', 'why', 'whom', 'whose', 'its', 'it\'s', 'also', 'yet', 'upon',
    'onto', 'within', 'ever', 'shall', 'may', 'just', 'am', 'tell', 'please', 'anything',
    'something', 'there', 'were', 'what\'s', 'who\'s', 'let', 'us', 'i\'m', 'know',
  ].filter((word) => word !== 'make'),
);

/**
 * Whether a word is a stop word or one typing mistake away from one ("wich", "teh", "wat"):
 * a misspelt function word should not be searched as if it named something.
 */
export function isStopWordOrTypo(word: string): boolean {
  if (STOP_WORDS.has(word)) return true;
  if (word.length > 6) return false;
  for (const stop of STOP_WORDS) {
    if (Math.abs(stop.length - word.length) <= 1 && stop.length >= 3 && withinOneEdit(stop, word)) return true;
  }
  return false;
}

function withinOneEdit(a: string, b: string): boolean {
  if (a.length > b.length) [a, b] = [b, a];
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    // one substitution, or two neighbours swapped ("teh")
    return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  }
  return a.slice(i) === b.slice(i + 1);
}

/** A token of text with its character range, as found by {@link tokenize}. */
export interface Token {
  /** The word as written, lower-cased and without diacritics. */
  readonly word: string;
  readonly start: number;
  readonly end: number;
}

// A word: letters and digits, with their combining marks (an accent typed apart from its
// letter, the vowel signs of Indic scripts), inner apostrophes ("o'clock") and number separators
// ("7,000,000", "3.5"). Hyphens split words; see `compoundParts` for the joined form.
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:(?:['’](?=\p{L})|[.,](?=\p{N}))[\p{L}\p{M}\p{N}]+)*/gu;
const DIACRITICS = /\p{M}+/gu;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the range is all of ASCII, control characters included.
const ASCII = /^[\x00-\x7f]*$/;
const POSSESSIVE = /['’]s$/;

/** Lower-cases and removes diacritics: "Amazônia" → "amazonia". */
export function foldCase(text: string): string {
  // Most words are plain ASCII, and Unicode normalisation is the slow part: skip it for them.
  if (ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').replace(DIACRITICS, '').toLowerCase();
}

/**
 * Splits text into words with their positions in `text`. Possessive "'s" is dropped
 * ("Morocco’s" → "morocco") and digit group separators removed ("7,000" → "7000").
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    let word = foldCase(match[0]);
    if (word.includes('\'') || word.includes('’')) word = word.replace(POSSESSIVE, '').replace(/’/g, '\'');
    if (word.includes(',') && /^\d{1,3}(,\d{3})+$/.test(word)) word = word.replace(/,/g, '');
    const start = match.index;
    tokens.push({ word, start, end: start + match[0].length });
  }
  return tokens;
}

/**
 * British spellings mapped to American ones as general rules, not a word list: -ise/-isation →
 * -ize/-ization, -yse → -yze, -our → -or (words of six letters or more, so "four" and "hour"
 * stay apart), -fence/-cence/-tence → -ense, -tre/-bre → -ter/-ber, -ogue → -og, -mme → -m,
 * "ae" inside a word → "e", -dgement → -dgment. Applied to index and query alike, so a rule
 * that over-reaches ("exercise" → "exercize") changes nothing a user can see.
 */
export function americanSpelling(word: string): string {
  if (word.length < 5) return word;
  return word
    .replace(/(?<=\p{L}{2})is(e|es|ed|ing|ation|ations|er|ers)$/u, 'iz$1')
    .replace(/(?<=\p{L}{2})ys(e|es|ed|ing)$/u, 'yz$1')
    .replace(/(?<=\p{L}{3})our(s|ed|ing|ite|ites|able|ful|hood|hoods|less|er|ers|ist|ists)?$/u, 'or$1')
    .replace(/(f|c|t)ence(s)?$/u, '$1ense$2')
    .replace(/(?<=\p{L}{2})(t|b)re(s|d)?$/u, (_, consonant: string, suffix?: string) =>
      `${consonant}er${suffix === 'd' ? 'ed' : (suffix ?? '')}`)
    .replace(/(?<=\p{L}{3})ogue(s)?$/u, 'og$1')
    .replace(/(?<=\p{L}{3})mme(s)?$/u, 'm$1')
    .replace(/(?<=\p{L})ae(?=\p{L})/gu, 'e')
    .replace(/dgement(s)?$/u, 'dgment$1');
}

/** Words analysed so far and their terms: most text reuses a small vocabulary. */
const termCache = new Map<string, string | null>();
/** Entries kept in the term cache before it is cleared, to bound memory on huge corpora. */
const TERM_CACHE_SIZE = 200_000;

/**
 * The base form of an irregular word, from WordNet's exception lists ("led" → "lead",
 * "brought" → "bring", "children" → "child"); regular inflections are left to the stemmer.
 */
export function baseForm(word: string): string {
  const verb = lemmatizer.verb(word);
  if (verb !== word) return verb;
  // No plural ends in "ss": "discuss" and "boss" are not plurals of "discus" and "bos".
  return word.endsWith('ss') ? word : lemmatizer.noun(word);
}

/**
 * Longest word that is indexed. No English word comes near it; longer "words" are codes,
 * encoded data or keyboard noise, and the stemmer takes time that grows with the square of a
 * word's length.
 */
export const MAX_WORD_CHARS = 40;

/**
 * The index term for one word: `null` for stop words (and their irregular forms: "told"), single letters and words longer than
 * {@link MAX_WORD_CHARS}, otherwise the
 * Porter2 stem of its base form in American spelling ("defence" and "defense" both →
 * "defens"; "led" → "lead"). Numbers are kept as written.
 */
export function termOf(word: string): string | null {
  let term = termCache.get(word);
  if (term !== undefined) return term;
  if (STOP_WORDS.has(word) || word.length > MAX_WORD_CHARS) term = null;
  else if (/^\p{N}/u.test(word)) term = word;
  else if (word.length < 2) term = null;
  else {
    // An irregular form of a stop word ("told", "known", "taken") is one too; a regular one
    // may be another word ("wells", "cans"), and keeps its term.
    const bare = word.replace(/'/g, '');
    const base = baseForm(bare);
    term = STOP_WORDS.has(base) && stem(bare) !== stem(base) ? null : stem(americanSpelling(base));
  }
  if (termCache.size >= TERM_CACHE_SIZE) termCache.clear();
  termCache.set(word, term);
  return term;
}

/** One searchable term found in text. */
export interface Term {
  readonly term: string;
  readonly start: number;
  readonly end: number;
}

/**
 * The index terms of a text, in order, with their positions. A hyphenated compound also yields
 * its joined form ("counter-terrorism" → "counter", "terror", "counterterror"), so a reader who
 * writes it as one word still matches. `tokens` saves tokenising again when the caller has them.
 */
export function termsOf(text: string, tokens: readonly Token[] = tokenize(text)): Term[] {
  const terms: Term[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const term = termOf(token.word);
    if (term !== null) terms.push({ term, start: token.start, end: token.end });
    const next = tokens[i + 1];
    if (next && text[token.end] === '-' && next.start === token.end + 1 && /^\p{L}/u.test(next.word)) {
      const joined = termOf(token.word + next.word);
      if (joined !== null) terms.push({ term: joined, start: token.start, end: next.end });
    }
  }
  return terms;
}
