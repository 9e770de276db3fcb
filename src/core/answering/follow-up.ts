/**
 * Follow-ups: a message read together with the question before it. "And when?", "who else was
 * there?" and "what about Morocco?" say little on their own; read with the previous question's
 * subject (its names, its other content words and what it asked for) they are answered about
 * the same thing.
 *
 * The context is small and explicit: a {@link Subject} of a few words, never the conversation.
 * It is carried only when the message reads as a follow-up (see {@link isFollowUp}); a
 * question that names its own subject starts afresh. Nothing here touches the ranking: the
 * engine searches the message with the carried words added, as if the member had typed them.
 */
import { asksWithHow, partsOfSpeech, QUESTION_WORDS, questionFocus, STOP_WORDS, termsOf, tokenize, type Token } from '../language/index.js';
import { checkQuestion, MAX_QUESTION_CHARS } from './input.js';
import { isChatFiller } from './query.js';

/** What a question is about, as carried to the question after it. */
export interface Subject {
  /**
   * Names as written: runs of capitalised words ("Rajnath Singh", "MoU"), in question order;
   * after a follow-up, those it carried first, then its own.
   */
  readonly names: readonly string[];
  /** The other content words, lower case, in question order. */
  readonly words: readonly string[];
  /** What the question asked for: its question word ("who", "when", "how many", "what date"), when it had one. */
  readonly asks?: string;
  /** The article the answer quoted first (its slug), so "tl;dr" after an answer summarises it. */
  readonly article?: string;
}

/** How a message was read: on its own, or with words carried from the question before it. */
export interface Reading {
  /** The message as asked. */
  readonly question: string;
  /** What the engine searches: the message, with the carried words when it is a follow-up. */
  readonly searched: string;
  /** What came from the previous question; absent when the message was read on its own. */
  readonly carried?: Subject;
  /** The subject to carry to the next message. */
  readonly subject: Subject;
  /** The conversation's article the answer was taken from alone, when the follow-up stayed on it (see `AnswerOptions.within`). */
  readonly within?: string;
  /** The message's own words the answer had to speak of (see `AnswerOptions.about`). */
  readonly about?: readonly string[];
}

/** Most names a subject keeps (a question's first ones; a follow-up's own and the latest carried); more would outweigh the follow-up's own words. */
export const MAX_SUBJECT_NAMES = 4;
/**
 * Most other content words a subject keeps, chosen as its names are: enough for all the words of
 * a long chat question ("the welsh seagrass scientist who died, when did she become director of
 * the station"), whose last words are often what a follow-up asks about. Range 1 to 20; default 9.
 */
export const MAX_SUBJECT_WORDS = 9;

/** Words that ask for something, or answer the bot ("no, I meant …"), rather than name it: never part of a subject. */
const REQUEST_WORDS = new Set(['explain', 'describe', 'define', 'list', 'show', 'give', 'summarize', 'summarise', 'mention', 'say', 'said', 'else', 'mean', 'meant', 'no', 'nope']);
/** Modal verbs ("what *will* they do"): they say when or whether, never what a question is about. */
const MODALS = new Set(['will', 'would', 'shall', 'should', 'can', 'could', 'may', 'might', 'must']);
/** An opening that hangs the message on the previous one: "and", "what about", "how about", "also". */
const CONTINUATION = /^\s*(?:(?:and|but|also|so|plus|ok(?:ay)?|then)\b[\s,]*)*(?:(?:what|how)\s+about\b|anything\s+else\b|what\s+else\b|more\s+(?:about|on)\b)?\s*/i;
/** "What about …", "how about …": the words after it take the place of the last thing asked about. */
const INSTEAD = /\b(?:what|how)\s+about$/i;
/**
 * Openings of chat that acknowledge the answer before asking on ("ok but what is …", "so who
 * …"): the message may hang on the one before, or start afresh, so it is read both ways.
 */
const LOOSE_OPENING = /^(?:(?:but|so|ok(?:ay)?|then)\b[\s,]*)+$/i;
/**
 * An opening that announces another subject ("diff question, …", "unrelated but …", "new q:",
 * "switching topics -", "on another note", "nvm that,"): the message is no follow-up, and the
 * opening is not searched (no article holds "diff").
 */
const NEW_TOPIC = new RegExp(
  String.raw`^\s*(?:(?:ok(?:ay)?|so|hey|oh|and|but)\b[\s,]*)*`
  + String.raw`(?:(?:(?:a|one|an)\s+)?(?:diff(?:erent)?|unrelated|random|separate|other|another|side)\s+(?:q|qs|question|questions|topic|subject|thing)`
  + String.raw`|new\s+(?:q|qs|question|questions|topic|subject)`
  + String.raw`|(?:unrelated|random(?:ly)?|diff(?:erent)?)(?=\s*(?:[,:;.!?—–-]|but\b))`
  + String.raw`|switching\s+(?:topics?|subjects?|gears)|change\s+of\s+(?:topic|subject)`
  + String.raw`|on\s+(?:a|an)?\s*(?:different|another|other|unrelated|separate|happier|lighter|sadder)\s+note`
  + String.raw`|nvm(?:\s+that)?|never\s*mind(?:\s+that)?)`
  + String.raw`\b[\s,:;.!?—–-]*(?:but\b[\s,]*)?`,
  'i',
);
/**
 * Personal pronouns that stand for someone or something, which a follow-up that carries words
 * does not search for (see `searchedText`). Possessives ("*their* manager") stay: they say whose
 * the thing asked about is.
 */
const PERSONAL_PRONOUNS = /\s*\b(?:he|she|it|they|them|him)\b/gi;
/** Whether a text has a word at all (a letter or a digit). */
const HAS_WORDS = /[\p{L}\p{N}]/u;
/** Words that point back at something named earlier. */
const REFERRING = new Set(['he', 'she', 'it', 'they', 'them', 'him', 'his', 'her', 'hers', 'its', 'their', 'theirs', 'this', 'that', 'these', 'those', 'there', 'then', 'else']);

/**
 * Whether a token, as written, is part of a name: capitalised, and either not the first word,
 * capitalised inside ("MoU", "NATO"), or read as a proper noun ("Morocco?", not "Explain …").
 */
function isNamePart(text: string, token: Token, first: boolean): boolean {
  const written = text.slice(token.start, token.end);
  if (!/^\p{Lu}/u.test(written)) return false;
  return !first || /\p{Lu}/u.test(written.slice(1)) || partsOfSpeech(text).get(token.word) === 'PROPN';
}

/**
 * The subject of a question: its names, its other content words (stop words, question words,
 * chat filler and request words like "explain" left out, and mentions, markup and links) and
 * its question word. Bounded by
 * {@link MAX_SUBJECT_NAMES} and {@link MAX_SUBJECT_WORDS}; empty lists when the question has
 * none.
 */
export function subjectOf(asked: string): Subject {
  // Mentions, markup and links are no part of what is asked about.
  const checked = checkQuestion(asked, { latin: false });
  const question = checked.ok ? checked.text : asked;
  const tokens = tokenize(question);
  const names: string[] = [];
  const words: string[] = [];
  let asks: string | undefined;
  let name: Token[] = [];
  const endName = () => {
    if (name.length > 0) names.push(question.slice(name[0]!.start, name.at(-1)!.end));
    name = [];
  };
  // The noun of the kind asked right after "what" or "which" ("what *date*", "which *year*")
  // belongs to the question word, as "many" does to "how": it says what is asked for, not about.
  const { typeWord } = questionFocus(tokens.map((token) => token.word));
  tokens.forEach((token, i) => {
    const { word } = token;
    if (QUESTION_WORDS.has(word)) {
      endName();
      const next = tokens[i + 1]?.word ?? '';
      asks ??= (word === 'how' && asksWithHow(next)) || ((word === 'what' || word === 'which') && next === typeWord) ? `${word} ${next}` : word;
      return;
    }
    if (isNamePart(question, token, i === 0) && !STOP_WORDS.has(word)) {
      // A name runs on over the words between its parts only when they touch ("Rajnath Singh").
      if (name.length > 0 && /\S/.test(question.slice(name.at(-1)!.end, token.start).replace(/[-'’.]/g, ''))) endName();
      name.push(token);
      return;
    }
    endName();
    if (STOP_WORDS.has(word) || MODALS.has(word) || REQUEST_WORDS.has(word) || isChatFiller(word) || word.length < 2 || (asks?.includes(' ') && word === asks.slice(asks.indexOf(' ') + 1))) return;
    words.push(word);
  });
  endName();
  return {
    names: unique(names).slice(0, MAX_SUBJECT_NAMES),
    words: unique(words).slice(0, MAX_SUBJECT_WORDS),
    ...(asks !== undefined && { asks }),
  };
}

function unique(items: readonly string[]): string[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = item.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Whether a message reads as a follow-up rather than a question of its own: it opens on the
 * previous one ("and …", "what about …", "also …"), points back ("he", "it", "there", "else"),
 * or names nothing of its own ("when?", "per share?", "how many routes are still running"). A
 * question that names its subject ("What does the MoU cover?") starts afresh. A follow-up with
 * words of its own is also answered as typed (see {@link betterAlone}), so that a question about
 * another story typed without capitals is not dragged back to the previous one.
 */
export function isFollowUp(question: string, own: Subject = subjectOf(question)): boolean {
  return hangsOn(question) || own.names.length === 0;
}

/** Whether a message hangs on the one before by its opening ("and …", "what about …") or a word that points back ("he", "it"). */
function hangsOn(question: string): boolean {
  return continuationOf(question).length > 0 || tokenize(question).some((token) => REFERRING.has(token.word));
}

/** The index terms of a message's own names and words, without its opening ("and what about"). */
function ownTermsOf(question: string): Set<string> {
  return termsIn(ownWordsOf(question));
}

/** The message's own names and words, without its opening ("and what about"): what the member typed to ask about. */
function ownWordsOf(question: string): string {
  const { names, words } = subjectOf(question.trim().slice(continuationOf(question).length));
  return [...names, ...words].join(' ');
}

/**
 * The words a follow-up's answer must speak of: the message's own names and words, lower case
 * ("what university is she from": "university", "she"). Empty when it has none ("and when?").
 */
export function askedWordsOf(question: string): string[] {
  return tokenize(ownWordsOf(question)).map((token) => token.word);
}

/** The index terms of the names and words a reading carried. */
function carriedTermsOf(reading: Reading): Set<string> {
  const { names = [], words = [] } = reading.carried ?? {};
  return termsIn([...names, ...words].join(' '));
}

function termsIn(text: string): Set<string> {
  return new Set(termsOf(text).map((t) => t.term));
}

/** How many of `terms` a text holds. */
function countIn(text: string, terms: ReadonlySet<string>): number {
  let count = 0;
  for (const term of termsIn(text)) if (terms.has(term)) count++;
  return count;
}

/**
 * Whether a follow-up may be better answered as typed (see {@link betterAlone}): it carried
 * something and has words of its own. Only then is it worth answering a second time.
 */
export function mayAnswerAlone(reading: Reading): boolean {
  return carriedAnything(reading) && ownTermsOf(reading.question).size > 0;
}

/** What reading a message one way gave: the first snippet quoted, or the words no article mentions when it was declined. */
export interface ReadingOutcome {
  /** The first snippet, as quoted; `undefined` when the reading was declined. */
  readonly first?: string;
  /** When declined: the words of the reading that no article mentions. */
  readonly unknownWords?: readonly string[];
  /** The article of the first snippet (its slug), when answered. */
  readonly article?: string;
}

/**
 * Fewest of a message's own words that must be in another article, and not in the
 * conversation's, for the message to leave the conversation's story (see {@link leavesStory}).
 * One such word is weak evidence: the conversation's article may say it in other words ("how
 * much *money*", "who was the *judge*"). Range 1 to 4; default 2.
 */
export const MIN_WORDS_NAMING_ANOTHER_STORY = 2;

/** An article as a follow-up weighs it: its slug and the index terms of its title and text. */
export interface Story {
  readonly slug: string;
  readonly terms: ReadonlySet<string>;
}

/** Stories already read, by article: an article that changes is a new object. */
const STORIES = new WeakMap<object, Story>();

/** An article's {@link Story}. */
export function storyOf(article: { readonly slug: string; readonly title: string; readonly paragraphs: readonly string[] }): Story {
  let story = STORIES.get(article);
  if (story === undefined) {
    story = { slug: article.slug, terms: termsIn([article.title, ...article.paragraphs].join('\n')) };
    STORIES.set(article, story);
  }
  return story;
}

/**
 * Whether a follow-up leaves the conversation's story (`story`, the article its last answer
 * quoted first) for `other`, the article the message as typed is answered from. It does when
 * `other` holds at least {@link MIN_WORDS_NAMING_ANOTHER_STORY} of the message's own words that
 * `story` lacks ("ok diff thing, how many people were at the harbor hawks title game"), or more
 * of the message's own and carried words together than `story` does (the question before was
 * answered from the wrong story, and the follow-up finds the right one). Otherwise it stays, and
 * is answered from `story` alone: a short follow-up's word that another story holds better ("why
 * so few", "who was the judge") does not take the conversation elsewhere.
 */
export function leavesStory(reading: Reading, story: Story, other: Story): boolean {
  const own = ownTermsOf(reading.question);
  let named = 0;
  for (const term of own) if (other.terms.has(term) && !story.terms.has(term)) named++;
  if (named >= MIN_WORDS_NAMING_ANOTHER_STORY) return true;
  const asked = new Set([...own, ...carriedTermsOf(reading)]);
  let inOther = 0;
  let inStory = 0;
  for (const term of asked) {
    if (other.terms.has(term)) inOther++;
    if (story.terms.has(term)) inStory++;
  }
  return inOther > inStory;
}

/**
 * Whether a follow-up is better answered as typed, without what it carried: the member's own
 * words come first. So when the reading with the carried words is declined and the message as
 * typed is answered ("and terrorism?" after a question the articles do not answer); when the
 * message as typed is declined for words of its own that no article mentions ("is that legally
 * binding?"), whatever the carried words find; and when the message's own first snippet holds
 * more of its own words than that reading's first snippet does ("what about maritime security"
 * after questions on training) and, for a message that hangs on the one before other than by
 * "what about" or a loose opening ("ok but …"), as many of the carried words ("and in Lisbon?");
 * or, for a message that does not hang on the one before, as many, from the same article.
 * A follow-up that stays on the conversation's story (`stays`, its slug: see {@link leavesStory})
 * is better answered as typed only from that story.
 */
export function betterAlone(reading: Reading, withCarried: ReadingOutcome, alone: ReadingOutcome, stays?: string): boolean {
  const { question } = reading;
  const own = ownTermsOf(question);
  if (!carriedAnything(reading) || own.size === 0) return false;
  if (alone.first === undefined) return withCarried.first !== undefined && (alone.unknownWords?.length ?? 0) > 0;
  if (stays !== undefined && alone.article !== stays) return false;
  if (withCarried.first === undefined) return true;
  const ownAlone = countIn(alone.first, own);
  const ownCarried = countIn(withCarried.first, own);
  // A message that does not hang on the one before, read as a follow-up only for naming nothing
  // in capitals ("who is morocco's defence minister"), is answered as typed when that answer,
  // from the same article, holds as many of its own words: the carried words only pull the
  // answer towards the previous question's sentence.
  if (ownAlone === ownCarried && !hangsOn(question) && alone.article !== undefined && alone.article === withCarried.article) return true;
  if (ownAlone <= ownCarried) return false;
  // "What about …" puts its words in place of the last thing asked about; "and …", "he", "it"
  // keep the whole subject, which the answer as typed must hold as well. "Ok but …" may do
  // either: the message's own words decide.
  if (!hangsOn(question) || INSTEAD.test(continuationOf(question)) || hangsOnLoosely(question)) return true;
  const carried = carriedTermsOf(reading);
  return countIn(alone.first, carried) >= countIn(withCarried.first, carried);
}

/** Whether a message hangs on the one before only by a loose opening ("ok but …"), no word pointing back. */
function hangsOnLoosely(question: string): boolean {
  const opening = continuationOf(question);
  return opening.length > 0 && LOOSE_OPENING.test(opening) && !tokenize(question).some((token) => REFERRING.has(token.word));
}

/** The opening that hangs a message on the one before ("and what about "), or "". */
function continuationOf(question: string): string {
  return CONTINUATION.exec(question)?.[0].trim() ?? '';
}

/**
 * Reads a message together with the subject of the question before it. Returns the message
 * on its own when there is no previous subject or when the message does not read as a
 * follow-up. Otherwise carries the previous names and words the message does not repeat, and
 * its question word when the message has none ("what about Morocco?" after "Who signed …"
 * asks who, too). After "what about" or "how about", what the message names takes the place of
 * the previous question's last name (or, when it had none, its last word).
 */
export function readFollowUp(question: string, previous: Subject | undefined): Reading {
  const newTopic = NEW_TOPIC.exec(question)?.[0] ?? '';
  if (newTopic.length > 0 && HAS_WORDS.test(question.slice(newTopic.length))) {
    const rest = question.slice(newTopic.length).trim();
    return { question, searched: rest, subject: subjectOf(rest) };
  }
  const opening = continuationOf(question);
  const rest = question.trim().slice(opening.length).trim();
  // The question word is read from the whole message ("what else …" asks what), but not from
  // "what about …", which asks whatever the previous question asked.
  const ownAsks = subjectOf(question.replace(/\b(?:what|how)\s+about\b/gi, ' ')).asks;
  const own: Subject = { ...subjectOf(rest), ...(ownAsks !== undefined && { asks: ownAsks }) };
  // A message with no words ("", "?") is no follow-up: it asks nothing, and is refused as it is.
  if (!previous || !HAS_WORDS.test(question) || !isFollowUp(question, own)) return { question, searched: question, subject: subjectOf(question) };

  const said = (text: string) => rest.toLowerCase().includes(text.toLowerCase());
  // "What about Morocco?": what it names takes the place of the last thing asked about (the
  // last name, or the last word when the previous question had no names).
  const instead = INSTEAD.test(opening) && own.names.length + own.words.length > 0;
  const replaced = instead ? (previous.names.length > 0 ? previous.names.at(-1) : previous.words.at(-1)) : undefined;
  const names = previous.names.filter((name) => name !== replaced && !said(name));
  const ownWords = new Set(own.words);
  const words = previous.words.filter((word) => word !== replaced && !ownWords.has(word) && !said(word));
  const asks = own.asks === undefined && previous.asks !== undefined ? previous.asks : undefined;
  const { carried, searched } = withinLimit(rest, { names, words, ...(asks !== undefined && { asks }) });
  // The message's own names and words come last, as the last thing asked about: the one a
  // later "what about …" replaces. The oldest carried ones give way to keep the subject small.
  const subject: Subject = {
    names: unique([...carried.names, ...own.names]).slice(-MAX_SUBJECT_NAMES),
    words: unique([...carried.words, ...own.words]).slice(-MAX_SUBJECT_WORDS),
    ...((own.asks ?? previous.asks) !== undefined && { asks: own.asks ?? previous.asks }),
    ...(previous.article !== undefined && { article: previous.article }),
  };
  return { question, searched: searched || question, carried, subject };
}

/** What the engine searches for a follow-up: its question word, the message, then the names and words carried. */
function searchedText(rest: string, carried: Subject): string {
  // A personal pronoun stands for what the carried words name: searched as written, "how old is
  // *she*" would match any sentence's "she".
  const said = carried.names.length + carried.words.length > 0 ? rest.replace(PERSONAL_PRONOUNS, '').trim() : rest;
  return [carried.asks, said, ...carried.names, ...carried.words].filter((part) => part !== undefined && part.length > 0).join(' ');
}

/**
 * What a follow-up carries, cut so that what is searched stays within
 * {@link MAX_QUESTION_CHARS}: the engine refuses a longer text, and the member typed the message
 * within the limit. The first words go first (a subject lists the oldest first), then the first
 * names, then the question word; a message over the limit on its own is left for the engine to
 * refuse as typed.
 */
function withinLimit(rest: string, full: Subject): { carried: Subject; searched: string } {
  let carried = full;
  let searched = searchedText(rest, carried);
  while (searched.length > MAX_QUESTION_CHARS) {
    const { names, words, asks } = carried;
    if (words.length > 0) carried = { ...carried, words: words.slice(1) };
    else if (names.length > 0) carried = { ...carried, names: names.slice(1) };
    else if (asks !== undefined) carried = { names, words };
    else break;
    searched = searchedText(rest, carried);
  }
  return { carried, searched };
}

/**
 * The subject to carry on after a declined question: without its question word (a question the
 * articles do not answer frames nothing) and without the words no article mentions
 * (`unknownWords`, compared in lower case), which could only sink the next question too.
 */
export function subjectAfterDecline(subject: Subject, unknownWords: readonly string[]): Subject {
  const unknown = new Set(unknownWords.map((word) => word.toLowerCase()));
  const kept = (item: string) => !unknown.has(item.toLowerCase());
  const { asks: _asks, ...rest } = subject;
  return { ...rest, names: subject.names.filter(kept), words: subject.words.filter(kept) };
}

/** Whether a reading carried anything at all. */
export function carriedAnything(reading: Reading): boolean {
  const { carried } = reading;
  return carried !== undefined && (carried.names.length > 0 || carried.words.length > 0 || carried.asks !== undefined);
}
