/**
 * Sentence boundaries, entity spans and question types, from wink-nlp's English model.
 * Only this module touches wink-nlp, so the rest of the engine works with plain numbers.
 */
import winkNLP, { type Document, type ItemEntity, type ItemSentence } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

// The model's metaCER() turns its machines into JSON again on every call, so each new pipeline
// would double them (exponential memory); it is made once and shared, as the pipelines only read it.
const metaCER: unknown = (model.metaCER as () => unknown)();
const stableModel: typeof model = { ...model, metaCER: () => metaCER };

/** Only the pipes we read: sentence boundaries, part of speech (proper nouns), entities. */
const pipeline = () => winkNLP(stableModel, ['sbd', 'pos', 'ner']);

/**
 * Characters of words outside the model's vocabulary that the NLP pipeline reads before it is
 * made anew. wink-nlp keeps every new word it meets for as long as its instance lives, so a
 * stream of new words (questions of random words, one refresh after another) would grow memory
 * without end; a new instance starts without them, at the cost of unpacking the model again.
 * The memory kept grows with this bound, the renewals with its inverse: sensible from 100,000
 * (a renewal every few hundred questions of new words) to a few million; 500,000 by default.
 */
export const NLP_RENEW_CHARS = 500_000;

/**
 * The current pipeline, made on first use: a thread that loads the engine but never analyses
 * (the bot's own, which hands questions to its knowledge worker) does not unpack the model.
 */
let nlp: ReturnType<typeof pipeline> | undefined;
/** The current pipeline, made when there is none yet. */
function current(): ReturnType<typeof pipeline> {
  nlp ??= pipeline();
  return nlp;
}
/** Characters of new words read by the current instance. */
let learnedChars = 0;

/**
 * Counts the new words `doc` held (`values`, its tokens) against {@link NLP_RENEW_CHARS}, and
 * renews the pipeline once past it. Called when a document is no longer read.
 */
function countLearned(doc: Document, values: readonly string[]): void {
  for (const value of values) if (doc.isOOV(value)) learnedChars += value.length;
  if (learnedChars < NLP_RENEW_CHARS) return;
  nlp = pipeline();
  learnedChars = 0;
}

/** Kinds of span an answer can be, as found in a sentence. */
export const SpanKind = {
  Date: 1,
  Time: 2,
  Duration: 3,
  Number: 4,
  Money: 5,
  Percent: 6,
  Ordinal: 7,
  /** A run of proper nouns: people, organisations, places. */
  Name: 8,
} as const;
export type SpanKind = (typeof SpanKind)[keyof typeof SpanKind];

const ENTITY_KINDS: Readonly<Record<string, SpanKind>> = {
  DATE: SpanKind.Date,
  TIME: SpanKind.Time,
  DURATION: SpanKind.Duration,
  CARDINAL: SpanKind.Number,
  MONEY: SpanKind.Money,
  PERCENT: SpanKind.Percent,
  ORDINAL: SpanKind.Ordinal,
};

/**
 * A passage cut into sentences, with its entity spans. Both are flat typed arrays of character
 * offsets into the passage text, to keep a 100,000-passage index small:
 * `sentences` is `[start0, end0, start1, end1, …]`, `spans` is `[kind, start, end, …]`.
 */
export interface PassageAnalysis {
  readonly sentences: Int32Array;
  readonly spans: Int32Array;
}

/**
 * Splits a passage into sentences (abbreviations, initials and decimals do not end one; a
 * sentence break inside an open quotation is undone) and finds dates, numbers, amounts and
 * names. Offsets index into `text`, so every sentence is a verbatim slice of it.
 */
export function analyzePassage(text: string): PassageAnalysis {
  const reader = current();
  const doc = reader.readDoc(boundRuns(text));
  // The `its` helpers are one object, shared by every instance.
  const { its } = reader;
  const values = doc.tokens().out() as string[];
  const spaces = doc.tokens().out(its.precedingSpaces) as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  const starts: number[] = [];
  let offset = 0;
  for (let i = 0; i < values.length; i++) {
    offset += spaces[i]!.length;
    starts.push(offset);
    offset += values[i]!.length;
  }
  const startOf = (token: number) => starts[token] ?? text.length;
  const endOf = (token: number) => (starts[token] ?? text.length) + (values[token]?.length ?? 0);

  const ranges: Array<[number, number]> = [];
  doc.sentences().each((sentence: ItemSentence) => {
    const [first, last] = sentence.out(its.span) as unknown as [number, number];
    ranges.push([startOf(first), endOf(last)]);
  });
  const sentences: number[] = [];
  for (let i = 0; i < ranges.length; i++) {
    const range = ranges[i]!;
    let [start, end] = range;
    while (i + 1 < ranges.length && hasOpenQuote(text.slice(start, end))) end = ranges[++i]![1];
    sentences.push(start, end);
  }

  const spans: number[] = [];
  doc.entities().each((entity: ItemEntity) => {
    const [first, last] = entity.out(its.span) as unknown as [number, number];
    const type = entity.out(its.type) as string;
    let kind = ENTITY_KINDS[type];
    if (kind === SpanKind.Number && /^(1[0-9]|20)\d\d$/.test(values[first] ?? '') && first === last) kind = SpanKind.Date;
    if (kind !== undefined) spans.push(kind, startOf(first), endOf(last));
  });
  for (let i = 0; i < pos.length; i++) {
    if (pos[i] !== 'PROPN') continue;
    let last = i;
    while (pos[last + 1] === 'PROPN') last++;
    spans.push(SpanKind.Name, startOf(i), endOf(last));
    i = last;
  }
  countLearned(doc, values);
  return { sentences: Int32Array.from(sentences), spans: Int32Array.from(spans) };
}

/**
 * Longest run of characters without white space that the NLP pipeline reads whole. Its
 * tokenizer takes time that grows with the square of a token's length (a base64 `data:` image
 * is one such token); no word or address a reader asks about is this long. Range 40 to a few
 * hundred; default 64.
 */
export const MAX_RUN_CHARS = 64;

const LONG_RUN = new RegExp(`\\S{${MAX_RUN_CHARS + 1},}`, 'gu');

/**
 * The text the NLP pipeline reads: `text` with a space put in place of every
 * {@link MAX_RUN_CHARS}th character of a longer run, so that its analysis takes time linear in
 * the text's length. The length is unchanged, so offsets still index into `text`, which is
 * what is quoted.
 */
export function boundRuns(text: string): string {
  return text.replace(LONG_RUN, (run) => {
    let out = '';
    for (let i = 0; i < run.length; i += MAX_RUN_CHARS + 1) out += run.slice(i, i + MAX_RUN_CHARS) + (i + MAX_RUN_CHARS < run.length ? ' ' : '');
    return out;
  });
}

function hasOpenQuote(sentence: string): boolean {
  const straight = sentence.split('"').length - 1;
  const opening = sentence.split('“').length - 1;
  const closing = sentence.split('”').length - 1;
  return straight % 2 === 1 || opening > closing;
}

/**
 * Parts of speech of a question's words, lower-cased (the first reading of each word).
 * Nouns name what a question is about; verbs and adjectives are often paraphrased.
 */
export function partsOfSpeech(question: string): Map<string, string> {
  const reader = current();
  const doc = reader.readDoc(question);
  const { its } = reader;
  // Keyed by the word as written, lower-cased, which is how the question's words are looked up
  // (the tagger's normal form spells British words the American way: "defence" as "defense").
  const written = doc.tokens().out(its.value) as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  const result = new Map<string, string>();
  written.forEach((value, i) => {
    const lower = value.toLowerCase();
    if (!result.has(lower)) result.set(lower, pos[i]!);
  });
  countLearned(doc, doc.tokens().out() as string[]);
  return result;
}

/** What a question asks for: the kinds of span that answer it, and the word that said so. */
export interface QuestionFocus {
  readonly kinds: readonly SpanKind[];
  /**
   * A noun that names the kind of answer rather than the topic ("year" in "what year did …"):
   * matching it in an article says nothing about the answer, so it is not searched for.
   */
  readonly typeWord?: string;
  /** The kind of thing a wanted name names ("city" in "which city …"), as written. */
  readonly category?: string;
  /** Whether "who" (someone: a person, a group, a nation) or "where" (somewhere) asks for the name. */
  readonly asks?: 'someone' | 'somewhere';
  /**
   * For a "which" or "what" question that asks for no kind of span, the word after the question
   * word, as written: it opens the noun phrase that names the sort of thing asked for ("which
   * *telescope*", "which *Colombian* minister"), and a name of that sort ("the Llano Alto Survey
   * *Telescope*") answers it.
   */
  readonly sort?: string;
  /** Whether it asks for an age ("how old", "at what age"): only a number that reads as one answers. */
  readonly age?: true;
}

const DATE_NOUNS = /^(year|years|date|century|decade|month|day|era|period)$/;

/** Units of time a count is given in ("how many *days*"). */
const TIME_UNITS = /^(seconds|minutes|hours|days|nights|weeks|months|years|decades|centuries)$/;

/**
 * Whether a question names the unit of the answer it wants: a calendar date ("what *date*",
 * "which *year*", "launch *date*"), not "when", which a snippet may answer without one ("during
 * the visit"), nor "which *period*" or "*era*", which may want a name ("the Quaternary"); or a
 * count of time ("how many *days*"). `words` are lower-case, in question order.
 */
export function namesUnit(words: readonly string[], focus: QuestionFocus): boolean {
  if (focus.typeWord !== undefined && /^(date|day|year|years|month)$/.test(focus.typeWord)) return true;
  return words.some((word, i) => word === 'how' && words[i + 1] === 'many' && TIME_UNITS.test(words[i + 2] ?? ''));
}

const PERCENT_NOUNS = /^(percentage|percent|proportion|share|fraction)$/;
const NUMBER_NOUNS = /^(number|amount|size|population|price|cost|rate|count|total|toll|tally|figure|commission|fee|fare|salary|wage|worth|value|magnitude|speed|distance|age|height|length|weight|capacity|temperature|margin|score|turnout|revenue|profit|fine|premium|ratio)$/;
const CURRENCY_NOUNS = /^(dollars|euros|pounds|yen|yuan|rupees|rand|shillings|francs|pesos|dirhams|naira|taka|kronor|kroner|reais|rubles|roubles|won|cents)$/;
/** Words after "how" that ask for a duration or a date ("how *soon*"). */
const HOW_LONG = /^(long|soon|quickly|quick)$/;
/** Words after "how" that ask for a measure ("how *far*", "how *strong*"). */
const HOW_MEASURE = /^(old|far|large|big|high|tall|deep|often|fast|heavy|wide|strong|close|severe|powerful|small|low|expensive|hot|cold|cheap)$/;

/** Whether a word after "how" makes one question word with it, asking for a count, an amount, a duration or a measure ("how *many*", "how *far*"). */
export function asksWithHow(next: string): boolean {
  return next === 'many' || next === 'much' || HOW_LONG.test(next) || HOW_MEASURE.test(next);
}

const SORT_NOUNS = /^(kind|kinds|type|types|sort|sorts)$/;
/** Words between "which" or "what" and its noun that count or qualify it: "which *two other* cities". */
const QUALIFIERS = /^(\d+|one|two|three|four|five|six|seven|eight|nine|ten|both|other|main|exact|specific|particular|different)$/;
const NAME_NOUNS = /^(city|country|state|place|location|region|continent|nation|town|river|company|team|organization|organisation|university|person|man|woman)$/;

/** The kind of place, group or person a noun names, in the singular ("cities" → "city"), or undefined. */
function nameNounOf(word: string): string | undefined {
  return [word, word.replace(/ies$/, 'y'), word.replace(/s$/, '')].find((form) => NAME_NOUNS.test(form));
}

/** Question words as chat spells them ("whos the minister"), and what they stand for. */
const CHAT_QUESTION_WORDS: Readonly<Record<string, string>> = {
  whos: 'who', whats: 'what', wat: 'what', wht: 'what', wheres: 'where', whens: 'when', hows: 'how',
  // Common misspellings.
  wich: 'which', whch: 'which', whcih: 'which', wihch: 'which', whihc: 'which', waht: 'what', whta: 'what', wut: 'what',
  wher: 'where', whre: 'where', whn: 'when', hw: 'how',
};

/** A word as the question word it stands for ("whos" → "who"), or itself. */
function asQuestionWord(word: string): string {
  return CHAT_QUESTION_WORDS[word] ?? word;
}

/**
 * Whether the noun phrase of "what is …" ends at `words[i]`: the question opens with "what" or
 * "which" and a form of "be" (or "the": "what's" is read without its "'s"), no preposition
 * comes before it (not "what is the origin *of* the name in Arabic"), and only a phrase of
 * time or place follows ("… name *in 2015*").
 */
function endsWhatIs(words: readonly string[], i: number): boolean {
  return /^(what|which)$/.test(asQuestionWord(words[0] ?? '')) && /^(is|was|are|were|the)$/.test(words[1] ?? '')
    && /^(in|on|at|during|before|after|back|then|now|today)$/.test(words[i + 1] ?? '')
    && !words.slice(2, i).some((word) => /^(of|for|about|behind|from|in)$/.test(word));
}

/**
 * The verb with which a question asks what a word or an abbreviation means ("what does MoU
 * *stand* for", "what is PTWU *short* for", "what does 'plastid' *mean*", not "what does it
 * mean *for* Morocco"): it names the kind of answer, a definition, and is not searched for.
 */
function definitionAsked(words: readonly string[]): string | undefined {
  if (asQuestionWord(words[0] ?? '') !== 'what') return undefined;
  const at = words.findIndex((word, i) => i > 1 && /^(stand|stands|stood|short)$/.test(word) && words[i + 1] === 'for');
  if (at > 0) return words[at];
  const mean = words.indexOf('mean');
  const tail = words.slice(mean + 1);
  return mean > 2 && /^(does|do|did)$/.test(words[1] ?? '') && (tail.length === 0 || (tail.length === 2 && tail[0] === 'in')) ? 'mean' : undefined;
}

/**
 * What kind of answer a question asks for, read from its question word and the noun after
 * it: "who" or "the name of" wants a name, "when" or "what year" a date, "how many" a number.
 * The first that says decides ("When was the city given its name?" wants a date). No kinds when
 * the question does not say (most "what" questions). `words` are lower-case, in question order.
 */
export function questionFocus(words: readonly string[]): QuestionFocus {
  const definition = definitionAsked(words);
  if (definition !== undefined) return { kinds: [], typeWord: definition };
  // "Why" and "how did …" ask for a reason or a manner: a later "name" is then what they ask
  // about ("How did the city get its name?"), not the kind of answer.
  let asksReason = false;
  let sort: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = asQuestionWord(words[i]!);
    const next = words[i + 1] ?? '';
    switch (word) {
      case 'who':
      case 'whom':
      case 'whose':
        return { kinds: [SpanKind.Name], asks: 'someone' };
      case 'where':
        return { kinds: [SpanKind.Name], asks: 'somewhere' };
      case 'when':
        return { kinds: [SpanKind.Date, SpanKind.Time] };
      case 'how':
        // "How many" counts things (a share or a sum of money is "how much"), unless what it
        // counts is money ("how many dollars").
        if (next === 'many') return { kinds: CURRENCY_NOUNS.test(words[i + 2] ?? '') ? [SpanKind.Money, SpanKind.Number] : [SpanKind.Number] };
        if (next === 'much') return { kinds: [SpanKind.Number, SpanKind.Money, SpanKind.Percent] };
        if (HOW_LONG.test(next)) return { kinds: [SpanKind.Duration, SpanKind.Number, SpanKind.Date] };
        // "How big a deal" asks how much something matters, not for a measure.
        // Nor does "how wide-ranging": it asks how much ground something covers.
        if (next === 'old') return { kinds: [SpanKind.Number, SpanKind.Duration], age: true };
        if (HOW_MEASURE.test(next) && !(words[i + 2] === 'a' && words[i + 3] === 'deal') && !/^rang/.test(words[i + 2] ?? '')) return { kinds: [SpanKind.Number, SpanKind.Duration, SpanKind.Percent] };
        asksReason = true;
        break;
      case 'why':
        asksReason = true;
        break;
      case 'what':
      case 'which': {
        // "which 2 countries", "what other cities": a count or qualifier before the noun says
        // nothing of the kind of answer.
        let n = i + 1;
        while (QUALIFIERS.test(words[n] ?? '')) n++;
        const next = words[n] ?? '';
        const measure = measureOf(next) ?? measureOf(nounAfterLinking(words, i + 1));
        if (measure) return measure;
        const category = nameNounOf(next);
        if (category) return { kinds: [SpanKind.Name], category };
        if (SORT_NOUNS.test(next)) return { kinds: [], typeWord: next };
        if (next && !LINKING_WORDS.has(next) && !QUESTION_WORDS.has(next)) sort ??= next;
        break;
      }
      case 'name':
      case 'names':
        // "Name one of the causes of …" asks for something to be named, of no particular kind.
        if (i === 0) return { kinds: [], typeWord: word };
        // "What is the name of …", "another name for …", "what name …", "morocco defence
        // minister name": a name is wanted, and the word itself says nothing about which.
        // So does "what was the Indian PM's name in 2015?": the name ends what the question asks.
        if (!asksReason && (next === 'of' || next === 'for' || /^(what|which)$/.test(words[i - 1] ?? '') || i === words.length - 1 || endsWhatIs(words, i))) {
          return { kinds: [SpanKind.Name], typeWord: word };
        }
        break;
      default:
        break;
    }
  }
  // A question typed as keywords ("senegal port cost?", "launch date") names what it wants last.
  if (!words.some((word) => QUESTION_WORDS.has(asQuestionWord(word)))) {
    const measure = measureOf(words.at(-1) ?? '');
    if (measure) return measure;
  }
  return sort ? { kinds: [], sort } : { kinds: [] };
}

/** The words that make a question of a sentence. */
export const QUESTION_WORDS: ReadonlySet<string> = new Set(['who', 'whom', 'whose', 'what', 'when', 'where', 'which', 'why', 'how']);
/** Words between a question word and the noun it governs: "what *is the* price", "how much *is a* fare". */
export const LINKING_WORDS: ReadonlySet<string> = new Set(['is', 'are', 'was', 'were', 'the', 'a', 'an', 'will', 'be', 'been', 'has', 'have', 'had', 'do', 'does', 'did']);

/** The noun after the linking words that follow position `from`, or ''. */
function nounAfterLinking(words: readonly string[], from: number): string {
  let n = from;
  while (LINKING_WORDS.has(words[n] ?? '')) n++;
  return n > from ? (words[n] ?? '') : '';
}

/** The kinds a noun of measure asks for ("year" a date, "share" a percentage, "cost" a number), or undefined. */
function measureOf(noun: string): QuestionFocus | undefined {
  if (DATE_NOUNS.test(noun)) return { kinds: [SpanKind.Date, SpanKind.Time], typeWord: noun };
  if (noun === 'time') return { kinds: [SpanKind.Time, SpanKind.Date], typeWord: noun };
  if (PERCENT_NOUNS.test(noun)) return { kinds: [SpanKind.Percent, SpanKind.Number], typeWord: noun };
  if (noun === 'age') return { kinds: [SpanKind.Number, SpanKind.Duration], typeWord: noun, age: true };
  if (NUMBER_NOUNS.test(noun)) return { kinds: [SpanKind.Number, SpanKind.Money, SpanKind.Percent] };
  return undefined;
}
