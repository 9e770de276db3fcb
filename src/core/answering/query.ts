/**
 * Reading a question: its words as index terms, what each may match in the articles (itself, a
 * typo correction, an abbreviation's long form, WordNet relatives), how rare each is, and the
 * kind of answer asked for. Chat questions come with filler ("lol", "pls"), abbreviations
 * ("pm", "ceo", or ones the articles define) and typos of English words ("minster"): each is
 * read for what the member meant.
 */
import SearchableMap from 'minisearch/SearchableMap';
import {
  abbreviationBeside, COMMON_ABBREVIATIONS, foldCase, isStopWordOrTypo, LINKING_WORDS, namesUnit, PARTICLES, partsOfSpeech, questionFocus, type RelatedTerms, STOP_WORDS, termOf, termsOf, tokenize,
  SpanKind, type Thesaurus, type Token, type WordVectors,
} from '../language/index.js';
import type { RankingOptions } from './ranking.js';

/** A question word and the index terms that count as a match for it, with their weights. */
export interface QueryTerm {
  /** The word as the question wrote it (for an abbreviation: the abbreviation). */
  readonly word: string;
  readonly term: string;
  readonly idf: number;
  readonly matches: ReadonlyMap<string, number>;
  /** The matches that came from the thesaurus: weaker evidence that an article answers. */
  readonly related: ReadonlySet<string>;
  /** Part of speech in the question (wink-nlp's tag). */
  readonly pos: string;
  /** Its word vector's number ({@link WordVectors.idOf}), -1 when it has none. */
  readonly vector: number;
  /**
   * The index terms searched for it: itself when the articles hold it (its relatives only
   * count in ranking), otherwise all its matches; for an abbreviation, itself and its long form.
   */
  readonly searched: readonly string[];
}

/**
 * What a question asks about: the noun its question word governs ("which *banks*", "who is the
 * *mayor* of Alder Bay", "how many *passengers*"), as an index in `terms`, and the name it is
 * bound to ("of *Alder Bay*", "*Portugal*'s minister"), when it names one. An answer must speak
 * of that noun, and of it for that name: the mayor of another town does not answer.
 */
export interface AskedAbout {
  readonly noun: number;
  readonly owner?: number;
  /** Whether the question asks what the noun's holder said or how they reacted ("what did *Modi* say"). */
  readonly speech?: true;
  /** Whether the question asks how many of the noun there are ("how many *stores*"). */
  readonly count?: true;
}

/** A question ready to rank: its terms and the kinds of answer it wants. */
export interface ParsedQuery {
  readonly terms: readonly QueryTerm[];
  /** What it asks about, when its question word governs a noun. */
  readonly asked?: AskedAbout;
  /** The question's words, lower case. */
  readonly words: ReadonlySet<string>;
  readonly kinds: readonly SpanKind[];
  /**
   * Whether the question names someone or something no article mentions: a name of one or more
   * words ("Graham Twigg" is mentioned when "Twigg" is), none of them found as written or as a
   * typo. Abbreviations (which articles may spell out without defining) and the question's first
   * word (capitalised as the first) are not counted.
   */
  readonly unknownName: boolean;
  /**
   * For a question that wants a name of some kind ("which city", "who", "where"), whether a
   * name can be one: false only for a name WordNet knows as something else ("Morocco" is a
   * country, not a city; "Rabat" is a place, not someone), or, when it opens a sentence
   * (`opensSentence`), for an English word in capitals ("Counter-terrorism was …").
   */
  readonly nameFits?: (name: string, opensSentence: boolean) => boolean;
  /** For a question that wants a name: whether it asks who (someone) or where (somewhere), when it says. */
  readonly asks?: 'someone' | 'somewhere';
  /**
   * For a question that ends with its verb's preposition ("who did Singh sign the MoU *with*",
   * "what was the novel translated *from*"): the words that may be the verb, as indexes in
   * `terms`, and the preposition. The answer is what follows the same verb and preposition in
   * the articles ("signed *with* Morocco's Defence Minister"). In "who did *Singh* sign the MoU
   * with", the name that does the verb (`doer`, indexes in `terms`) counts as held by every
   * snippet: the answer names the one he signed with, and often not him.
   */
  readonly slot?: { readonly verbs: readonly number[]; readonly preposition: string; readonly doer?: readonly number[] };
  /**
   * For a question that wants a name of some kind ("which *city*") that no article's text uses
   * the word for: that word, as an index in `terms`. A name that can be of that kind (see
   * `nameFits`) next to the question's words is then the only way a snippet can say it, and
   * counts in ranking as holding the word (not as evidence against declining).
   */
  readonly absentCategory?: number;
  /**
   * For a question that asks what came first ("what was the *top priority*", "the *main
   * focus*", "the *#1 issue*"): those words, as indexes in `terms`. News says that something
   * came first in a few set ways ("was *at the forefront*", "*topped the agenda*"), which say
   * the whole phrase without its words (see `PROMINENCE`).
   */
  readonly prominence?: readonly number[];
  /**
   * For a question that asks how much something matters ("was it a *big deal*", "how
   * *significant* is the pact", "how *historic* was the visit"): those words, as indexes in
   * `terms`. News says it as "a *landmark* agreement", "the *first-ever* visit", "a
   * *significant* step" (see `SIGNIFICANCE`). "Deal" in "big deal" is no agreement: it matches
   * nothing else.
   */
  readonly significance?: readonly number[];
  /**
   * For a question that speaks of the story's parties together ("between *the two countries*",
   * "*both sides*"): those words, as indexes in `terms`. They say whom the article is about, not
   * what the answer says, so every snippet counts as holding them: "what does the MoU set up
   * between the two countries" is not answered by "the two ministers" for its "two".
   */
  readonly parties?: readonly number[];
  /**
   * Whether the question asks when something is yet to happen ("when is the *next* strike",
   * "when *will* the labs open", "when's the first exercise *scheduled*"): a date the articles
   * give for what already happened ("their meeting … in 2015") does not answer it.
   */
  readonly ahead?: true;
  /** Whether it asks for an age ("how old is she"): only a number that reads as an age answers it ("Kowalczyk, 44,", "a 19-year-old"). */
  readonly age?: true;
  /**
   * Whether it asks for a date by naming its unit: a day ("what *date* was it signed", "visit
   * *date*?", "on what *day*"), answered only by a date that gives the day ("9 May", "on
   * Wednesday"), not by a year or a month alone ("in 2015"); or a year ("in what *year* was it
   * founded"), answered only by a date that gives the year, not by a weekday ("on Monday").
   */
  readonly dateUnit?: 'day' | 'year';
  /**
   * Whether it names the unit of the answer it wants: a date ("what *date* was it signed",
   * "which *year*", "visit *date*?"), not "when", which a snippet may answer without one
   * ("during the visit"); or a count of time ("how many *days*"). Only a snippet that gives one
   * answers it.
   */
  readonly unitNamed?: true;
  /**
   * For a question that asks for a name ("what is the name of the *coach*", "skipper name?"),
   * what bears it, as an index in `terms`: it is answered by a name beside that word, and
   * declined when no snippet shown gives one (see {@link unitNamed}).
   */
  readonly named?: number;
  /**
   * For a question that asks which group ("which *companies*", "which Indian defence *firms*")
   * when no article uses that noun or a synonym of it: the noun, as an index in `terms`, and
   * whether a name is, by WordNet, one of those groups. The articles then name none unless a
   * snippet shown holds a name WordNet confirms ("which *countries*": "India"); the question is
   * declined otherwise, not answered with whatever names stand near its other words.
   */
  readonly unsaidGroup?: { readonly term: number; readonly isOne: (name: string) => boolean };
  /**
   * For a "which" or "what" question that wants no kind of span, its noun ("which *telescope*"),
   * as an index in `terms`: a name that holds it names one ("the Llano Alto Survey *Telescope*").
   */
  readonly sort?: number;
  /**
   * The set phrases of the question that news says another way (see `SET_PHRASES`): what comes
   * later ("drills *at some point*"), getting better ("have ties been *getting better*"), doing
   * something together ("making weapons *together*"), how much ground it covers ("how *wide
   * ranging*"), what the parties care about ("stuff they both *care about*"). For each, the
   * phrase's words, as indexes in `terms`, and how news says it: a snippet that says it so
   * holds those words.
   */
  readonly saidAs?: ReadonlyArray<{ readonly terms: readonly number[]; readonly said: RegExp }>;
  /** For a question that wants a name of some kind ("which *countries*"): that word, as an index in `terms`. */
  readonly category?: number;
  /**
   * For a question that asks what something means for someone ("what does *Morocco* get out of
   * it", "what's in it for *India*", "what does the deal mean for *Morocco*"): that someone, as
   * an index in `terms`, and the question's words of gaining ("gain", "benefit"). News says it
   * as "*For Morocco*, this marks …".
   */
  readonly beneficiary?: { readonly owner: number; readonly words: readonly number[] };
}

/** What the question is read against: the articles' vocabulary. */
export interface QueryVocabulary {
  /** Passages holding an index term (0 when none). */
  frequency(term: string): number;
  /** The rarity of an index term across the passages. */
  idf(term: string): number;
  /**
   * The index terms of the articles' words within `distance` edits of a word as written (not
   * its stem: "minster" is one edit from "minister", but its stem is three from "minist"), each
   * with its fewest edits.
   */
  typos(word: string, distance: number): Iterable<readonly [string, number]>;
  /** The long form an abbreviation has in the articles ("mou" → memorandum, of, understanding), if any. */
  definition(abbreviation: string): readonly string[] | undefined;
  readonly thesaurus: Thesaurus;
  readonly vectors: WordVectors;
}

/**
 * Words of chat that say nothing about what is asked ("lol", "pls", "tbh", "hey"). They are
 * left out of questions only: articles do not use them.
 */
export const CHAT_FILLER: ReadonlySet<string> = new Set([
  'lol', 'lmao', 'pls', 'plz', 'tbh', 'idk', 'imo', 'imho', 'btw', 'hey', 'hi', 'hello', 'thx', 'thanks', 'ty', 'guys',
  'rn', 'u', 'ur', 'wanna', 'gonna', 'kinda', 'sorta', 'ok', 'okay', 'anyone', 'anybody', 'bot', 'yo', 'hmm', 'um',
  'uh', 'smth', 'sth', 'abt', 'bc', 'cuz', 'quick', 'q', 'actually', 'basically', 'exactly', 'pretty', 'really',
  'folks', 'ya', 'yeah', 'yea', 'wat', 'wht', 'whats', 'whos', 'hows', 'wheres', 'whens', 'dunno', 'curious',
  'wondering', 'remind', 'hm', 'erm', 'umm', 'stuff', 'so', 'ones', 'nah', 'ngl', 'fr', 'lowkey', 'irl', 'ish',
  'tho', 'vs', 'em',
]);

/** Whether a word is chat filler, also when drawn out ("ummm", "lolll", "plsss"). */
export function isChatFiller(word: string): boolean {
  return CHAT_FILLER.has(word) || CHAT_FILLER.has(word.replace(/(\p{L})\1{2,}/gu, '$1'));
}

/** Question words that, right after "recall" (or one word later), make it a request to the bot: "can u recall *who* …". */
const RECALLED = /^(who|whom|what|when|where|which|why|how|if|whether)$/;
/** Words after which "quick" asks about speed rather than introducing the question ("*how* quick", "*so* quick"). */
const DEGREE = /^(how|so|as|too|very)$/;

/**
 * Whether the word at `at` in `words` is chat filler where it stands. "Recall" is a request to
 * the bot only before a question word ("can u recall who signed"), else news's noun ("the
 * listeria recall"); "quick" is filler ("quick q") unless it asks about speed ("how quick").
 */
function isFillerAt(words: readonly string[], at: number): boolean {
  const word = words[at]!;
  if (word === 'recall') return RECALLED.test(words[at + 1] ?? '') || RECALLED.test(words[at + 2] ?? '');
  if (word === 'quick' && DEGREE.test(words[at - 1] ?? '')) return false;
  return isChatFiller(word);
}

/**
 * A question's words without the chat filler that ends it ("morocco defence minister name
 * *pls*"): a question typed as keywords says last what it wants.
 */
function withoutTrailingFiller(words: readonly string[]): readonly string[] {
  let end = words.length;
  while (end > 0 && isChatFiller(words[end - 1]!)) end--;
  return words.slice(0, end);
}

/**
 * Words with which a question points at the articles themselves rather than at what they say:
 * "who's the PM *mentioned* in the defence *story*", "per the visit *article*". The articles
 * answer about their subject, so these words are left out of questions as chat filler is.
 */
export const SOURCE_WORDS: ReadonlySet<string> = new Set([
  'article', 'articles', 'story', 'stories', 'piece', 'writeup', 'mention', 'mentions', 'mentioned',
]);

/** Parts of speech of the words of a noun phrase. */
const NOUN_PHRASE_POS = new Set(['NOUN', 'PROPN', 'ADJ', 'NUM', 'X']);
/** Nouns that name the kind of answer, not what it is about: "the *name* of the thieves". */
const KIND_NOUNS = new Set(['name', 'names', 'kind', 'kinds', 'type', 'types', 'sort', 'sorts', 'number', 'amount']);

/**
 * The noun a question word governs, and a name bound to it, as positions in `words`: "which
 * foreign *companies*", "who is *portugal*'s defence *minister*", "what are the names of the
 * haarlem museum *thieves*", "who is the *mayor* of *alder* bay"; in a question about what
 * someone said or how they reacted, the speaker (see `speakerOf`). `undefined` for questions
 * whose question word governs a verb ("who won", "when did").
 */
export function askedNounOf(words: readonly string[], pos: ReadonlyMap<string, string>, isName: (word: string) => boolean): { noun: number; owner?: number; speech?: true; count?: true } | undefined {
  const phrase = (from: number) => {
    let to = from;
    while (to < words.length && NOUN_PHRASE_POS.has(pos.get(words[to]!) ?? 'X') && !LINKING_WORDS.has(words[to]!)) to++;
    return to;
  };
  const speaker = speakerOf(words, phrase);
  if (speaker !== undefined) return { ...nounOfPhrase(words, isName, speaker, phrase(speaker), true), speech: true };
  const first = words.findIndex((word) => /^(which|what|who|whose|how)$/.test(word));
  if (first < 0) return undefined;
  let j = first + 1;
  // "Which region", "what priority" name a category that the answer instances rather than
  // names ("the Indian Ocean"); "who is the mayor" and "how many users" name what the answer
  // speaks of.
  if (words[first] === 'how') {
    if (words[j] !== 'many') return undefined;
    j++;
  } else if (words[first] !== 'who' || !/^(is|are|was|were)$/.test(words[j] ?? '')) {
    return undefined;
  }
  while (LINKING_WORDS.has(words[j] ?? '')) j++;
  let end = phrase(j);
  let start = j;
  if (end === start) return undefined;
  // "the names of the thieves": the noun after "of" is what the question is about.
  if (KIND_NOUNS.has(words[end - 1]!) && words[end] === 'of') {
    start = end + 1;
    while (LINKING_WORDS.has(words[start] ?? '')) start++;
    end = phrase(start);
    if (end === start) return undefined;
  }
  // A count binds no name to what it counts: "how many Hartwell stores", "how many girls in
  // Bangladesh" say whose or where, which the answer may name anywhere in its paragraph ("Hartwell
  // Home & Hardware … will close 38 of its stores"). Roles are bound: "the mayor of Alder Bay".
  const count = words[first] === 'how';
  return { ...nounOfPhrase(words, isName, start, end, !count), ...(count && { count: true as const }) };
}

/** Verbs with which a question asks what someone said or how they took something. */
const SPEECH_VERBS = new Set([
  'say', 'said', 'says', 'tell', 'told', 'think', 'thought', 'claim', 'claimed', 'argue', 'argued', 'announce',
  'announced', 'warn', 'warned', 'react', 'reacted', 'respond', 'responded', 'comment', 'commented', 'feel', 'felt',
]);
/** Auxiliaries that open the speaker's part of such a question: "what *did* the mayor say". */
const SPEECH_AUXILIARIES = /^(did|does|do|has|have|had|will|would)$/;
/** Most words between the speaker's noun phrase and the verb ("the mayor *of Alder Bay* say", "Uber *or Bolt* say"). */
const SPEAKER_GAP = 4;

/**
 * Where the speaker's noun phrase starts in a question that asks what someone said or how they
 * reacted ("what did *the mayor* say", "how did *Algeria* react", "has *China* reacted"): the
 * quote or reaction must be theirs, so the speaker is what the question asks about.
 */
function speakerOf(words: readonly string[], phrase: (from: number) => number): number | undefined {
  const aux = words.findIndex((word) => SPEECH_AUXILIARIES.test(word));
  if (aux < 0 || (aux > 0 && !/^(what|how)$/.test(words[aux - 1]!))) return undefined;
  let start = aux + 1;
  while (LINKING_WORDS.has(words[start] ?? '')) start++;
  const end = phrase(start);
  if (end === start) return undefined;
  for (let k = end; k <= end + SPEAKER_GAP && k < words.length; k++) if (SPEECH_VERBS.has(words[k]!)) return start;
  return undefined;
}

/**
 * The noun of the noun phrase `words[start, end)` (its last word that is not a name, or its first
 * name), and, when `bound`, the name it belongs to: one before it in the phrase ("*Portugal*'s
 * minister") or right after "of", "in", "at" or "for" ("the mayor of *Alder* Bay").
 */
function nounOfPhrase(words: readonly string[], isName: (word: string) => boolean, start: number, end: number, bound: boolean): { noun: number; owner?: number } {
  let noun = end - 1;
  while (noun > start && isName(words[noun]!)) noun--;
  if (!bound) return { noun };
  let owner: number | undefined;
  for (let k = start; k < noun; k++) if (isName(words[k]!)) owner = k;
  if (owner === undefined && /^(of|in|at|for)$/.test(words[end] ?? '')) {
    let k = end + 1;
    while (LINKING_WORDS.has(words[k] ?? '')) k++;
    if (k < words.length && isName(words[k]!)) owner = k;
  }
  return { noun, ...(owner !== undefined && { owner }) };
}

/** Counts that can stand between "which" or "what" and its noun (not a year: "what 2019 report"). */
const COUNT_WORDS = /^(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)$/;

/** The index term of the count right after "which" or "what" and before its noun ("which *2* countries"), if any. */
function countAsked(words: readonly string[]): string | undefined {
  const at = words.findIndex((word) => /^(which|what)$/.test(word));
  const count = at < 0 ? undefined : words[at + 1];
  if (count === undefined || !COUNT_WORDS.test(count) || words[at + 2] === undefined) return undefined;
  return termOf(count) ?? undefined;
}

/** Words before "name" that say which part of a name is wanted ("first name", "full name"). */
const NAME_PARTS = new Set(['first', 'last', 'full', 'middle', 'given', 'family', 'real', 'exact', 'proper', 'official']);

/** Parts of speech weighted by `predicateWeight`. */
const PREDICATE_POS = new Set(['VERB', 'ADJ', 'ADV', 'AUX']);
/** Shortest term that may hold two typos; shorter ones, one (two would match too much). */
const TWO_TYPOS_CHARS = 7;
/** Shortest English word read as a possible typo of another word the articles hold. */
const ENGLISH_TYPO_CHARS = 5;
/** Typo corrections kept per word, closest and most frequent first. */
const MAX_TYPOS = 3;

/** A question word to read: as written, its index term, and where it is. */
interface QueryWord {
  readonly written: string;
  /** The word to look up (in WordNet, in the word vectors): as written, or a long form's word. */
  readonly word: string;
  readonly term: string;
  readonly start: number;
  readonly end: number;
  /** For an abbreviation: the index terms of its long form ("pm" → prime, minist). */
  readonly longForm?: readonly string[];
  /**
   * For a light verb that is a stop word ("get", "take", "come"): the relatives of the phrasal
   * verb it makes with the particle after it ("get into": enter, "take over": assume), which
   * the word then stands for alone.
   */
  readonly phrasal?: RelatedTerms;
}

/** Stop words that head phrasal verbs ("get into", "take over", "come back"), in their forms. */
const LIGHT_VERBS = new Set(['get', 'gets', 'got', 'getting', 'take', 'takes', 'taking', 'come', 'comes', 'came', 'coming']);

/** A possessive "'s" ending a word as written ("India's", "PM'S"). */
export const POSSESSIVE_END = /['’]s$/i;

/**
 * The long form an abbreviation in the question stands for, from the articles or the common
 * list. An abbreviation that is also a common word ("us", "who", "last"), or an English word
 * outside the common list ("art" for an article's "Art Recovery Team"), counts only when
 * written in capitals: chat types "ceo" and "pm" in lower case, and WordNet lists them as words.
 * "pm" after a number is the time of day.
 */
function longFormOf(asWritten: string, vocabulary: QueryVocabulary, afterNumber: boolean, beside: { before?: string; after?: string } = {}): readonly string[] | undefined {
  // "PM's": the possessive is not part of the abbreviation.
  const written = asWritten.replace(POSSESSIVE_END, '');
  const folded = foldCase(written);
  if (afterNumber && folded === 'pm') return undefined;
  const common = COMMON_ABBREVIATIONS.get(folded) ?? abbreviationBeside(folded, beside.before, beside.after);
  const ambiguous = STOP_WORDS.has(folded) || (!common && vocabulary.thesaurus.isWord(folded));
  if (ambiguous && (written !== written.toUpperCase() || written.length < 2)) return undefined;
  return vocabulary.definition(folded) ?? common;
}

/** Words that stand between a verb and its particle: "set *it* up". */
const OBJECT_PRONOUNS = new Set(['it', 'them', 'him', 'her', 'this', 'that', 'us', 'me']);

/**
 * The particle of a phrasal verb whose verb starts at `start` ("set *up*", "turn it *into*"),
 * when the next word, or the one after an object pronoun, is one.
 */
function particleAfter(tokens: readonly Token[], start: number): string | undefined {
  const at = tokens.findIndex((token) => token.start === start);
  if (at < 0) return undefined;
  const next = tokens[at + 1]?.word;
  const after = next !== undefined && OBJECT_PRONOUNS.has(next) ? tokens[at + 2]?.word : next;
  return after !== undefined && PARTICLES.includes(after) ? after : undefined;
}

/** Shortest part of a compound word split in two. */
const MIN_COMPOUND_PART = 3;

/**
 * The index terms of the two words a compound is made of ("cybersecurity" → cyber, secur) when
 * both are words of the articles; `undefined` when no split makes two.
 */
export function compoundParts(word: string, known: (term: string) => boolean): [string, string] | undefined {
  for (let at = MIN_COMPOUND_PART; at <= word.length - MIN_COMPOUND_PART; at++) {
    const [head, tail] = [termOf(word.slice(0, at)), termOf(word.slice(at))];
    if (head !== null && tail !== null && known(head) && known(tail)) return [head, tail];
  }
  return undefined;
}

/** The question's words as index terms, with abbreviations' long forms, chat filler left out. */
function queryWords(text: string, vocabulary: QueryVocabulary): QueryWord[] {
  const words: QueryWord[] = [];
  const tokens = tokenize(text);
  const tokenWords = tokens.map((token) => token.word);
  const read = (written: string, term: string, start: number, end: number) => {
    const at = tokens.findIndex((token) => token.start === start);
    if ((at >= 0 ? isFillerAt(tokenWords, at) : isChatFiller(foldCase(written))) || SOURCE_WORDS.has(foldCase(written))) return;
    const beside = at < 0 ? {} : { before: tokens[at - 1]?.word, after: tokens[at + 1]?.word };
    const long = /\s/.test(written) ? undefined : longFormOf(written, vocabulary, /\d\s*$/.test(text.slice(0, start)), beside);
    const longForm = long?.map(termOf).filter((t): t is string => t !== null);
    words.push({ written, word: foldCase(written), term, start, end, ...(longForm?.length && { longForm }) });
  };
  const terms = termsOf(text);
  const starts = new Set(terms.map((t) => t.start));
  for (const { term, start, end } of terms) {
    // A hyphenated word's joined form is for readers who write it as one: written with its
    // hyphen, its parts are the question's words, and the joined form would count them twice,
    // unless the articles lack a part (they write "counterterrorism" whole).
    const written = text.slice(start, end);
    // A part that is chat filler ("new-*ish*") leaves only the other parts.
    if (written.includes('-') && written.split('-').every((part) => isChatFiller(foldCase(part)) || vocabulary.frequency(termOf(foldCase(part)) ?? '') > 0)) continue;
    read(written, term, start, end);
  }
  // A stop word in capitals may be an abbreviation ("WHO", "US"): it has no index term of its own.
  // A light verb with a particle is a phrasal verb, searched by the words close to it.
  for (const token of tokens) {
    const written = text.slice(token.start, token.end);
    if (starts.has(token.start)) continue;
    if (written.length > 1 && written === written.toUpperCase() && longFormOf(written, vocabulary, false)) {
      read(written, token.word, token.start, token.end);
      continue;
    }
    const particle = LIGHT_VERBS.has(token.word) ? particleAfter(tokens, token.start) : undefined;
    const phrasal = particle === undefined ? undefined : vocabulary.thesaurus.lookupPhrasal(token.word, particle);
    if (phrasal) words.push({ written, word: token.word, term: `${token.word}_${particle}`, start: token.start, end: token.end, phrasal });
  }
  return words.sort((a, b) => a.start - b.start);
}

/**
 * Chat shorthand for the small words that hold a question together ("how many jobs *r* at risk",
 * "india *n* morocco", "*w/o* asking"), typed in lower case and standing alone. Read as written,
 * "r" and "n" pass for nouns and end or split the noun phrase the question asks about.
 */
const SHORTHAND: ReadonlyMap<string, string> = new Map([
  ['r', 'are'], ['n', 'and'], ['w/', 'with'], ['w/o', 'without'], ['b4', 'before'],
]);
const SHORTHAND_WORD = new RegExp(`(?<![\\p{L}\\p{N}&/.'’-])(?:${[...SHORTHAND.keys()].sort((a, b) => b.length - a.length).join('|')})(?![\\p{L}\\p{N}&/.'’-])`, 'gu');

/** The question with {@link SHORTHAND} spelt out. */
function withShorthandSpelledOut(text: string): string {
  return text.replace(SHORTHAND_WORD, (word) => SHORTHAND.get(word)!);
}

/**
 * Turns question text into query terms. Each word matches itself; a word no article holds may
 * match by a typo (edit distance 1, or 2 for words of seven letters or more; an English word
 * only by one edit, at a lower weight, so "minster" finds "minister" but weakly); every word
 * may also match WordNet synonyms and broader or narrower words that the articles hold, at
 * lower weight. A word's idf is that of the rarest term it matches, or the highest possible
 * when it matches nothing: a question about something absent should score low.
 */
export function parseQuery(typed: string, vocabulary: QueryVocabulary, ranking: RankingOptions): ParsedQuery {
  const text = withShorthandSpelledOut(typed);
  const tokens = tokenize(text);
  const tokenWords = tokens.map((token) => token.word);
  const questionWords = withoutTrailingFiller(tokenWords);
  const focus = questionFocus(questionWords);
  const typeTerm = focus.typeWord === undefined ? undefined : termsOf(focus.typeWord)[0]?.term;
  const seen = new Set<string>(typeTerm === undefined ? [] : [typeTerm]);
  // "Which *two* countries": the count says how many answers are wanted, not what they speak of.
  const count = countAsked(tokenWords);
  if (count !== undefined) seen.add(count);
  // "Her *first* name", "the *full* name": which part of a name is wanted, not what it names.
  if (focus.typeWord === 'name') {
    const at = tokenWords.lastIndexOf('name');
    const part = at > 0 && NAME_PARTS.has(tokenWords[at - 1]!) ? termOf(tokenWords[at - 1]!) : null;
    if (part) seen.add(part);
  }
  const terms: QueryTerm[] = [];
  const { typoWeight, synonymWeight, nearbyWeight, predicateWeight } = ranking;
  const pos = partsOfSpeech(text);
  const known = (term: string) => vocabulary.frequency(term) > 0;
  const words = queryWords(text, vocabulary);
  const names: NameWord[] = [];
  for (const { written: asWritten, word, term, longForm, phrasal: light, start, end } of words) {
    // "India's" is looked up as "India": the possessive is no part of the word.
    const written = word.replace(POSSESSIVE_END, '');
    if (seen.has(term)) continue;
    seen.add(term);
    const matches = new Map<string, number>();
    const add = (match: string, weight: number) => {
      if ((matches.get(match) ?? 0) < weight) matches.set(match, weight);
    };
    const english = vocabulary.thesaurus.isWord(written);
    if (!known(term) && longForm === undefined && !english && isStopWordOrTypo(written)) continue;
    // An abbreviation matches itself where the articles use it ("CEO"), and its long form by the
    // rarest of its words ("executive" of "chief executive"), which stands for the whole.
    const longTerm = longForm?.filter(known).sort((a, b) => vocabulary.frequency(a) - vocabulary.frequency(b))[0];
    if (longTerm !== undefined) add(longTerm, 1);
    if (known(term)) {
      add(term, 1);
    } else if (longForm === undefined && light === undefined && term.length >= 4 && !/\d/.test(term) && (!english || written.length >= ENGLISH_TYPO_CHARS)) {
      // A word the articles lack may be misspelt. One that is not English surely is; an English
      // word ("minster") may be one edit from what was meant, and counts less, so that "bones"
      // finds "ones" only where nothing better is there.
      const distance = english ? 1 : written.length >= TWO_TYPOS_CHARS ? 2 : 1;
      const typos = [...vocabulary.typos(written, distance)]
        .map(([match, edits]) => ({ match, edits, frequency: vocabulary.frequency(match) }))
        .sort((a, b) => a.edits - b.edits || b.frequency - a.frequency)
        .slice(0, MAX_TYPOS);
      for (const { match, edits } of typos) add(match, (english ? typoWeight * typoWeight : 1) * typoWeight ** edits);
      // A compound the articles write apart ("cybersecurity" for "cyber … security") matches
      // by the rarer of its parts, as an abbreviation's long form does.
      const parts = matches.size === 0 ? compoundParts(written, known) : undefined;
      if (parts) add(parts.sort((a, b) => vocabulary.frequency(a) - vocabulary.frequency(b))[0]!, typoWeight);
    }
    const direct = new Set(matches.keys());
    const particle = light ? undefined : particleAfter(tokens, start);
    const phrasal = light ?? (particle === undefined ? undefined : vocabulary.thesaurus.lookupPhrasal(written, particle));
    // A light verb means little alone ("get" is obtain, become, arrive …): only its phrasal verb
    // counts. An abbreviation's own senses are not what the question means ("PM": promethium).
    for (const related of light === undefined && longForm === undefined ? [vocabulary.thesaurus.lookup(written), phrasal] : [phrasal]) {
      for (const synonym of related?.synonyms ?? []) if (known(synonym)) add(synonym, synonymWeight);
      for (const near of related?.nearby ?? []) if (known(near)) add(near, nearbyWeight);
    }
    const rarity = matches.has(term) || matches.size === 0 ? vocabulary.idf(term) : Math.max(...[...matches.keys()].map((match) => vocabulary.idf(match)));
    const partOfSpeech = pos.get(foldCase(asWritten)) ?? 'X';
    if (partOfSpeech === 'PROPN') names.push({ start, end, written: asWritten, found: direct.size > 0 });
    // A light verb whose phrasal verb matches nothing the articles hold says nothing either way.
    if (light !== undefined && matches.size === 0) continue;
    const idf = rarity * (PREDICATE_POS.has(partOfSpeech) ? predicateWeight : 1);
    terms.push({
      word: asWritten,
      term,
      idf,
      matches,
      related: new Set([...matches.keys()].filter((match) => !direct.has(match))),
      pos: partOfSpeech,
      vector: light === undefined ? vocabulary.vectors.idOf(written) : -1,
      searched: known(term) || longTerm !== undefined ? [...direct] : [...matches.keys()],
    });
  }
  const asked = askedAbout(tokenWords, pos, terms, vocabulary);
  const slot = slotOf(questionWords, pos, terms, nameTest(pos, vocabulary.thesaurus));
  const isEnglish = (word: string) => vocabulary.thesaurus.isWord(word);
  const prominence = prominenceOf(text, tokenWords, terms, isEnglish);
  const significance = significanceOf(tokenWords, terms);
  const parties = partiesOf(tokenWords, terms);
  // How much something matters is searched for as news says it too ("landmark", "significant"),
  // and "big deal" only so: its "deal" is no agreement.
  for (const q of significance ?? []) {
    const idiom = BIG_DEAL.has(terms[q]!.word.toLowerCase());
    terms[q] = withNearbyWords(idiom ? { ...terms[q]!, matches: new Map(), related: new Set(), searched: [] } : terms[q]!, SIGNIFICANCE_WORDS, known, nearbyWeight);
  }
  const beneficiary = beneficiaryOf(tokenWords, terms);
  // Each set phrase is searched for as news says it too ("eventually" for "at some point"), as nearby words.
  const saidAs = SET_PHRASES.flatMap(({ asked, said, searched }) => {
    const phrase = phraseTermsOf(tokenWords, terms, asked);
    for (const q of phrase ?? []) terms[q] = withNearbyWords(withoutTypos(terms[q]!), searched, known, nearbyWeight);
    return phrase ? [{ terms: phrase, said }] : [];
  });
  // What came first is searched for as news says it too ("at the forefront"), as a nearby word.
  for (const q of prominence ?? []) {
    if (isAgendaNoun(terms[q]!.word.toLowerCase(), isEnglish)) terms[q] = withNearbyWords(terms[q]!, PROMINENCE_WORDS, known, nearbyWeight);
  }
  const isOfKind = focus.category !== undefined ? vocabulary.thesaurus.kindTest(focus.category) : focus.asks && askedKindTest(focus.asks, vocabulary.thesaurus);
  const category = focus.category !== undefined ? categoryOf(focus.category, terms, vocabulary) : {};
  const sort = focus.sort !== undefined ? sortOf(focus.sort, tokenWords, pos, terms) : {};
  return {
    terms,
    words: new Set(tokenWords),
    kinds: focus.kinds,
    unknownName: hasUnknownName(text, names, tokens[0]?.start),
    ...(asked && { asked }),
    ...(slot && { slot }),
    ...(prominence && { prominence }),
    ...(significance && { significance }),
    ...(parties && { parties }),
    ...(beneficiary && { beneficiary }),
    ...(saidAs.length > 0 && { saidAs }),
    ...(focus.kinds.includes(SpanKind.Date) && tokenWords.some((word) => AHEAD.has(word)) && { ahead: true as const }),
    ...category,
    ...sort,
    ...unsaidGroupOf(category.category ?? sort.sort, terms, vocabulary, synonymWeight),
    ...(isOfKind && { nameFits: (name: string, opensSentence: boolean) => isOfKind(name) !== false && !(opensSentence && isCapitalisedWord(name, vocabulary.thesaurus)) }),
    ...(focus.asks && { asks: focus.asks }),
    ...(focus.age && { age: true as const }),
    ...(focus.kinds.includes(SpanKind.Date) && dateUnitOf(focus.typeWord)),
    ...(namesUnit(questionWords, focus) && { unitNamed: true as const }),
    ...(focus.typeWord !== undefined && /^names?$/.test(focus.typeWord) && focus.kinds.includes(SpanKind.Name) && namedNounOf(tokenWords, focus.typeWord, pos, terms, vocabulary.thesaurus)),
  };
}

/**
 * See {@link ParsedQuery.sort}: the head of the noun phrase that starts with `first` (the word
 * after "which"), its last noun ("which *Colombian minister* announced" → "minister"); none when
 * that word is a verb ("what *lead* to …").
 */
function sortOf(first: string, words: readonly string[], pos: ReadonlyMap<string, string>, terms: readonly QueryTerm[]): Pick<ParsedQuery, 'sort'> {
  const start = words.indexOf(first);
  if (start < 0 || pos.get(first) === 'VERB') return {};
  let head = first;
  for (let k = start; k < words.length && NOUN_PHRASE_POS.has(pos.get(words[k]!) ?? 'X') && !LINKING_WORDS.has(words[k]!); k++) {
    if (pos.get(words[k]!) === 'NOUN') head = words[k]!;
  }
  const term = termOf(head);
  const at = terms.findIndex((t) => t.term === term);
  return at < 0 ? {} : { sort: at };
}

/** See {@link ParsedQuery.dateUnit}. */
function dateUnitOf(typeWord: string | undefined): Pick<ParsedQuery, 'dateUnit'> {
  if (typeWord === 'date' || typeWord === 'day') return { dateUnit: 'day' };
  return typeWord === 'year' ? { dateUnit: 'year' } : {};
}

/** See {@link ParsedQuery.unsaidGroup}: `at`, the noun of a "which" question, when it names a group no article speaks of. */
function unsaidGroupOf(at: number | undefined, terms: readonly QueryTerm[], vocabulary: QueryVocabulary, synonymWeight: number): Pick<ParsedQuery, 'unsaidGroup'> {
  if (at === undefined) return {};
  const { word, matches } = terms[at]!;
  const noun = foldCase(word);
  if (!vocabulary.thesaurus.namesGroup(noun)) return {};
  for (const [match, weight] of matches) if (weight >= synonymWeight && vocabulary.frequency(match) > 0) return {};
  const test = vocabulary.thesaurus.kindTest(noun);
  return { unsaidGroup: { term: at, isOne: (name) => test(name) === true } };
}

/**
 * See {@link ParsedQuery.named}: in "the `name` of *the Duluth head coach*", the phrase after "of"
 * up to a name ("the health *secretary* Huw Jenkins asked"), or in "morocco defence *minister*
 * name" the word before "name": its last noun that names something that bears a proper name
 * (`Thesaurus.namesBearer`). The name of a *process* or a *property* is a term, not a name.
 */
function namedNounOf(words: readonly string[], name: string, pos: ReadonlyMap<string, string>, terms: readonly QueryTerm[], thesaurus: Thesaurus): Pick<ParsedQuery, 'named'> {
  const at = words.indexOf(name);
  if (at < 0) return {};
  const bears = (k: number) => pos.get(words[k]!) === 'NOUN' && thesaurus.namesBearer(words[k]!);
  let head: string | undefined;
  if (words[at + 1] === 'of') {
    let k = at + 2;
    while (LINKING_WORDS.has(words[k] ?? '')) k++;
    for (; k < words.length && NOUN_PHRASE_POS.has(pos.get(words[k]!) ?? 'X') && !LINKING_WORDS.has(words[k]!); k++) {
      if (bears(k)) head = words[k]!;
      else if (head !== undefined && pos.get(words[k]!) === 'PROPN') break;
    }
  } else if (at > 0 && bears(at - 1)) {
    head = words[at - 1]!;
  }
  if (head === undefined) return {};
  const term = termOf(head);
  const found = terms.findIndex((t) => t.term === term);
  return found < 0 ? {} : { named: found };
}

/** See {@link ParsedQuery.category} and {@link ParsedQuery.absentCategory}. */
function categoryOf(category: string, terms: readonly QueryTerm[], vocabulary: QueryVocabulary): Pick<ParsedQuery, 'category' | 'absentCategory'> {
  const term = termOf(category);
  const at = terms.findIndex((t) => t.term === term);
  if (at < 0) return {};
  return vocabulary.frequency(terms[at]!.term) === 0 ? { category: at, absentCategory: at } : { category: at };
}

/**
 * How news says that something came first in talks or plans: "was at the forefront", "topped
 * the agenda", "high on the agenda", "the main focus", "a top priority", "took centre stage".
 */
export const PROMINENCE = /\b(?:at\s+the\s+(?:forefront|fore|top|heart|centre|center|core)\b|forefront|top(?:s|ped)?\s+(?:the\s+|their\s+|its\s+)?(?:agenda|list)|(?:high|top|first)\s+on\s+(?:the\s+|their\s+|its\s+)?(?:agenda|list)|(?:top|main|chief|primary|principal|foremost|first|central|overriding|paramount|highest|biggest)\s+(?:\w+\s+)?(?:priority|priorities|focus|concern|issue|topic|objective|item|theme)|(?:centre|center)\s+stage|front\s+and\s+(?:centre|center)|took\s+precedence|dominated\s+(?:the\s+)?(?:talks|agenda|discussions?|meeting|summit))/i;

/** Words of {@link PROMINENCE} that are searched for, so that a paragraph saying something came first is found at all. */
const PROMINENCE_WORDS = ['forefront', 'agenda', 'precedence', 'stage', 'priority', 'focus'];

/**
 * The term without the typo corrections of a word the articles lack: in a set phrase the word
 * is no misspelling ("at some *point*" is not "joint").
 */
function withoutTypos(term: QueryTerm): QueryTerm {
  const kept = (match: string) => match === term.term || term.related.has(match);
  if ([...term.matches.keys()].every(kept)) return term;
  return { ...term, matches: new Map([...term.matches].filter(([match]) => kept(match))), searched: term.searched.filter(kept) };
}

/**
 * A question term that also matches, and is searched as, the words of a set phrase the articles
 * hold ("forefront" for "priority"), at `weight` as nearby words.
 */
function withNearbyWords(term: QueryTerm, words: readonly string[], known: (term: string) => boolean, weight: number): QueryTerm {
  const added = words.map((word) => termOf(word)!).filter((match) => known(match) && !term.matches.has(match));
  return {
    ...term,
    matches: new Map([...term.matches, ...added.map((match) => [match, weight] as const)]),
    related: new Set([...term.related, ...added]),
    searched: [...term.searched, ...added],
  };
}

/** Nouns of a story's parties together: "the two *countries*", "both *sides*". */
const PARTY_NOUNS = new Set(['countries', 'nations', 'sides', 'governments', 'states', 'parties']);

/**
 * See {@link ParsedQuery.parties}: "both (the) *X*", or "the/these/those two (or 2, both) *X*",
 * *X* one of {@link PARTY_NOUNS}; not when they are all the question asks about.
 */
function partiesOf(words: readonly string[], terms: readonly QueryTerm[]): readonly number[] | undefined {
  const phrase: string[] = [];
  words.forEach((word, i) => {
    const noun = word === 'both' ? (words[i + 1] === 'the' ? i + 2 : i + 1)
      : /^(?:the|these|those)$/.test(word) && /^(?:two|2|both)$/.test(words[i + 1] ?? '') ? i + 2 : -1;
    if (noun < 0 || !PARTY_NOUNS.has(words[noun] ?? '')) return;
    phrase.push(...words.slice(i + 1, noun + 1));
  });
  const found = termsAmong(phrase, terms);
  // "What are the two countries" asks for the parties themselves.
  return found && found.length < terms.length ? found : undefined;
}

/** How news says that something matters: "a landmark pact", "the first-ever visit", "a significant step". */
export const SIGNIFICANCE = /\b(?:significant|landmark|historic|milestone|first[\s-]+ever|unprecedented|breakthrough|turning\s+point|major\s+step|watershed)\b/i;
/** Words of {@link SIGNIFICANCE} that are searched for, so that a paragraph saying something matters is found. */
const SIGNIFICANCE_WORDS = ['significant', 'landmark', 'historic', 'milestone', 'unprecedented', 'breakthrough', 'watershed'];

/** The words of "a big deal" as an idiom: they match nothing but the words of {@link SIGNIFICANCE}. */
const BIG_DEAL = new Set(['big', 'deal']);
/** Words before "a big deal" that make it the idiom ("is it a big deal"), not an agreement ("sign a big deal"). */
const BE_WORDS = new Set(['is', 'was', 'are', 'were', 'be', 'been', 'being', 'its', 'isnt', 'wasnt', 'this', 'that', 'it', 'such', 'really', 'so', 'how']);

/**
 * See {@link ParsedQuery.significance}, not asked with "why": "how big a deal", "a big deal"
 * after a form of "be" ("was the mou a big deal"; not "did they sign a big deal"), or "significant",
 * "significance" or "historic" after "how", "the", "its", "so", "this", "that" or "really".
 */
function significanceOf(words: readonly string[], terms: readonly QueryTerm[]): readonly number[] | undefined {
  // "Why is it a big deal" asks for the reason, not for how much it matters.
  if (words.includes('why')) return undefined;
  const phrase: string[] = [];
  words.forEach((word, i) => {
    const big = words[i - 1] === 'big' ? i - 1 : words[i - 1] === 'a' && words[i - 2] === 'big' ? i - 2 : -1;
    if (word === 'deal' && big >= 0 && words.slice(0, big).some((before) => BE_WORDS.has(before))) phrase.push('big', 'deal');
    else if (/^(?:significant|significance|historic)$/.test(word) && /^(?:how|the|its|so|this|that|really)$/.test(words[i - 1] ?? '')) phrase.push(word);
  });
  return termsAmong(phrase, terms);
}

/** Words with which a question that wants a date asks when something is yet to happen. See {@link ParsedQuery.ahead}. */
const AHEAD: ReadonlySet<string> = new Set(['next', 'upcoming', 'will', 'gonna', 'going', 'due', 'scheduled', 'planned', 'expected']);

/** How news says that something comes later: "could *eventually* evolve into", "*in the future*". */
const LATER = /\b(?:eventually|in\s+(?:the\s+)?(?:near\s+)?future|in\s+(?:the\s+)?(?:coming|next)\s+(?:years|months|weeks)|later\s+(?:this|next)\s+(?:year|month|week)|down\s+the\s+(?:line|road)|over\s+time|in\s+time)\b/i;
/** Words of {@link LATER} that are searched for, so that a paragraph saying something comes later is found. */
const LATER_WORDS = ['eventually', 'future'];
/** Phrases with which a question asks what comes later. */
const LATER_PHRASES: ReadonlyArray<readonly string[]> = [
  ['at', 'some', 'point'], ['eventually'], ['in', 'the', 'future'], ['in', 'future'], ['down', 'the', 'line'], ['down', 'the', 'road'],
  ['one', 'day'], ['someday'], ['later', 'on'], ['happens', 'next'], ['what\'s', 'next'], ['whats', 'next'], ['what', 'next'], ['in', 'the', 'long', 'run'],
];

/** How news says that something covers much ground: "a *broad spectrum* of", "*multiple* dimensions", "a *wide range* of". */
const BREADTH = /\b(?:(?:broad|wide|whole)\s+(?:spectrum|range|array|variety|gamut)|multiple|multi-\p{L}+|a\s+(?:range|host|variety|number)\s+of|wide-ranging|far-reaching)\b/iu;
/** Words of {@link BREADTH} that are searched for, so that a paragraph saying something covers much ground is found. */
const BREADTH_WORDS = ['spectrum', 'multiple'];
/** Phrases with which a question asks how much ground something covers. */
const BREADTH_PHRASES: ReadonlyArray<readonly string[]> = [
  ['wide', 'ranging'], ['wide-ranging'], ['far', 'reaching'], ['how', 'broad'], ['or', 'several'], ['or', 'many'], ['how', 'many', 'areas'], ['range', 'of', 'topics'],
];

/** How news says what parties care about together: "both nations *share common interests*", "*shared concerns*", "*common ground*". */
const COMMON_GROUND = /\b(?:share[sd]?\s+(?:[\p{L}-]+\s+){0,2}?(?:interests?|concerns?|goals?|values?|priorities)|(?:common|shared|mutual)\s+(?:interests?|concerns?|goals?|ground|values?|priorities))\b/iu;
/** Words of {@link COMMON_GROUND} that are searched for, so that a paragraph saying what parties care about is found. */
const COMMON_GROUND_WORDS = ['interests', 'concerns'];
/** Phrases with which a question asks what its parties care about or have in common. */
const COMMON_GROUND_PHRASES: ReadonlyArray<readonly string[]> = [['care', 'about'], ['cares', 'about'], ['cared', 'about'], ['in', 'common'], ['common', 'ground']];

/** How news says that something is done together: "*joint* training", "*co*-development", "defence industry *collaboration*". */
const TOGETHER = /\b(?:joint(?:ly)?|co-\p{L}+|collaborat\p{L}*|together)\b/iu;
/** Words of {@link TOGETHER} that are searched for, so that a paragraph saying something is done together is found. */
const TOGETHER_WORDS = ['joint', 'jointly', 'collaboration'];
/** Phrases with which a question asks whether something is done together. */
const TOGETHER_PHRASES: ReadonlyArray<readonly string[]> = [['together'], ['jointly'], ['with', 'each', 'other'], ['side', 'by', 'side']];

/** How news says that something is getting better: "the *upward trajectory* in relations", "ties *gained momentum*". */
const PROGRESS = /\b(?:upward\s+trajectory|(?:gained|gaining|gathered|gathering|picked\s+up)\s+momentum|steadily\s+(?:expanded|improved|grown|grew|strengthened|deepened)|(?:ties|relations)\s+(?:have\s+)?(?:improved|warmed|deepened|strengthened)|on\s+the\s+rise|upswing|upturn)\b/i;
/** Words of {@link PROGRESS} that are searched for, so that a paragraph saying something got better is found. */
const PROGRESS_WORDS = ['trajectory', 'momentum'];
/** Phrases with which a question asks whether something is getting better. */
const PROGRESS_PHRASES: ReadonlyArray<readonly string[]> = [
  ['getting', 'better'], ['got', 'better'], ['gotten', 'better'], ['improving'], ['improved'], ['trending'], ['picking', 'up'], ['picked', 'up'],
  ['taking', 'off'], ['took', 'off'], ['warming'], ['warmed'], ['grown', 'closer'], ['grew', 'closer'], ['growing', 'closer'], ['getting', 'closer'],
];

/** A set phrase questions use that news says another way: the question's phrases, how news says it, and its words that are searched for. */
interface SetPhrase {
  readonly asked: ReadonlyArray<readonly string[]>;
  readonly said: RegExp;
  readonly searched: readonly string[];
}

/** See {@link ParsedQuery.saidAs}. */
const SET_PHRASES: readonly SetPhrase[] = [
  { asked: LATER_PHRASES, said: LATER, searched: LATER_WORDS },
  { asked: BREADTH_PHRASES, said: BREADTH, searched: BREADTH_WORDS },
  { asked: COMMON_GROUND_PHRASES, said: COMMON_GROUND, searched: COMMON_GROUND_WORDS },
  { asked: TOGETHER_PHRASES, said: TOGETHER, searched: TOGETHER_WORDS },
  { asked: PROGRESS_PHRASES, said: PROGRESS, searched: PROGRESS_WORDS },
];

/**
 * The question terms of the phrases of `phrases` that the question's `words` hold, if any: see
 * {@link ParsedQuery.saidAs}.
 */
function phraseTermsOf(words: readonly string[], terms: readonly QueryTerm[], phrases: ReadonlyArray<readonly string[]>): readonly number[] | undefined {
  const phrase: string[] = [];
  for (let i = 0; i < words.length; i++) {
    for (const candidate of phrases) if (candidate.every((word, k) => words[i + k] === word)) phrase.push(...candidate);
  }
  return termsAmong(phrase, terms);
}

/** The indexes in `terms` of the question terms that are terms of `words`, if any: a set phrase's words that the question searches. */
function termsAmong(words: readonly string[], terms: readonly QueryTerm[]): readonly number[] | undefined {
  const wanted = new Set(words.map((word) => termOf(word)));
  const found = terms.flatMap((term, q) => wanted.has(term.term) ? [q] : []);
  return found.length > 0 ? found : undefined;
}

/** Words that say something came first, before the noun of what it is ("the *top* priority", "the *main* focus"). */
const FIRST_WORDS = new Set(['top', 'main', 'biggest', 'primary', 'chief', 'foremost', 'principal', 'central', 'overriding', 'paramount', 'leading', 'first']);
/** Nouns of what comes first in talks or plans ("the top *priority*", "the main *focus*"). */
const AGENDA_NOUNS = new Set(['priority', 'priorities', 'focus', 'concern', 'concerns', 'issue', 'issues', 'topic', 'topics', 'agenda', 'objective', 'theme', 'item', 'worry']);
/** The same nouns, for typos of the longer ones ("priorty"). */
const AGENDA_TREE = new SearchableMap<true>();
for (const noun of AGENDA_NOUNS) AGENDA_TREE.set(noun, true);

/** Shortest word read as a typo of one of {@link AGENDA_NOUNS}. */
const AGENDA_TYPO_CHARS = 6;

/**
 * Whether a word is one of {@link AGENDA_NOUNS}, or a typo of one: one edit from it, of
 * {@link AGENDA_TYPO_CHARS} letters or more, and not an English word ("concert").
 */
function isAgendaNoun(word: string, isEnglish: (word: string) => boolean): boolean {
  return AGENDA_NOUNS.has(word) || (word.length >= AGENDA_TYPO_CHARS && !isEnglish(word) && AGENDA_TREE.fuzzyGet(word, 1).size > 0);
}

/**
 * See {@link ParsedQuery.prominence}: a word of {@link FIRST_WORDS} ("#1", "number one" and
 * "most important" too) at most one word before one of {@link AGENDA_NOUNS}, as indexes in
 * `terms` (those that are question terms).
 */
function prominenceOf(text: string, words: readonly string[], terms: readonly QueryTerm[], isEnglish: (word: string) => boolean): readonly number[] | undefined {
  const first = (i: number) => FIRST_WORDS.has(words[i]!)
    || (words[i] === '1' && /#\s*1\b/.test(text))
    || (words[i] === 'one' && words[i - 1] === 'number')
    || (words[i] === 'important' && words[i - 1] === 'most');
  for (let i = 1; i < words.length; i++) {
    if (!isAgendaNoun(words[i]!, isEnglish)) continue;
    let at = first(i - 1) ? i - 1 : i > 1 && first(i - 2) ? i - 2 : -1;
    if (at < 0) continue;
    if (words[at - 1] === 'number' || words[at - 1] === 'most') at--;
    return termsAmong(words.slice(at, i + 1), terms);
  }
  return undefined;
}

/** Verbs and nouns of gaining, in questions of what something means for someone. */
const GAIN_WORDS = new Set(['get', 'gets', 'gain', 'gains', 'benefit', 'benefits', 'mean', 'means', 'offer', 'offers']);
/** "What does *Morocco* get", "how will *India* benefit": the beneficiary between the auxiliary and the verb of gaining. */
const BENEFICIARY_QUESTION = /^(?:what|how)\s+(?:does|did|do|will|would|could|can|is|are)\s+((?:\S+\s+){0,2}?\S+)\s+(?:get|gain|benefit)\b/;
/** "What's in it for …", "what does … mean for …", "benefits for …", "good for …". */
const FOR_BENEFICIARY = /\b(?:in\s+it\s+for|mean\s+for|means\s+for|benefits?\s+for|good\s+for|gain\s+for|offer\s+for)\s+(\S+(?:\s+\S+){0,2})/;

/** See {@link ParsedQuery.beneficiary}. */
function beneficiaryOf(words: readonly string[], terms: readonly QueryTerm[]): ParsedQuery['beneficiary'] {
  const text = words.join(' ');
  const who = BENEFICIARY_QUESTION.exec(text)?.[1] ?? FOR_BENEFICIARY.exec(text)?.[1];
  if (who === undefined) return undefined;
  const whoTerms = new Set(who.split(' ').map((word) => termOf(word)));
  const owner = terms.findIndex((term) => whoTerms.has(term.term) && term.pos !== 'VERB');
  if (owner < 0) return undefined;
  const gain = new Set(words.filter((word) => GAIN_WORDS.has(word)).map((word) => termOf(word)));
  return { owner, words: terms.flatMap((term, q) => gain.has(term.term) ? [q] : []) };
}

/** Prepositions that end a question when what they govern is what it asks ("sign the MoU *with*"). */
export const STRANDED_PREPOSITIONS: ReadonlySet<string> = new Set(['with', 'to', 'for', 'by', 'from', 'against', 'about', 'into', 'on', 'at', 'in', 'of', 'under', 'over']);

/**
 * Question words before a stranded preposition that may be its verb: the tagger often misreads
 * chat ("who did rajnath *sign* the mou with" as a noun), so the last two question terms before
 * it that are not names ("mou" and "sign"; stop words have no term) both count, and the snippet
 * says which is followed by it.
 */
const SLOT_VERBS = 2;

/** Auxiliaries between "who" and the name that does the verb: "who *did* Singh sign with", "who *was* Singh meeting with". */
const DOER_AUXILIARIES = /^(?:did|does|do|will|would|has|have|had|can|could|was|is|were|are)$/;

/**
 * See {@link ParsedQuery.slot}: the question's last words before a preposition that ends it,
 * and in "who did *Singh* sign with" the name right after the auxiliary (`isName` tells its words).
 */
function slotOf(words: readonly string[], pos: ReadonlyMap<string, string>, terms: readonly QueryTerm[], isName: (word: string) => boolean): ParsedQuery['slot'] {
  const preposition = words.at(-1);
  if (preposition === undefined || words.length < 3 || !STRANDED_PREPOSITIONS.has(preposition)) return undefined;
  const verbs: number[] = [];
  for (let i = words.length - 2; i > 0 && verbs.length < SLOT_VERBS; i--) {
    const term = termOf(words[i]!);
    const at = term === null || pos.get(words[i]!) === 'PROPN' ? -1 : terms.findIndex((t) => t.term === term);
    if (at >= 0) verbs.push(at);
  }
  if (verbs.length === 0) return undefined;
  const who = words.findIndex((word, i) => (word === 'who' || word === 'whom') && DOER_AUXILIARIES.test(words[i + 1] ?? ''));
  let end = who + 2;
  while (who >= 0 && end < words.length - 1 && isName(words[end]!)) end++;
  const doer = who >= 0 && end > who + 2 ? termsAmong(words.slice(who + 2, end), terms) : undefined;
  return { verbs, preposition, ...(doer && { doer }) };
}

/**
 * Whether a name is only an English word in capitals, as a sentence's first word is
 * ("*Counter-terrorism* was at the forefront"): one word, not a name WordNet lists.
 */
function isCapitalisedWord(name: string, thesaurus: Thesaurus): boolean {
  return !/\s/.test(name) && thesaurus.kindsOf(name) === undefined && thesaurus.isWord(foldCase(name).replace(/-/g, ''));
}

/** The index terms of the senses that someone who does something can be: a person, an organisation, a group, a nation. */
const SOMEONE_KINDS = ['person', 'organization', 'group', 'nation'].map((word) => termOf(word)!);
/** The index terms of the senses that name a person. */
const PERSON_KINDS = [termOf('person')!];

/**
 * A test of whether a name as written can answer "who" (WordNet knows it as a person, a group or
 * a nation: not "Rabat" or "the Nile") or "where" (not a person); `undefined` when WordNet does
 * not list the name.
 */
function askedKindTest(asks: 'someone' | 'somewhere', thesaurus: Thesaurus): (name: string) => boolean | undefined {
  return (name) => {
    const kinds = thesaurus.kindsOf(name);
    if (kinds === undefined) return undefined;
    return asks === 'someone' ? kinds.some((kind) => SOMEONE_KINDS.includes(kind)) : !kinds.some((kind) => PERSON_KINDS.includes(kind));
  };
}

/** A word of the question tagged as a name, and whether the articles hold it (as written or as a typo). */
interface NameWord {
  readonly start: number;
  readonly end: number;
  readonly written: string;
  readonly found: boolean;
}

/** A word in capitals, or its plural ("NCOs", "MPs"): an abbreviation, which articles may spell out. */
const ABBREVIATION = /^(?:[A-Z0-9]+|[A-Z][A-Z0-9]+s)$/;

/** See {@link ParsedQuery.unknownName}. `first` is where the question's first word starts. */
function hasUnknownName(text: string, names: readonly NameWord[], first: number | undefined): boolean {
  let run: NameWord[] = [];
  const unknown = () => run.length > 0 && run.every((name) => !name.found && name.start !== first && !ABBREVIATION.test(name.written));
  for (const name of names) {
    const previous = run.at(-1);
    if (previous && /^[\s-]*$/.test(text.slice(previous.end, name.start))) {
      run.push(name);
      continue;
    }
    if (unknown()) return true;
    run = [name];
  }
  return unknown();
}

/** Whether a question word is a name: a proper noun, or (in chat, typed in lower case) a word that is not English. */
function nameTest(pos: ReadonlyMap<string, string>, thesaurus: Thesaurus): (word: string) => boolean {
  return (word) => pos.get(word) === 'PROPN' || (!thesaurus.isWord(word) && !STOP_WORDS.has(word));
}

/** {@link askedNounOf}, as indexes of query terms; `undefined` when the noun is not one. */
function askedAbout(tokens: readonly string[], pos: ReadonlyMap<string, string>, terms: readonly QueryTerm[], vocabulary: QueryVocabulary): AskedAbout | undefined {
  const isName = nameTest(pos, vocabulary.thesaurus);
  const found = askedNounOf(tokens, pos, isName);
  if (!found) return undefined;
  const termIndex = (word: string) => {
    const term = termOf(word);
    return term === null ? -1 : terms.findIndex((t) => t.term === term);
  };
  const noun = termIndex(tokens[found.noun]!);
  if (noun < 0) return undefined;
  const owner = found.owner === undefined ? -1 : termIndex(tokens[found.owner]!);
  return { noun, ...(owner >= 0 && owner !== noun && { owner }), ...(found.speech && { speech: true }), ...(found.count && { count: true }) };
}
