/**
 * Scoring candidate snippets for a question. A candidate is a sentence, or two consecutive
 * sentences that fit in one snippet: questions often name their subject in one sentence and
 * ask about what the next one says ("He is also the oldest quarterback…").
 *
 * score = sentence·(share of the question the snippet covers, length-normalised; words of its
 *                   article's title count as covered: every sentence speaks of what it names)
 *       + paragraph·(share its paragraph and title cover)
 *       + search·(paragraph's search score / best search score)
 *       + kind·(it holds the kind of answer asked for, next to a matched word)
 *       + phrase·(share of the question's neighbouring word pairs found together)
 *       + slot·(it holds the question's verb and the preposition that ends it: "signed *with*")
 *       + meaning·(share of the question with a word close in meaning in the snippet)
 *       + sentenceMeaning·(cosine of the question's and the snippet's sentence meaning vectors)
 *       + paragraphMeaning·(the same for the snippet's whole paragraph)
 * A paragraph's later sentences also cover the names of its first sentence (its other words at
 * `leadWordsWeight`), and a sentence that refers back (a pronoun near its start, or "this …")
 * the words of the sentence before it. Shares weight each question word by its inverse document
 * frequency (idf).
 */
import { type Passage, passageTerms, type PassageTerms } from '../articles/index.js';
import { meaningSimilarity, SpanKind, termOf, tokenize, type WordVectors } from '../language/index.js';
import { type ParsedQuery, PROMINENCE, SIGNIFICANCE, STRANDED_PREPOSITIONS } from './query.js';
import { MAX_SNIPPET_CHARS } from './snippet.js';

/**
 * How snippets are ranked and when the engine declines. Each weight scales one part of a
 * snippet's score (see the top of this file); what each rule does and why, and how the defaults
 * were chosen, is in `docs/ranking.md`. Values outside the ranges given are accepted but have
 * not been measured.
 */
export interface RankingOptions {
  /**
   * Weight of a match through a typo, per edit (so two edits count its square), relative to the
   * word itself (1). Range 0 to 1; default 0.8. Below 1, so a sentence with the reader's own
   * words wins over one with a near miss.
   */
  readonly typoWeight: number;
  /** Weight of a match through a WordNet synonym ("pact" for "agreement"). Range 0 to 1; default 0.6. */
  readonly synonymWeight: number;
  /**
   * Weight of a match through a broader or narrower WordNet word ("treaty" for "agreement"), or
   * a word of a less common sense ("exercises" for "drills"). Range 0 to 1; default 0.35.
   */
  readonly nearbyWeight: number;
  /**
   * Weight of the share of the question a snippet covers (idf-weighted, length-normalised; words
   * of the article's title and of its paragraph's first sentence count as covered). Range 0 to
   * 1; default 0.7. The main signal: the other weights are measured against it.
   */
  readonly sentenceWeight: number;
  /** Weight of the share of the question the snippet's paragraph and article title cover. Range 0 to 0.5; default 0.1. */
  readonly paragraphWeight: number;
  /** Weight of the paragraph's search score, relative to the best candidate's. Range 0 to 0.5; default 0.15. */
  readonly searchWeight: number;
  /**
   * Weight of holding the kind of answer asked for (a date for "when", a number for "how many",
   * a name for "who") next to a word of the question. Range 0 to 0.5; default 0.25.
   */
  readonly kindWeight: number;
  /**
   * Multiplies `kindWeight` for a follow-up that stays on the conversation's story and adds only
   * the kind of answer it wants ("when?", "how much??", "for how long"): the kind is all it
   * says, and the words carried from the question before favour what that question was
   * answered with. Range 1 to 4 (1 turns it off); default 2.
   */
  readonly followUpKindFactor: number;
  /**
   * Added to `kindWeight` when the name of the kind asked follows one of the question's names
   * with only a possessive and a title between ("*Morocco's* Defence Minister *Abdellatif
   * Loudiyi*" for "who signed for Morocco"): the one asked about is that name's. Not for "where".
   * Also added when, for "how many *X*", the number is followed closely by *X* ("38 of its 112
   * *stores*"): it counts what is asked, not something else the snippet mentions.
   * Range 0 to 0.3; default 0.1.
   */
  readonly boundNameWeight: number;
  /**
   * Weight of the share of the question's neighbouring word pairs found within two words of
   * each other ("oldest quarterback" as a phrase). Range 0 to 0.5; default 0.1.
   */
  readonly phraseWeight: number;
  /**
   * Weight of holding a verb of the question followed by the preposition that ends the question
   * ("signed *with*" for "who did Singh sign the MoU with"), and then the kind of answer asked
   * for, if any: what follows the preposition is what the question asks. Range 0 to 0.5;
   * default 0.35.
   */
  readonly slotWeight: number;
  /**
   * Weight of the share of the question whose words each have a word close in meaning in the
   * snippet, by word vectors (each word's closest, its cosine cubed so that only near meanings
   * count: 0.9 gives 0.73, 0.5 gives 0.13). It picks the sentence that says what the question
   * asks in other words ("Who led the Panthers in sacks?" → "Kawann Short led the team in
   * sacks"). Range 0 to 1.5; default 1.2.
   */
  readonly meaningWeight: number;
  /**
   * How many of the best-searched candidate paragraphs get word-by-word closeness in meaning;
   * the others count the words found as written instead (a word is closest to itself): past the
   * first few a paragraph seldom holds the answer, and closeness is the costly part of ranking.
   * Range 0 to the number of candidates (20); default 12.
   */
  readonly meaningPassages: number;
  /**
   * How much a question word's closeness in meaning to a snippet's word (cubed, as for
   * `meaningWeight`) counts as evidence that the articles answer, against finding the word
   * itself (1), so that a question put in other words ("military drills" for "joint
   * exercises") is not declined. Range 0 to 1; default 0.9.
   */
  readonly meaningEvidence: number;
  /**
   * Weight, in a paragraph's later sentences, of its first sentence's words other than names
   * (which count in full, as the title's words do): a paragraph's later sentences speak of whom
   * or what its first one names. Range 0 to 1; default 0.75.
   */
  readonly leadWordsWeight: number;
  /** BM25-style length normalisation of the sentence share: 0 none, 1 full; default 0.25. */
  readonly lengthNormalization: number;
  /**
   * Weight of a question's verbs, adjectives and adverbs against its nouns, names and numbers
   * (1). A question says what it is about with nouns; its verbs are the words most often
   * paraphrased ("die" for "passed away"). Range 0 to 1; default 0.7.
   */
  readonly predicateWeight: number;
  /**
   * Confidence is multiplied by this when a snippet's paragraph does not speak of what the
   * question asks about (the noun its question word governs: "who is the *mayor*", "how many
   * *users*"). Range 0 to 1 (1 turns the check off); default 0.5.
   */
  readonly askedMissingFactor: number;
  /**
   * Confidence is multiplied by this when a snippet speaks of what the question asks about for
   * another name than the one asked ("the prime minister *of Morocco*" against "India's Prime
   * Minister"): it answers another question. Range 0 to 1 (1 turns the check off); default 0.25.
   */
  readonly otherOwnerFactor: number;
  /**
   * Confidence is multiplied by this when a question asks what someone said or how they reacted
   * ("what did Modi say about the agreement") and the snippet reports nothing said: no quotation
   * mark, no verb or noun of speech ("said", "warned", "welcomed", "statement"). Range 0 to 1
   * (1 turns the check off); default 0.25.
   */
  readonly unsaidFactor: number;
  /** Weight of speaking of what the question asks about (see `askedMissingFactor`) in the score. Range 0 to 0.5; default 0.35. */
  readonly askedWeight: number;
  /**
   * Taken from the score of a snippet that speaks of what the question asks about for another
   * name than the one asked (see `otherOwnerFactor`), so that one speaking of the asked one ranks
   * above it ("Morocco's Defence Minister" for "who is the Moroccan defence minister", not "Prime
   * Minister Narendra Modi" beside "Moroccan King"). Range 0 to 0.5; default 0.2.
   */
  readonly otherOwnerWeight: number;
  /**
   * Weight of the closeness in meaning of the whole snippet to the whole question: the cosine of
   * their sentence meaning vectors (`SentenceEncoder`), when both are known. Word by word
   * closeness (`meaningWeight`) sees words; this sees what a sentence says ("will they share
   * technology" and "technology sharing"). Range 0 to 2 (0 turns it off); default 1.2.
   */
  readonly sentenceMeaningWeight: number;
  /**
   * How much the closeness in meaning of the whole snippet to the whole question counts as
   * evidence that the articles answer: its cosine above `sentenceMeaningFloor`, times this, is
   * added to the confidence. Range 0 to 1.5 (0 turns it off); default 0: it raised the
   * confidence of unanswerable questions as much as of answerable ones.
   */
  readonly sentenceMeaningEvidence: number;
  /**
   * Weight of the closeness in meaning of the snippet's whole paragraph to the question: the
   * cosine of the question's meaning vector with the mean of its sentences' vectors. A sentence's
   * own meaning says whether it says what is asked; its paragraph's, whether it stands where
   * the article speaks of it (the paragraph about the strike, not the one about fares). Range 0
   * to 1.5 (0 turns it off); default 0.6.
   */
  readonly paragraphMeaningWeight: number;
  /**
   * Cosine of sentence meanings below which closeness counts for nothing as evidence (sentences
   * on other subjects come out at about 0.1 to 0.3). Range 0 to 1; default 0.3.
   */
  readonly sentenceMeaningFloor: number;
  /**
   * Confidence is multiplied by this when a question asks for a date, time or number and the
   * snippet holds none ("When was the MoU signed?" of an article that gives no date). Range 0
   * to 1; default 0.5.
   */
  readonly missingKindFactor: number;
  /**
   * Confidence is multiplied by this when the question names someone or something that no
   * article mentions ("did *Algeria* say anything about the pact"): whatever is quoted speaks of
   * others. Applies on top of the lower confidence of a paragraph that lacks a name of the
   * question. Range 0 to 1 (1 turns the check off); default 0.5.
   */
  readonly unknownNameFactor: number;
  /**
   * Least confidence for an answer; see `confidence` in {@link ScoredSnippet}. Range 0 to 1;
   * default 0.31, chosen to keep answerable questions wrongly declined rare while declining
   * most off-topic ones (`npm run eval -- --thresholds` shows the trade-off).
   */
  readonly minConfidence: number;
  /** A snippet after the first is shown only when it scores at least this share of the best. Range 0 to 1; default 0.5. */
  readonly relativeSnippetScore: number;
  /**
   * The text right after the best snippet (its next sentence, or two) is shown second when it
   * scores at least this share of the best: the answer may follow the sentence that names what
   * the question is about ("… Tesla Electric Light & Manufacturing. The company installed …").
   * Range 0 to 1; default 1: only when it scores as well, since the next best snippet, often in
   * another paragraph, holds the answer more often (the best sentence is already shown with the
   * one after it when both fit in one snippet).
   */
  readonly continuationScore: number;
}

/** The defaults, documented with each option above. */
export const DEFAULT_RANKING: RankingOptions = {
  typoWeight: 0.8,
  synonymWeight: 0.6,
  nearbyWeight: 0.35,
  sentenceWeight: 0.7,
  paragraphWeight: 0.1,
  searchWeight: 0.15,
  kindWeight: 0.25,
  followUpKindFactor: 2,
  boundNameWeight: 0.1,
  phraseWeight: 0.1,
  slotWeight: 0.35,
  meaningWeight: 1.2,
  meaningPassages: 12,
  meaningEvidence: 0.9,
  leadWordsWeight: 0.75,
  lengthNormalization: 0.25,
  predicateWeight: 0.7,
  sentenceMeaningWeight: 1.2,
  sentenceMeaningEvidence: 0,
  paragraphMeaningWeight: 0.6,
  sentenceMeaningFloor: 0.3,
  missingKindFactor: 0.5,
  unknownNameFactor: 0.5,
  askedMissingFactor: 0.5,
  askedWeight: 0.35,
  otherOwnerWeight: 0.2,
  otherOwnerFactor: 0.25,
  unsaidFactor: 0.25,
  minConfidence: 0.31,
  relativeSnippetScore: 0.5,
  continuationScore: 1,
};

/** BM25's term-frequency saturation constant, used in the length normalisation. */
const BM25_K1 = 1.2;
/** Confidence is multiplied by this when the paragraph lacks a name the question mentions. */
const MISSING_NAME_FACTOR = 0.6;
/** Closeness in meaning is the cosine of two words' vectors raised to this power. */
const CLOSENESS_POWER = 3;
/** Farthest, in index terms, the name a question binds to what it asks about may stand from it. */
const OWNER_WINDOW = 5;
/** Farthest, in index terms, a name before a noun stands when it modifies it ("*Indian* Defence Minister"). */
const MODIFIER_WINDOW = 2;
/**
 * Least closeness in meaning (cosine cubed) that counts as speaking of what the question asks
 * about when its word is not there: about a cosine of 0.7.
 */
const ASKED_CLOSENESS = 0.34;
/** What reports what someone said or how they reacted: a quotation mark, or a verb or noun of speech. */
const SPEECH = new RegExp(
  `["“”«»]|\\b(?:said|told|wrote|written|thought|felt|stated|noted|added|expressed|stressed|thanked|claimed|demanded|hailed|according|statement|spokes(?:person|man|woman)|interview|(?:${[
    'say', 'tell', 'warn', 'announce', 'comment', 'respond', 'react', 'reaction', 'welcome', 'condemn', 'criticise', 'criticize',
    'praise', 'reject', 'denounce', 'describe', 'insist', 'argue', 'urge', 'assure', 'advise', 'encourage', 'ask', 'suggest',
    'explain', 'declare', 'promise', 'acknowledge', 'admit', 'confirm', 'deny', 'denie', 'reply', 'replie', 'tweet', 'pledge',
    'vow', 'threaten', 'accuse', 'blame', 'apologise', 'apologize', 'emphasise', 'emphasize', 'predict', 'recommend', 'propose',
    'write', 'think', 'believe', 'feel',
  ].join('|')})(?:s|es|d|ed|ing)?)\\b`,
  'i',
);
/** Farthest a candidate answer may stand from a matched word of the question, in characters. */
const KIND_NEAR_CHARS = 60;

/**
 * A sentence that depends on the one before it: it opens with a pronoun ("He is also…",
 * "They…"), or points back with a demonstrative ("During this hold…", "uses this network type",
 * "As part of this merger…"). It speaks of someone or something the sentence before it names.
 */
export const REFERS_BACK = /^(?:\S+\s+){0,2}(?:he|she|it|they|his|her|its|their)\b|\b(?:this|these|those|such)\s+(?!as\b)\p{L}/iu;

/** A candidate snippet: a slice of a passage, with the reasons for its score. */
export interface ScoredSnippet {
  readonly passage: Passage;
  readonly start: number;
  readonly end: number;
  readonly score: number;
  /** Share of the question (idf-weighted) the snippet covers. */
  readonly coverage: number;
  /** Share its paragraph and article title cover. */
  readonly paragraphCoverage: number;
  /**
   * Confidence that it answers the question: the shares of snippet and paragraph, averaged,
   * with thesaurus matches counting their weight squared ("pact" found as "agreement" ranks a
   * sentence but says less about whether the articles answer at all) and a word close in
   * meaning `meaningEvidence` of its closeness, and lowered when the paragraph lacks a name the
   * question mentions ("Did Pakistan sign a similar agreement?").
   */
  readonly confidence: number;
  /** The paragraph's search score relative to the best candidate's. */
  readonly search: number;
  /** Whether it holds the kind of answer asked for. */
  readonly kind: boolean;
  /** Each part of the score, weighted (they add up to `score`): what `--explain` shows. */
  readonly parts: ScoreParts;
  /** What the confidence was made of: what `--explain` shows. */
  readonly trust: ConfidenceParts;
}

/** The parts of a snippet's confidence (see `ScoredSnippet.confidence`). */
export interface ConfidenceParts {
  /** The snippet's evidence that it answers: the share of the question it holds or says in other words. */
  readonly evidence: number;
  /** The same for its paragraph and title. */
  readonly paragraphEvidence: number;
  /** Cosine of the snippet's and the question's sentence meanings (0 when not known). */
  readonly meaning: number;
  /** Factor for names of the question missing from the paragraph or from every article. */
  readonly names: number;
  /** Factor for lacking the kind of answer asked for (a date, a number). */
  readonly kind: number;
  /**
   * Whether the snippet speaks of what the question asks about: `yes`, `missing`, `other`
   * (someone else's), or `unsaid` (the question asks what someone said and it reports nothing said).
   */
  readonly asked: 'yes' | 'missing' | 'other' | 'unsaid';
}

/** The weighted parts of a snippet's score, named as the weights in {@link RankingOptions}. */
export interface ScoreParts {
  readonly sentence: number;
  readonly paragraph: number;
  readonly search: number;
  readonly kind: number;
  readonly phrase: number;
  readonly slot: number;
  readonly meaning: number;
  readonly asked: number;
  readonly sentenceMeaning: number;
  readonly paragraphMeaning: number;
}

/**
 * For each index term, the query terms it matches: `[query term index, weight, evidence
 * weight, 1 when it is the word itself or a typo of it (not a thesaurus match)]`.
 */
type MatchIndex = ReadonlyMap<string, ReadonlyArray<readonly [number, number, number, number]>>;

function matchIndexOf(query: ParsedQuery): MatchIndex {
  const index = new Map<string, Array<readonly [number, number, number, number]>>();
  query.terms.forEach((q, i) => {
    for (const [match, weight] of q.matches) {
      const related = q.related.has(match);
      const entries = index.get(match) ?? [];
      entries.push([i, weight, related ? weight * weight : weight, related ? 0 : 1]);
      index.set(match, entries);
    }
  });
  return index;
}

/** The question as the ranking reads it: its terms' weights and what each index term matches. */
interface Question {
  readonly query: ParsedQuery;
  readonly matches: MatchIndex;
  /** Each question term's idf. */
  readonly idf: Float64Array;
  readonly totalIdf: number;
}

function questionOf(query: ParsedQuery): Question {
  const idf = Float64Array.from(query.terms, (q) => q.idf);
  return { query, matches: matchIndexOf(query), idf, totalIdf: idf.reduce((sum, value) => sum + value, 0) };
}

/** Which question terms some text matches, and how. Arrays are indexed by question term. */
interface Coverage {
  /** Best match weight (1 for the word itself, less for a typo or a relative). */
  readonly best: Float64Array;
  /** Best match as evidence that the text answers: thesaurus matches count their weight squared. */
  readonly strict: Float64Array;
  /** 1 when the word itself (or a typo of it) is there, not only a relative. */
  readonly direct: Uint8Array;
  /** Where each question term matched: indexes into the passage's terms. */
  readonly positions: readonly number[][];
}

/** What `terms[from, to)` (and the terms in `extra`, at no position) cover of the question. */
function coverageOf(question: Question, terms: readonly string[], from: number, to: number, extra?: ReadonlySet<string>): Coverage {
  const count = question.idf.length;
  const coverage = { best: new Float64Array(count), strict: new Float64Array(count), direct: new Uint8Array(count), positions: Array.from({ length: count }, (): number[] => []) };
  const visit = (term: string, at: number) => {
    for (const [q, weight, evidence, isDirect] of question.matches.get(term) ?? []) {
      if (weight > coverage.best[q]!) coverage.best[q] = weight;
      if (evidence > coverage.strict[q]!) coverage.strict[q] = evidence;
      if (isDirect) coverage.direct[q] = 1;
      if (at >= 0) coverage.positions[q]!.push(at);
    }
  };
  for (let k = from; k < to; k++) visit(terms[k]!, k);
  for (const term of extra ?? []) visit(term, -1);
  return coverage;
}

/** Best match weights of each question term among some terms (a title's, a sentence's). */
function bestOf(question: Question, terms: Iterable<string>): Float64Array {
  const weights = new Float64Array(question.idf.length);
  for (const term of terms) {
    for (const [q, weight] of question.matches.get(term) ?? []) weights[q] = Math.max(weights[q]!, weight);
  }
  return weights;
}

/** The idf-weighted share of the question that `weights` (one per question term) cover. */
function shareOf(question: Question, weights: ArrayLike<number>): number {
  let share = 0;
  for (let q = 0; q < question.idf.length; q++) share += question.idf[q]! * weights[q]!;
  return share / question.totalIdf;
}

/** Each question term's larger weight of two. */
function larger(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: a.length }, (_, q) => Math.max(a[q]!, b[q]!));
}

/**
 * The evidence that text answers: each question word found (its `strict` weight) or, when
 * `closest` is given, close in meaning (`meaningEvidence` of its closeness), whichever is more.
 */
function evidenceOf(question: Question, strict: Float64Array, closest: Float64Array | undefined, meaningEvidence: number): number {
  if (!closest) return shareOf(question, strict);
  return shareOf(question, strict.map((weight, q) => Math.max(weight, meaningEvidence * closest[q]!)));
}

/**
 * What a paragraph's later sentences also cover, without holding it: the question words in its
 * article's title (every sentence speaks of what the title names) and in its first sentence
 * (the later ones speak of whom or what it names): its names in full, its other words at
 * `leadWordsWeight`.
 */
function topicOf(question: Question, passage: Passage, analysed: PassageTerms, leadWordsWeight: number): { title: Float64Array; topic: Float64Array } {
  const { terms, starts, ends, sentenceTerms } = analysed;
  const title = bestOf(question, analysed.titleTerms);
  const leadNames = new Set<string>();
  const leadWords = new Set<string>();
  const [leadStart, leadEnd] = [passage.sentences[0]!, passage.sentences[1]!];
  for (let j = 0; j < passage.spans.length; j += 3) {
    if (passage.spans[j] !== SpanKind.Name || passage.spans[j + 1]! < leadStart || passage.spans[j + 2]! > leadEnd) continue;
    for (let k = sentenceTerms[0]!; k < sentenceTerms[1]!; k++) {
      if (starts[k]! >= passage.spans[j + 1]! && ends[k]! <= passage.spans[j + 2]!) leadNames.add(terms[k]!);
    }
  }
  for (let k = sentenceTerms[0]!; k < sentenceTerms[1]!; k++) leadWords.add(terms[k]!);
  const lead = bestOf(question, leadWords).map((weight) => leadWordsWeight * weight);
  return { title, topic: larger(larger(bestOf(question, leadNames), title), lead) };
}

/** The terms of sentence `s` of a passage. */
function sentenceTermsOf(analysed: PassageTerms, s: number): string[] {
  return analysed.terms.slice(analysed.sentenceTerms[s]!, analysed.sentenceTerms[s + 1]!);
}

/** The coverage with the question term `category` found in full (see `ParsedQuery.absentCategory`). */
function withCategoryFound(coverage: Coverage, category: number): Coverage {
  const best = Float64Array.from(coverage.best);
  best[category] = 1;
  return { ...coverage, best };
}

/** `weights` (one per question term) with question terms `terms` at 1 (`weights` itself when there are none). */
function withOnes(weights: Float64Array, terms: readonly number[]): Float64Array {
  if (terms.length === 0) return weights;
  const found = Float64Array.from(weights);
  for (const q of terms) found[q] = 1;
  return found;
}

/** The coverage with question terms `terms` found in full, as words and as evidence. */
function withFound(coverage: Coverage, terms: readonly number[]): Coverage {
  return terms.length === 0 ? coverage : { ...coverage, best: withOnes(coverage.best, terms), strict: withOnes(coverage.strict, terms) };
}

/**
 * The question terms that `text` says without holding them, in set phrases: "at the forefront"
 * says "the top priority" (`ParsedQuery.prominence`), "a landmark pact" how much it matters
 * (`significance`), "For Morocco, …" what Morocco gains (`beneficiary`); "the two
 * countries" are the story's parties, and in "who did Singh sign with" Singh is who signed,
 * both held by every text (`parties`, `slot.doer`).
 */
function saidByPhrases(question: Question, text: string, forBeneficiary: boolean): number[] {
  const { prominence, significance, beneficiary, parties, saidAs, slot } = question.query;
  return [
    ...(prominence && PROMINENCE.test(text) ? prominence : []),
    ...(saidAs ?? []).flatMap(({ terms, said }) => (said.test(text) ? terms : [])),
    ...(significance && SIGNIFICANCE.test(text) ? significance : []),
    ...(forBeneficiary ? beneficiary!.words : []),
    ...(parties ?? []),
    ...(slot?.doer ?? []),
  ];
}

/** "For Morocco, …": a clause opening on "For" and a name, up to its comma. */
const FOR_NAME = /(?:^|[.;:]\s+|,\s+)For\s+((?:\p{Lu}[\p{L}'’-]*\s*){1,4}),/gu;

/** Whether `text` says what something means for the question's beneficiary ("*For Morocco*, this marks …"). */
function speaksForBeneficiary(question: Question, text: string): boolean {
  const { beneficiary } = question.query;
  if (!beneficiary) return false;
  for (const match of text.matchAll(FOR_NAME)) {
    for (const token of tokenize(match[1]!)) {
      if (question.matches.get(termOf(token.word) ?? '')?.some(([q, , , direct]) => q === beneficiary.owner && direct === 1)) return true;
    }
  }
  return false;
}

/** What stands before a noun that refers to the story's parties together: "*both* countries", "the *two* nations". */
const PARTY_BEFORE = /\b(?:both|two|2)\s+$/i;

/**
 * The coverage without question term `category` (see `ParsedQuery.category`) when the snippet
 * holds it only as the story's parties together ("both countries", "the two nations"): that
 * says no name of the kind asked.
 */
function withoutPartyCategory(coverage: Coverage, category: number, passage: Passage, analysed: PassageTerms): Coverage {
  const positions = coverage.positions[category]!;
  const before = (k: number) => passage.text.slice(Math.max(0, analysed.starts[k]! - 8), analysed.starts[k]!);
  if (positions.length === 0 || !positions.every((k) => PARTY_BEFORE.test(before(k)))) return coverage;
  const best = Float64Array.from(coverage.best);
  const strict = Float64Array.from(coverage.strict);
  best[category] = 0;
  strict[category] = 0;
  return { ...coverage, best, strict };
}

/** Farthest, in characters, a name of the question may stand before the name it is bound to. */
const BOUND_NAME_CHARS = 40;

/**
 * Whether the snippet `[start, end)` holds a name of the kind asked right after a name of the
 * question, with only a possessive and capitalised words between ("*Morocco's* Defence Minister
 * *Abdellatif Loudiyi*" for "who signed for Morocco"); when the question asks about a role
 * ("who is Morocco's defence *minister*"), the role must be among those words or in the name.
 */
function boundName(question: Question, paragraph: ParagraphContext, positions: readonly number[][], start: number, end: number): boolean {
  const { passage, analysed } = paragraph;
  const { query } = question;
  for (let j = 0; j < passage.spans.length; j += 3) {
    const [kind, a, b] = [passage.spans[j] as SpanKind, passage.spans[j + 1]!, passage.spans[j + 2]!];
    if (a < start || b > end || kind !== SpanKind.Name || !answersAs(query, kind, passage, a, b)) continue;
    for (const list of positions) {
      for (const k of list) {
        // The term's first letter: a possessive ("Morocco’s") may be a term with the name.
        if (analysed.ends[k]! > a || a - analysed.ends[k]! > BOUND_NAME_CHARS || !inName(passage, analysed.starts[k]!, analysed.starts[k]! + 1)) continue;
        if (!/^(?:['’]s)?(?:\s+\p{Lu}[\p{L}-]*)*\s+$/u.test(passage.text.slice(analysed.ends[k]!, a))) continue;
        // A question about someone's role ("who is Morocco's defence *minister*") wants the name that holds it.
        const noun = query.asked?.noun;
        if (noun === undefined || positions[noun]!.some((p) => analysed.starts[p]! >= analysed.ends[k]! && analysed.ends[p]! <= b)) return true;
      }
    }
  }
  return false;
}

/** Sorts of place named after "of": "the port of Porto Lindë", not "the religion of France". */
const PLACE_SORT = /^(?:port|city|town|village|island|state|province|region|county|district|municipality|republic|kingdom)s?$/i;

/** What stands between a name and the sort's noun that describes it in apposition: "Prairie Bloom*, a brie-style* cheese". */
const SORT_AFTER = /^,\s+(?:a|an|the)\s+(?:[\p{L}\p{N}'’-]+\s+){0,3}$/u;

/** Whether a sort's noun (`noun`) names the name that follows it after `between`: "a monastery, the Dongshan Dafo Dian"; "the port of Porto Lindë". */
function sortBefore(noun: string, between: string): boolean {
  return /^,\s+(?:the\s+)?$/.test(between) || (/^\s+of\s+$/.test(between) && PLACE_SORT.test(noun));
}

/**
 * Whether the snippet `[start, end)` names one of the sort a "which" question asks for (question
 * term `sort`, as written or a typo, not a relative: "state" is no "status"): a name that ends
 * or opens with the sort's noun and says more than the question ("the Llano Alto Survey
 * *Telescope*", "*River* Lenn"), or follows it after a comma ("a Buddhist *monastery*, the
 * Dongshan Dafo Dian") or, for a place, after "of" ("the *port of* Porto Lindë"), or is described
 * by it after a comma ("Prairie Bloom, a brie-style *cheese*"); not the noun
 * alone ("a survey telescope"), nor a name where it only qualifies another noun ("Trent Valley
 * *Hospitals* NHS Trust" is a trust).
 */
function namesSort(question: Question, paragraph: ParagraphContext, sort: number, found: readonly number[], start: number, end: number): boolean {
  const { passage, analysed } = paragraph;
  const { query } = question;
  const positions = found.filter((k) => matchesStrongly(question, analysed.terms[k]!, sort, Number.POSITIVE_INFINITY));
  for (let j = 0; j < passage.spans.length; j += 3) {
    const [kind, a, b] = [passage.spans[j] as SpanKind, passage.spans[j + 1]!, passage.spans[j + 2]!];
    if (kind !== SpanKind.Name || a < start || b > end || !answersAs(query, kind, passage, a, b)) continue;
    if (positions.some((k) => analysed.starts[k]! >= a && analysed.ends[k]! <= b && (analysed.starts[k]! === a) !== (analysed.ends[k]! === b))) return true;
    // "a Buddhist *monastery*, the Dongshan Dafo Dian"; "the southern *port of* Porto Lindë".
    if (positions.some((k) => analysed.ends[k]! <= a && sortBefore(passage.text.slice(analysed.starts[k]!, analysed.ends[k]!), passage.text.slice(analysed.ends[k]!, a)))) return true;
    // "Prairie Bloom, a brie-style *cheese*".
    if (positions.some((k) => analysed.starts[k]! >= b && SORT_AFTER.test(passage.text.slice(b, analysed.starts[k]!)))) return true;
  }
  return false;
}

/** A number and the noun it counts: at most three words between, no punctuation ("38 of its 112 *stores*", "4.7 million *users*"). */
const COUNTED_GAP = /^(?:\s+[\p{L}\p{N}'’-]+){0,3}?\s+$/u;

/** Whether, in a question that asks how many of its noun, a number in `[start, end)` counts that noun: the noun follows it closely. */
function countsAsked(question: Question, paragraph: ParagraphContext, nounPositions: readonly number[], start: number, end: number): boolean {
  const { passage, analysed } = paragraph;
  for (let j = 0; j < passage.spans.length; j += 3) {
    const [kind, a, b] = [passage.spans[j] as SpanKind, passage.spans[j + 1]!, passage.spans[j + 2]!];
    if (a < start || b > end || kind !== SpanKind.Number || !answersAs(question.query, kind, passage, a, b)) continue;
    if (nounPositions.some((k) => analysed.starts[k]! >= b && COUNTED_GAP.test(passage.text.slice(b, analysed.starts[k]!)))) return true;
  }
  return false;
}

/** Words that may stand between a verb and its preposition ("signed *the MoU* with"). */
const SLOT_GAP = 3;

/** How far after the verb the text is read for its preposition: {@link SLOT_GAP} long words and it. */
const SLOT_REACH_CHARS = 100;

/** For each preposition a question may end with, what follows a verb that it ends: up to {@link SLOT_GAP} words, then it. */
const PREPOSITION_AFTER: ReadonlyMap<string, RegExp> = new Map([...STRANDED_PREPOSITIONS].map((preposition) => [
  preposition,
  new RegExp(`^(?:\\s+[\\p{L}\\p{N}'’-]+){0,${SLOT_GAP}}?\\s+${preposition.replace(/[^a-z]/g, '')}\\s`, 'iu'),
]));

/**
 * Whether, in the snippet ending at `end`, one of the slot's verbs (as written, a typo, or a
 * relative weighing at least `minWeight`) is followed by its preposition within
 * {@link SLOT_GAP} words and no punctuation; for a question that wants a kind of answer ("*who*
 * did they sign with"), then by one of that kind within {@link KIND_NEAR_CHARS} characters.
 */
function fillsSlot(question: Question, slot: NonNullable<ParsedQuery['slot']>, passage: Passage, analysed: PassageTerms, positions: readonly number[][], end: number, minWeight: number): boolean {
  const { query } = question;
  const after = PREPOSITION_AFTER.get(slot.preposition);
  if (!after) return false;
  return slot.verbs.some((verb) => positions[verb]!.some((k) => {
    if (!matchesStrongly(question, analysed.terms[k]!, verb, minWeight)) return false;
    const from = analysed.ends[k]!;
    const found = after.exec(passage.text.slice(from, Math.min(end, from + SLOT_REACH_CHARS)));
    if (!found) return false;
    if (query.kinds.length === 0) return true;
    const at = from + found[0].length;
    return hasAnswerSpan(passage, at, Math.min(end, at + KIND_NEAR_CHARS), query);
  }));
}

/** Share of the question's neighbouring word pairs (idf-weighted) found within two words of each other. */
function phraseOf(question: Question, positions: readonly number[][]): number {
  let found = 0;
  let all = 0;
  for (let q = 1; q < positions.length; q++) {
    const pair = question.idf[q - 1]! + question.idf[q]!;
    all += pair;
    const previous = positions[q - 1]!;
    if (positions[q]!.some((i) => previous.some((j) => Math.abs(i - j) <= 2))) found += pair;
  }
  return all > 0 ? found / all : 0;
}

/** Each question term's closest meaning in sentences `[first, last]`, from a paragraph's closeness table. */
function closestIn(closeness: Float64Array, count: number, sentenceCount: number, first: number, last: number): Float64Array {
  const closest = new Float64Array(count);
  for (let q = 0; q < count; q++) {
    for (let k = first; k <= last; k++) closest[q] = Math.max(closest[q]!, closeness[q * sentenceCount + k]!);
  }
  return closest;
}

/** What is known of one candidate paragraph before its sentences are scored. */
interface ParagraphContext {
  readonly passage: Passage;
  readonly analysed: PassageTerms;
  /** The paragraph's search score relative to the best candidate's. */
  readonly search: number;
  /** What the paragraph and its title cover. */
  readonly share: number;
  /** Which question terms the paragraph's own text holds, and where. */
  readonly coverage: Coverage;
  /** The paragraph's evidence that it answers (closeness in meaning counted). */
  readonly evidence: number;
  /** Lowers confidence when the paragraph lacks a name the question mentions, more when no article has it. */
  readonly nameFactor: number;
  /** Closeness in meaning of each question word to each sentence; undefined past the best-searched paragraphs. */
  readonly closeness: Float64Array | undefined;
  readonly title: Float64Array;
  readonly topic: Float64Array;
  /** Each sentence's closeness in meaning to the whole question (cosine), when known. */
  readonly sentenceMeaning: Float64Array | undefined;
  /** The paragraph's closeness in meaning to the whole question (cosine with its sentences' mean), 0 when not known. */
  readonly paragraphMeaning: number;
  /**
   * Where the paragraph holds what the question asks about (`ParsedQuery.asked`) as the word
   * itself, a typo or a synonym: a broader or narrower word ("office" for "mayor") does not say
   * whose or which one is asked.
   */
  readonly askedAt: readonly number[];
  /**
   * The closeness in meaning to what the question asks about of the paragraph's closest word
   * that is not itself a word of the question ("jupiter" is close to "moons", but a sentence
   * about Jupiter need not speak of its moons); 0 past the best-searched paragraphs, and when
   * the paragraph holds the word itself (`askedAt`), which says more.
   */
  readonly askedCloseness: number;
}

/**
 * Meaning vectors for ranking: the question's, and each candidate paragraph's sentences' when
 * known (a knowledge base too large to encode whole has them for its newest articles only).
 */
export interface SentenceMeanings {
  readonly question: Int8Array;
  of(passage: Passage): Int8Array | undefined;
}

function paragraphContext(question: Question, hit: { readonly passage: Passage; readonly score: number }, rank: number, topScore: number, ranking: RankingOptions, vectors: WordVectors, meanings?: SentenceMeanings): ParagraphContext {
  const { passage } = hit;
  const analysed = passageTerms(passage);
  const count = question.idf.length;
  const sentenceCount = passage.sentences.length / 2;
  const closeness = ranking.meaningWeight > 0 && rank < ranking.meaningPassages ? closenessOf(question.query, passage, analysed, vectors) : undefined;
  const paragraph = withFound(coverageOf(question, analysed.terms, 0, analysed.terms.length, analysed.titleTerms), saidByPhrases(question, passage.text, false));
  const missingName = question.query.terms.some((q, i) => q.pos === 'PROPN' && paragraph.direct[i] === 0);
  const closest = closeness && closestIn(closeness, count, sentenceCount, 0, sentenceCount - 1);
  const askedAt = askedPositions(question, analysed, paragraph.positions, ranking.synonymWeight);
  return {
    passage,
    analysed,
    search: hit.score / topScore,
    share: shareOf(question, paragraph.best),
    coverage: paragraph,
    evidence: evidenceOf(question, paragraph.strict, closest, ranking.meaningEvidence),
    nameFactor: (missingName ? MISSING_NAME_FACTOR : 1) * (question.query.unknownName ? ranking.unknownNameFactor : 1),
    closeness,
    ...topicOf(question, passage, analysed, ranking.leadWordsWeight),
    ...meaningsOf(meanings, passage),
    askedAt,
    askedCloseness: closeness && askedAt.length === 0 ? askedClosenessOf(question, passage, analysed, vectors) : 0,
  };
}

/**
 * Of the positions where each question term matched, those of the asked noun matched as written,
 * as a typo (also of an English word: "minster" for "minister"), or at `minWeight` or more.
 */
function askedPositions(question: Question, analysed: PassageTerms, positions: readonly number[][], minWeight: number): number[] {
  const noun = question.query.asked?.noun;
  if (noun === undefined) return [];
  return positions[noun]!.filter((k) => matchesStrongly(question, analysed.terms[k]!, noun, minWeight));
}

/** Whether an index term matches question term `q` as written, as a typo (of an English word too), or at `minWeight` or more. */
function matchesStrongly(question: Question, term: string, q: number, minWeight: number): boolean {
  return question.matches.get(term)?.some(([matched, weight, , direct]) => matched === q && (weight >= minWeight || direct === 1)) ?? false;
}

/** The asked noun's closeness in meaning (cubed) to the closest paragraph word that matches no other question word. */
function askedClosenessOf(question: Question, passage: Passage, analysed: PassageTerms, vectors: WordVectors): number {
  const noun = question.query.asked?.noun;
  const vector = noun === undefined ? -1 : question.query.terms[noun]!.vector;
  if (vector < 0) return 0;
  const ids = vectorIdsOf(passage, analysed, vectors);
  let closest = 0;
  for (let k = 0; k < ids.length; k++) {
    if (ids[k]! < 0 || question.matches.get(analysed.terms[k]!)?.some(([q]) => q !== noun)) continue;
    closest = Math.max(closest, vectors.similarity(vector, ids[k]!));
  }
  return closest ** CLOSENESS_POWER;
}

/**
 * Each sentence's closeness in meaning to the question, and the paragraph's: the cosine of the
 * question's vector with the mean of its sentences' (unit) vectors, which is their cosines'
 * sum over the length of their sum.
 */
function meaningsOf(meanings: SentenceMeanings | undefined, passage: Passage): Pick<ParagraphContext, 'sentenceMeaning' | 'paragraphMeaning'> {
  const vectors = meanings?.of(passage);
  if (!meanings || !vectors) return { sentenceMeaning: undefined, paragraphMeaning: 0 };
  const count = passage.sentences.length / 2;
  const sentenceMeaning = Float64Array.from({ length: count }, (_, s) => meaningSimilarity(meanings.question, 0, vectors, s));
  let squaredLength = count;
  for (let a = 0; a < count; a++) for (let b = a + 1; b < count; b++) squaredLength += 2 * meaningSimilarity(vectors, a, vectors, b);
  const sum = sentenceMeaning.reduce((total, cosine) => total + cosine, 0);
  return { sentenceMeaning, paragraphMeaning: squaredLength > 0 ? sum / Math.sqrt(squaredLength) : 0 };
}

/**
 * Scores the snippet of sentences `[s, last]` of a paragraph. `meanSentenceTerms` is the
 * corpus's mean sentence length in terms, for length normalisation.
 */
function scoreSnippet(question: Question, paragraph: ParagraphContext, s: number, last: number, ranking: RankingOptions, meanSentenceTerms: number): ScoredSnippet {
  const { passage, analysed } = paragraph;
  const { query } = question;
  const { sentenceTerms, starts, ends } = analysed;
  const start = passage.sentences[s * 2]!;
  const end = passage.sentences[last * 2 + 1]!;
  const count = question.idf.length;
  const sentenceCount = passage.sentences.length / 2;
  // A sentence that refers back also covers the words of the sentence before it, which names
  // what it speaks of ("Goldenson … proposed a merger between UPT and DuMont…. As part of this
  // merger, … DuMont would have received $5 million"); the first sentence covers its title's.
  const refersBack = s > 0 && REFERS_BACK.test(passage.text.slice(start, passage.sentences[s * 2 + 1]!));
  const alsoCovered = refersBack
    ? larger(bestOf(question, sentenceTermsOf(analysed, s - 1)), paragraph.topic)
    : s > 0 ? paragraph.topic : paragraph.title;
  const from = sentenceTerms[s]!;
  const to = sentenceTerms[last + 1]!;
  // Words the snippet says in set phrases count as found, and as close in meaning.
  const text = passage.text.slice(start, end);
  const forBeneficiary = speaksForBeneficiary(question, text);
  const saidByPhrase = saidByPhrases(question, text, forBeneficiary);
  const found = withFound(coverageOf(question, analysed.terms, from, to), saidByPhrase);
  let kind = forBeneficiary;
  let bound = false;
  // A question that wants a date or a number, quoted a snippet with none, is not answered.
  let kindFactor = 1;
  if (query.kinds.length > 0) {
    const matched = found.positions.flatMap((list) => list.map((k) => [starts[k]!, ends[k]!] as const));
    kind = hasAnswerSpan(passage, start, end, query, matched);
    if (ranking.boundNameWeight > 0 && kind) {
      if (query.asked?.count) bound = countsAsked(question, paragraph, found.positions[query.asked.noun]!, start, end);
      else if (query.kinds.includes(SpanKind.Name) && query.asks !== 'somewhere') bound = boundName(question, paragraph, found.positions, start, end);
    }
    // With no name near any of the question's words, none stands beside what a question asks the name of.
    if (!kind && (query.named !== undefined || lacksAskedKind(query, passage, start, end))) kindFactor = ranking.missingKindFactor;
  } else if (query.sort !== undefined && namesSort(question, paragraph, query.sort, found.positions[query.sort]!, start, end)) {
    kind = true;
    bound = true;
  }
  // "Which city" of articles that never say "city": a city's name is the only way to say it.
  // "Which countries", of "both countries face …": those are the story's parties again; the
  // names of the kind asked, if the snippet holds any, are what answer (`kind`).
  const window = kind && query.absentCategory !== undefined ? withCategoryFound(found, query.absentCategory)
    : query.category !== undefined ? withoutPartyCategory(found, query.category, passage, analysed) : found;
  const share = shareOf(question, window.best);
  const withAlso = shareOf(question, larger(window.best, alsoCovered));
  const phrase = ranking.phraseWeight > 0 && count > 1 ? phraseOf(question, window.positions) : 0;
  // BM25's length normalisation for a term seen once: a short sentence that holds the
  // question's words is a better snippet than a long one that holds them too. A second
  // sentence that refers back ("During this hold…", "He is also…") needs the first to make
  // sense: the pair is then measured as long as its longer sentence.
  const referring = last > s && REFERS_BACK.test(passage.text.slice(passage.sentences[last * 2]!, passage.sentences[last * 2 + 1]!));
  const length = referring ? Math.max(sentenceTerms[s + 1]! - from, to - sentenceTerms[s + 1]!) : to - from;
  const b = ranking.lengthNormalization;
  const lengthFactor = (BM25_K1 + 1) / (1 + BM25_K1 * (1 - b + (b * length) / meanSentenceTerms));
  // Past the best-searched paragraphs, the words found as written stand in for closeness (a
  // word is closest to itself), so those paragraphs are not demoted for lack of it. Words of
  // the article's title are as close to every sentence as to the one that repeats them (the
  // lead, mostly), as they are covered by every sentence, wherever its paragraph ranks.
  const nearest = paragraph.closeness && closestIn(paragraph.closeness, count, sentenceCount, s, last);
  const closest = nearest && withOnes(nearest, saidByPhrase);
  const meaning = shareOf(question, larger(closest ?? window.best, paragraph.title));
  const evidence = evidenceOf(question, window.strict, closest, ranking.meaningEvidence);
  const asked = askedIn(question, paragraph, window, text);
  const speaks = asked === 'yes';
  const askedFactor = asked === 'yes' ? 1 : asked === 'missing' ? ranking.askedMissingFactor : asked === 'unsaid' ? ranking.unsaidFactor : ranking.otherOwnerFactor;
  // The snippet says what the question asks as closely as its closest sentence does.
  const wholeMeaning = paragraph.sentenceMeaning ? Math.max(...paragraph.sentenceMeaning.subarray(s, last + 1)) : 0;
  const meaningEvidence = ranking.sentenceMeaningEvidence * Math.max(0, wholeMeaning - ranking.sentenceMeaningFloor);
  const parts: ScoreParts = {
    sentence: ranking.sentenceWeight * withAlso * lengthFactor,
    paragraph: ranking.paragraphWeight * paragraph.share,
    search: ranking.searchWeight * paragraph.search,
    kind: kind ? ranking.kindWeight + (bound ? ranking.boundNameWeight : 0) : 0,
    phrase: ranking.phraseWeight * phrase,
    slot: ranking.slotWeight > 0 && query.slot && fillsSlot(question, query.slot, passage, analysed, window.positions, end, ranking.synonymWeight) ? ranking.slotWeight : 0,
    meaning: ranking.meaningWeight * meaning,
    asked: speaks ? ranking.askedWeight : asked === 'other' ? -ranking.otherOwnerWeight : 0,
    sentenceMeaning: ranking.sentenceMeaningWeight * wholeMeaning,
    paragraphMeaning: ranking.paragraphMeaningWeight * paragraph.paragraphMeaning,
  };
  const score = parts.sentence + parts.paragraph + parts.search + parts.kind + parts.phrase + parts.slot + parts.meaning + parts.asked + parts.sentenceMeaning + parts.paragraphMeaning;
  return {
    passage,
    start,
    end,
    score,
    coverage: share,
    paragraphCoverage: paragraph.share,
    confidence: Math.min(1, (evidence + paragraph.evidence) / 2 + meaningEvidence) * paragraph.nameFactor * kindFactor * askedFactor,
    search: paragraph.search,
    kind,
    parts,
    trust: { evidence, paragraphEvidence: paragraph.evidence, meaning: wholeMeaning, names: paragraph.nameFactor, kind: kindFactor, asked },
  };
}

/**
 * Whether a snippet speaks of what the question asks about (see `ParsedQuery.asked`): its
 * paragraph holds the noun (or a word close in meaning: `missing` when not); and the name bound
 * to it is in the paragraph or its title, and either stands within {@link OWNER_WINDOW} terms of
 * the noun in the snippet, no other name modifying it (see `modifiedByOtherName`), or no other
 * name stands just before the noun ("*Brazil's* trade minister" for the trade minister of
 * Chile): `other` when not, the noun being someone else's. A question about what someone said
 * is answered only by a snippet (`text`) that reports something said: `unsaid` when not.
 */
function askedIn(question: Question, paragraph: ParagraphContext, window: Coverage, text: string): ConfidenceParts['asked'] {
  const { asked } = question.query;
  if (!asked) return 'yes';
  if (asked.speech && !SPEECH.test(text)) return 'unsaid';
  if (paragraph.askedAt.length === 0) return paragraph.askedCloseness >= ASKED_CLOSENESS ? 'yes' : 'missing';
  if (asked.owner === undefined) return 'yes';
  // Neither the paragraph nor its title names whose it is: it speaks of someone else's.
  if (paragraph.coverage.best[asked.owner] === 0) return 'other';
  const nounPositions = window.positions[asked.noun]!.filter((k) => paragraph.askedAt.includes(k));
  if (nounPositions.length === 0) return 'yes';
  const ownerPositions = window.positions[asked.owner]!;
  // A name near the noun is its owner unless another name modifies the noun: the "Indian Defence
  // Minister to Morocco", or whom "Morocco welcomed", is the Indian one.
  const owns = (o: number, n: number) => Math.abs(o - n) <= OWNER_WINDOW && !modifiedByOtherName(question, paragraph, n);
  if (nounPositions.some((n) => ownerPositions.some((o) => owns(o, n)))) return 'yes';
  return nounPositions.every((n) => otherNameBefore(question, paragraph, n)) ? 'other' : 'yes';
}

/** Whether a name the question does not mention stands within {@link OWNER_WINDOW} terms before term `at`. */
function otherNameBefore(question: Question, paragraph: ParagraphContext, at: number): boolean {
  const { analysed } = paragraph;
  for (let k = Math.max(0, at - OWNER_WINDOW); k < at; k++) {
    if (!question.matches.has(analysed.terms[k]!) && isInName(paragraph, k)) return true;
  }
  return false;
}

/**
 * Whether a name the question does not mention modifies term `at`: it stands within
 * {@link MODIFIER_WINDOW} terms before it with only spaces, hyphens or a possessive "'s"
 * between ("*Indian* Defence Minister", "*Brazil's* trade minister"; not "Kylie Bramwell, state
 * secretary" or "Simon as the first Administrator", where the name is who holds the role).
 */
function modifiedByOtherName(question: Question, paragraph: ParagraphContext, at: number): boolean {
  const { passage, analysed } = paragraph;
  for (let k = at - 1; k >= Math.max(0, at - MODIFIER_WINDOW); k--) {
    if (!/^(?:['’]s)?[\s-]*$/.test(passage.text.slice(analysed.ends[k]!, analysed.starts[k + 1]!))) return false;
    if (!question.matches.has(analysed.terms[k]!) && isInName(paragraph, k)) return true;
  }
  return false;
}

/** Whether term `k` of a paragraph is part of a name. */
function isInName(paragraph: ParagraphContext, k: number): boolean {
  return inName(paragraph.passage, paragraph.analysed.starts[k]!, paragraph.analysed.ends[k]!);
}

/** Whether the text `[from, to)` of a passage lies inside a name. */
function inName(passage: Passage, from: number, to: number): boolean {
  for (let j = 0; j < passage.spans.length; j += 3) {
    if (passage.spans[j] === SpanKind.Name && from >= passage.spans[j + 1]! && to <= passage.spans[j + 2]!) return true;
  }
  return false;
}

/**
 * Scores every candidate snippet of the given passages, best first (ties: shorter first): each
 * sentence, and each two consecutive sentences that fit in one snippet. `meanSentenceTerms` is
 * the corpus's mean sentence length in terms, for normalisation.
 */
export function rankSnippets(
  query: ParsedQuery,
  hits: ReadonlyArray<{ readonly passage: Passage; readonly score: number }>,
  ranking: RankingOptions,
  meanSentenceTerms: number,
  vectors: WordVectors,
  meanings?: SentenceMeanings,
): ScoredSnippet[] {
  const question = questionOf(query);
  const topScore = hits[0]?.score ?? 1;
  const ranked: ScoredSnippet[] = [];
  const paragraphs = withMeaningsFilledIn(hits.map((hit, rank) => paragraphContext(question, hit, rank, topScore, ranking, vectors, meanings)));
  paragraphs.forEach((paragraph) => {
    const { passage } = paragraph;
    const sentenceCount = passage.sentences.length / 2;
    for (let s = 0; s < sentenceCount; s++) {
      ranked.push(scoreSnippet(question, paragraph, s, s, ranking, meanSentenceTerms));
      const pairEnd = passage.sentences[(s + 1) * 2 + 1];
      if (pairEnd !== undefined && pairEnd - passage.sentences[s * 2]! <= MAX_SNIPPET_CHARS) {
        ranked.push(scoreSnippet(question, paragraph, s, s + 1, ranking, meanSentenceTerms));
      }
    }
  });
  return ranked.sort((x, y) => y.score - x.score || (x.end - x.start) - (y.end - y.start));
}

/**
 * Candidates whose sentences have no meaning vectors, among others that have them, get the
 * others' mean closeness to the question, sentence by sentence and for the paragraph: neither
 * favoured nor held back for lacking them (what `--explain` then shows as their closeness is
 * that mean). With none known, meanings rank nothing.
 */
function withMeaningsFilledIn(paragraphs: ParagraphContext[]): ParagraphContext[] {
  const known = paragraphs.filter((paragraph) => paragraph.sentenceMeaning !== undefined);
  if (known.length === 0 || known.length === paragraphs.length) return paragraphs;
  const cosines = known.flatMap(({ sentenceMeaning }) => [...sentenceMeaning!]);
  const sentenceMean = cosines.reduce((total, cosine) => total + cosine, 0) / cosines.length;
  const paragraphMean = known.reduce((total, paragraph) => total + paragraph.paragraphMeaning, 0) / known.length;
  return paragraphs.map((paragraph) => paragraph.sentenceMeaning !== undefined ? paragraph : {
    ...paragraph,
    sentenceMeaning: new Float64Array(paragraph.passage.sentences.length / 2).fill(sentenceMean),
    paragraphMeaning: paragraphMean,
  });
}

/**
 * How close in meaning each question word comes to each sentence of a passage, by word vectors:
 * `[question word × sentences + sentence]`, the highest cosine between the word and the
 * sentence's index words (0 when all are negative or have no vector), raised to
 * {@link CLOSENESS_POWER}.
 */
function closenessOf(query: ParsedQuery, passage: Passage, analysed: PassageTerms, vectors: WordVectors): Float64Array {
  const ids = vectorIdsOf(passage, analysed, vectors);
  const { sentenceTerms } = analysed;
  const sentenceCount = sentenceTerms.length - 1;
  const closeness = new Float64Array(query.terms.length * sentenceCount);
  for (let q = 0; q < query.terms.length; q++) {
    const { vector } = query.terms[q]!;
    if (vector < 0) continue;
    for (let s = 0; s < sentenceCount; s++) {
      let closest = 0;
      for (let k = sentenceTerms[s]!; k < sentenceTerms[s + 1]!; k++) {
        if (ids[k]! >= 0) closest = Math.max(closest, vectors.similarity(vector, ids[k]!));
      }
      closeness[q * sentenceCount + s] = closest ** CLOSENESS_POWER;
    }
  }
  return closeness;
}

/** Each passage's index words' vector numbers, kept while its terms are (see `passageTerms`). */
const vectorIds = new WeakMap<PassageTerms, { readonly vectors: WordVectors; readonly ids: Int32Array }>();

/** The vector numbers of a passage's index words (`analysed`, its terms), in text order. */
function vectorIdsOf(passage: Passage, analysed: PassageTerms, vectors: WordVectors): Int32Array {
  const known = vectorIds.get(analysed);
  if (known?.vectors === vectors) return known.ids;
  const { starts, ends } = analysed;
  const ids = Int32Array.from(starts, (start, k) => vectors.idOf(passage.text.slice(start, ends[k])));
  vectorIds.set(analysed, { vectors, ids });
  return ids;
}

/**
 * Whether `[start, end)` holds a span of a wanted kind (a name only if it can be of the kind
 * asked, see `ParsedQuery.nameFits`) that is not just words of the question and (when `matched`
 * is given) stands within {@link KIND_NEAR_CHARS} of a word that matched the question: answers
 * sit next to the words the question shares with them ("Kuechly led the team in tackles (118)").
 */
function hasAnswerSpan(passage: Passage, start: number, end: number, query: ParsedQuery, matched?: ReadonlyArray<readonly [number, number]>): boolean {
  for (let k = 0; k < passage.spans.length; k += 3) {
    const [kind, a, b] = [passage.spans[k] as SpanKind, passage.spans[k + 1]!, passage.spans[k + 2]!];
    if (a < start || b > end || !query.kinds.includes(kind)) continue;
    // A matched word inside the span ("*Mayor* Claire Dumontel") is as near as can be.
    if (matched && !matched.some(([x, y]) => (y <= a && a - y <= KIND_NEAR_CHARS) || (x >= b && x - b <= KIND_NEAR_CHARS) || (x < b && y > a))) continue;
    if (query.ahead && (kind === SpanKind.Date || kind === SpanKind.Time) && !aheadOf(passage, a)) continue;
    if (query.age && !readsAsAge(passage.text, a, b)) continue;
    if (query.dateUnit !== undefined && kind === SpanKind.Date && !(query.dateUnit === 'day' ? DAY_DATE : YEAR_DATE).test(passage.text.slice(a, b))) continue;
    if (answersAs(query, kind, passage, a, b)) return true;
  }
  return false;
}

const MONTH = String.raw`(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?`;
/**
 * A date that gives the day: a day of the month beside its month ("9 May", "May 9th", "the 9th
 * of May"), a weekday, a date in figures ("09/05", "2025-05-09") or a day named from today.
 */
const DAY_DATE = new RegExp(String.raw`\b(?:\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+${MONTH}|${MONTH}\s+\d{1,2}(?:st|nd|rd|th)?\b|(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|tonight|tomorrow|yesterday|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|\d{1,2}/\d{1,2})`, 'i');

/** A date that gives the year: "2015", "the 1990s", "last year". */
const YEAR_DATE = /\b(?:\d{4}s?|years?)\b/i;

/** What, after a number, makes it an age: "*-year-old*", "* years old*". */
const AGE_AFTER = /^[\s-]*(?:years?|yrs?)[\s-]*old\b/i;
/** What, before a number, makes it an age: "*aged* 41", "*at the age of* 87". */
const AGE_WORDS_BEFORE = /\b(?:aged?|age\s+of)\s+$/i;
/** A name and a comma before a number: "*Kowalczyk,* 44, spent …", an age when a comma follows it. */
const NAME_BEFORE = /\p{Lu}[\p{L}'’.-]*,\s*$/u;

/** Whether the number `[a, b)` of a text reads as an age. */
function readsAsAge(text: string, a: number, b: number): boolean {
  const before = text.slice(Math.max(0, a - 40), a);
  return AGE_AFTER.test(text.slice(b, b + 16)) || /\byears?[\s-]old\b/i.test(text.slice(a, b)) || AGE_WORDS_BEFORE.test(before)
    || (NAME_BEFORE.test(before) && /^\s*,/.test(text.slice(b, b + 3)));
}

/** What says that a sentence speaks of what is yet to happen: a future, a plan, a schedule. */
const FUTURE = /\b(?:will|won['’]t|would|shall|\w+['’]ll|due|scheduled|planned|plans?|planning|expected|expects?|set\s+to|next|upcoming|coming|(?:is|are)\s+to|going\s+to|aims?\s+to|intends?\s+to)\b/i;
/** What, right before a date, says it starts or ends what is yet to happen: "*from* 1 September", "*by* next year". */
const FROM_OR_BY = /\b(?:from|by|until|till|before|starting|beginning)\s+(?:on\s+|in\s+)?(?:the\s+)?$/i;

/** Whether the date at `at` speaks of what is yet to happen: its sentence says so, or it starts or ends something. See `ParsedQuery.ahead`. */
function aheadOf(passage: Passage, at: number): boolean {
  for (let k = 0; k < passage.sentences.length; k += 2) {
    const [from, to] = [passage.sentences[k]!, passage.sentences[k + 1]!];
    if (at >= from && at < to) return FUTURE.test(passage.text.slice(from, to)) || FROM_OR_BY.test(passage.text.slice(Math.max(from, at - 16), at));
  }
  return true;
}

/** What may stand before a word that opens a sentence: nothing, or the end of the sentence before, a quotation mark, a bracket or a dash. */
const SENTENCE_OPENING = /(?:^|[.!?:;"“‘'(—–])\s*$/u;

/**
 * Whether the span `[a, b)` of a passage, of `kind`, can answer: a name of the kind asked (see
 * `ParsedQuery.nameFits`), and not just words of the question.
 */
function answersAs(query: ParsedQuery, kind: SpanKind, passage: Passage, a: number, b: number): boolean {
  const text = passage.text.slice(a, b);
  if (kind === SpanKind.Name && query.nameFits && !query.nameFits(text, SENTENCE_OPENING.test(passage.text.slice(Math.max(0, a - 4), a)))) return false;
  return tokenize(text).some((token) => !query.words.has(token.word));
}

/**
 * Whether a question that asks for a date, time or number gets none in the text `[start, end)`
 * of a passage, or one that asks for the name of something (`ParsedQuery.named`) or for a group
 * no article speaks of (`ParsedQuery.unsaidGroup`) no name for it: the reply then says so
 * rather than leave the reader to look. Other questions that want a name are not judged: "who"
 * may be answered by "the minister" as well.
 */
export function lacksAskedKind(query: ParsedQuery, passage: Passage, start: number, end: number): boolean {
  if (query.named !== undefined) return !namesNamed(query, query.named, passage, start, end);
  if (query.unsaidGroup !== undefined) return !namesGroup(query.unsaidGroup.isOne, passage, start, end);
  return query.kinds.length > 0 && !query.kinds.includes(SpanKind.Name) && !hasAnswerSpan(passage, start, end, query);
}

/**
 * Whether `[start, end)` gives a name of what a question asks the name of (`ParsedQuery.named`,
 * term `named`): a name of the kind asked within {@link KIND_NEAR_CHARS} of where it speaks of
 * it. A snippet that does not speak of it names something else.
 */
function namesNamed(query: ParsedQuery, named: number, passage: Passage, start: number, end: number): boolean {
  const { terms, starts, ends } = passageTerms(passage);
  const { matches } = query.terms[named]!;
  const at: Array<readonly [number, number]> = [];
  terms.forEach((term, k) => {
    if (starts[k]! >= start && ends[k]! <= end && matches.has(term)) at.push([starts[k]!, ends[k]!]);
  });
  return at.length > 0 && hasAnswerSpan(passage, start, end, query, at);
}

/** Whether `[start, end)` holds a name that WordNet confirms is of the group asked for (`ParsedQuery.unsaidGroup`). */
function namesGroup(isOne: (name: string) => boolean, passage: Passage, start: number, end: number): boolean {
  for (let k = 0; k < passage.spans.length; k += 3) {
    const [kind, a, b] = [passage.spans[k] as SpanKind, passage.spans[k + 1]!, passage.spans[k + 2]!];
    if (kind === SpanKind.Name && a >= start && b <= end && isOne(passage.text.slice(a, b))) return true;
  }
  return false;
}

/**
 * What to keep visible when a snippet is clipped: the words that matched the question and the
 * spans of the kind it asks for, as offsets relative to `start`.
 */
export function focusOf(query: ParsedQuery, passage: Passage, start: number, end: number): Array<readonly [number, number]> {
  const { terms, starts, ends } = passageTerms(passage);
  const focus: Array<readonly [number, number]> = [];
  terms.forEach((term, k) => {
    if (starts[k]! >= start && ends[k]! <= end && query.terms.some((q) => q.matches.has(term))) focus.push([starts[k]! - start, ends[k]! - start]);
  });
  for (let k = 0; k < passage.spans.length; k += 3) {
    if (query.kinds.includes(passage.spans[k] as SpanKind) && passage.spans[k + 1]! >= start && passage.spans[k + 2]! <= end) {
      focus.push([passage.spans[k + 1]! - start, passage.spans[k + 2]! - start]);
    }
  }
  return focus;
}
