/**
 * Composing what the engine returns from what the search finds: an answer of 1–3 cited
 * sentences or an honest "no confident answer" (with why the closest passage falls short), the
 * ranking behind an answer (`explain`), a summary, and the citations they all carry. The search
 * index (`search/`) supplies candidates and statistics through an {@link AnswerSource}; this
 * module chooses and words what is shown.
 */
import { type Article, type Passage, passageTerms } from '../articles/index.js';
import { foldCase, SpanKind, termsOf, tokenize } from '../language/index.js';
import { checkQuestion, LINKS_MESSAGE } from './input.js';
import { type ParsedQuery, parseQuery, POSSESSIVE_END, type QueryTerm, type QueryVocabulary, SOURCE_WORDS } from './query.js';
import { type ConfidenceParts, focusOf, lacksAskedKind, type RankingOptions, rankSnippets, REFERS_BACK, type ScoredSnippet, type ScoreParts } from './ranking.js';
import type { Answer, AnswerResult, Citation, NoAnswer, Snippet, Summary } from './results.js';
import { clipText } from './snippet.js';
import { summarizeSentences } from './summary.js';

/** What a question about an article itself asks for ("does the article have a date", "link to the story"). */
const ARTICLE_DETAILS: ReadonlySet<string> = new Set(['date', 'dated', 'when', 'link', 'url', 'source', 'published', 'author', 'written', 'writer', 'by']);

/**
 * Paragraphs whose sentences are scored for an answer. In a large knowledge base the paragraph
 * that answers is often not among the few that share most words with the question ("Zambia's
 * health minister" against an article on a cabinet reshuffle), and scoring a paragraph costs
 * little beside reading the question.
 */
export const CANDIDATE_PASSAGES = 20;
/** Most snippets in an answer. */
export const MAX_SNIPPETS = 3;

/** Why the engine ranked what it did: for `npm run ask -- --explain` and calibration. */
export interface Explanation {
  readonly terms: ReadonlyArray<{ readonly word: string; readonly term: string; readonly pos: string; readonly idf: number; readonly matches: Readonly<Record<string, number>> }>;
  readonly kinds: readonly string[];
  /** Whether the question names someone or something no article mentions (see `ParsedQuery.unknownName`). */
  readonly unknownName: boolean;
  readonly confidence: number;
  /** Whether sentence meanings ranked the snippets (a meaning vector was given and some candidate paragraph has its own). */
  readonly sentenceMeanings: boolean;
  readonly sentences: ReadonlyArray<{ readonly id: string; readonly text: string; readonly score: number; readonly coverage: number; readonly paragraphCoverage: number; readonly search: number; readonly kind: boolean; readonly parts: ScoreParts; readonly trust: ConfidenceParts }>;
}

/** What an answer may use besides the question's text. */
export interface AnswerOptions {
  /** The question's meaning vector (`SentenceEncoder.encode`), to compare with the sentences'. */
  readonly meaning?: Int8Array;
  /**
   * Words of the question the answer must speak of (a follow-up's own words, read with words
   * carried from the question before). Of the sentences it would show (those scoring at least
   * `relativeSnippetScore` of the best), those that hold one of them, or a word that counts as
   * one (a typo, a related word), come first; with none, the question is declined, naming them.
   * Function words ("herself", "against") and words the question does not search for are
   * ignored, and case does not matter.
   */
  readonly about?: readonly string[];
  /**
   * An article (its slug) to answer from alone: its paragraphs are the candidates, scored by the
   * search as usual, whatever other articles the search ranks first. For a follow-up that stays
   * on the conversation's story. Ignored when no article has this slug.
   */
  readonly within?: string;
  /**
   * The words the member typed, when what is searched holds others too (a follow-up's carried
   * words): a decline names only these among the words no article mentions.
   */
  readonly typed?: readonly string[];
}

/** Parts of speech that say nothing of what is asked about ("*per* day", "*she*"). */
const FUNCTION_WORDS = new Set(['ADP', 'AUX', 'CCONJ', 'DET', 'PART', 'PRON', 'SCONJ']);

/**
 * The terms of a query for some of its words (lower case; "morocco" for the question's
 * "Morocco's"), without function words.
 */
function termsAbout(query: ParsedQuery, words: readonly string[]): QueryTerm[] {
  const wanted = new Set(words.map(foldCase));
  return query.terms.filter((term) => {
    const word = foldCase(term.word);
    return !FUNCTION_WORDS.has(term.pos) && (wanted.has(word) || wanted.has(word.replace(POSSESSIVE_END, '')));
  });
}

/** Whether a text holds one of some query terms, itself or as a word that counts as it (a typo, a related word). */
function holdsAny(terms: readonly QueryTerm[], text: string): boolean {
  const held = new Set(termsOf(text).map((t) => t.term));
  return terms.some((term) => [...term.matches.keys()].some((match) => held.has(match)));
}


/** A candidate paragraph of an answer, with its search score. */
export interface Candidate {
  readonly passage: Passage;
  readonly score: number;
}

/**
 * What composing an answer needs of a search index (`ArticleIndex` supplies it): its
 * vocabulary, articles and passages, the candidate paragraphs of a query, and sentence meanings.
 */
export interface AnswerSource {
  /** What questions are read against: the index's terms, typos, abbreviations, thesaurus and vectors. */
  readonly vocabulary: QueryVocabulary;
  readonly ranking: RankingOptions;
  /** Mean index terms per sentence across the passages. */
  readonly meanSentenceTerms: number;
  /** A term in more passages than this is left out of the search (`MAX_INDEXED_DF`). */
  readonly maxIndexedDf: number;
  /** Every article. */
  articles(): Article[];
  /** The article with this slug, if any. */
  article(slug: string): Article | undefined;
  /** An article's passages, in paragraph order. */
  passagesOf(article: Article): Passage[];
  /** The best candidate paragraphs of a query, at most `limit`, best first (see `ArticleIndex`). */
  searchPassages(query: ParsedQuery, limit: number): Candidate[];
  /** Every paragraph of one article with its search score for a query (0 when not found), best first. */
  searchedWithin(article: Article, query: ParsedQuery): Candidate[];
  /** The meaning vectors of a paragraph's sentences, when they are known. */
  meaningOf(text: string): Int8Array | undefined;
}

/**
 * Answers a question with 1–3 verbatim sentences and their citations, or says there is no
 * confident answer (with the closest article titles), or explains why the input cannot be
 * searched. Never throws for any string.
 */
export function composeAnswer(source: AnswerSource, question: string, options: AnswerOptions = {}): AnswerResult {
  const checked = checkQuestion(question);
  if (!checked.ok) return { kind: 'invalid', message: checked.message };
  const query = parseQuery(checked.text, source.vocabulary, source.ranking);
  if (query.terms.length === 0) {
    if (checked.links) return { kind: 'invalid', message: LINKS_MESSAGE };
    // "does the article have a date": about the articles themselves, which the source list shows.
    const words = tokenize(checked.text).map((token) => token.word);
    if (words.some((word) => SOURCE_WORDS.has(word)) && words.some((word) => ARTICLE_DETAILS.has(word))) {
      return { kind: 'invalid', message: 'Your question is about the articles themselves rather than what they say: /mou sources lists each article with its date, source and link.' };
    }
    return {
      kind: 'invalid',
      message: 'Your question only has common words (like “what”, “is”, “it”), so there is nothing to search for. Please name what you want to know about, for example: “What does the agreement cover?”',
    };
  }
  const { hits, ranked, topScore, missing } = weighCandidates(source, query, options);
  if (missing.length > 0) {
    const words = missing.map((term) => `“${term.word}”`).join(', ');
    return { ...noAnswer(source, checked.text, query, hits, 0), message: `I could not find a confident answer about ${words} on this subject.` };
  }
  const best = ranked[0];
  // Confidence and its calibration: see `ScoredSnippet.confidence` and `DEFAULT_RANKING`.
  const confidence = confidenceOf(best);
  if (!best || confidence < source.ranking.minConfidence) return noAnswer(source, checked.text, query, hits, confidence, best, options.typed);

  // The best sentence is shown with the one after it when both fit in one snippet (pairs are
  // ranked only then): the next sentence often finishes what the best one starts ("… founded
  // the Coastal Lantern Company. The company built solar lamps …"). The ranking still chooses
  // the best sentence on its own merits, the short one usually.
  const withNext = ranked.find((candidate) => candidate.passage === best.passage && candidate.start === best.start && candidate.end > best.end);
  // A best single sentence that refers back ("He is also …", "As part of this merger …") comes
  // with the sentence before it instead, when both fit in one snippet: that one names who or
  // what it speaks of, and its words counted for the best one's score (see `rankSnippets`).
  // The reader learns who "he" is.
  const withPrevious = REFERS_BACK.test(best.passage.text.slice(best.start, best.end))
    ? ranked.find((candidate) => candidate.passage === best.passage && candidate.end === best.end && candidate.start < best.start)
    : undefined;
  const first = withPrevious ?? withNext ?? best;
  let chosen = ranked.filter((sentence, i) => i === 0 || (sentence.coverage > 0 && sentence.score >= topScore * source.ranking.relativeSnippetScore));
  chosen[0] = first;
  const continuation = ranked.find((candidate) => candidate.passage === best.passage && candidate.start >= first.end
    && !/\S/.test(best.passage.text.slice(first.end, candidate.start)) && candidate.score >= topScore * source.ranking.continuationScore);
  if (continuation) chosen = [first, continuation, ...chosen.slice(1).filter((sentence) => sentence !== continuation)];
  const picked: ScoredSnippet[] = [];
  for (const sentence of chosen) {
    if (picked.length === MAX_SNIPPETS) break;
    const text = sentence.passage.text.slice(sentence.start, sentence.end);
    const overlaps = (other: ScoredSnippet) => other.passage === sentence.passage && other.start < sentence.end && sentence.start < other.end;
    if (picked.some((other) => overlaps(other) || other.passage.text.slice(other.start, other.end) === text)) continue;
    picked.push(sentence);
  }
  const lacking = picked.every((s) => lacksAskedKind(query, s.passage, s.start, s.end));
  // A question that names the unit of its answer ("what date", "how many days"), asks for the
  // name of something, or asks which group when no article speaks of one, is not answered by
  // passages that give none.
  if (lacking && (query.unitNamed || query.named !== undefined || query.unsaidGroup !== undefined)) {
    return { ...noAnswer(source, checked.text, query, hits, confidence, best, options.typed), message: `I could not find a confident answer in the articles: none of the closest passages gives the ${askedKindName(query)} you asked for.` };
  }
  const { snippets, citations } = cite(picked.map((sentence) => ({
    passage: sentence.passage,
    text: clipText(sentence.passage.text.slice(sentence.start, sentence.end), focusOf(query, sentence.passage, sentence.start, sentence.end)),
  })));
  const note = lacking ? `None of these passages gives the ${askedKindName(query)} you asked for.` : undefined;
  const answer: Answer = { kind: 'answer', question: checked.text, snippets, citations, confidence, ...(note !== undefined && { note }) };
  return answer;
}

/** The ranking behind an answer given the same options: query terms, their matches and the top sentences scored, in the order the answer weighs them. */
export function explainAnswer(source: AnswerSource, question: string, limit = 5, options: AnswerOptions = {}): Explanation | undefined {
  const checked = checkQuestion(question);
  if (!checked.ok) return undefined;
  const query = parseQuery(checked.text, source.vocabulary, source.ranking);
  const { hits, ranked } = weighCandidates(source, query, options);
  return {
    terms: query.terms.map(({ word, term, pos, idf, matches }) => ({ word, term, pos, idf, matches: Object.fromEntries(matches) })),
    kinds: query.kinds.map((kind) => Object.entries(SpanKind).find(([, value]) => value === kind)![0]),
    unknownName: query.unknownName,
    confidence: confidenceOf(ranked[0]),
    sentenceMeanings: meaningsUsable(source, hits, options.meaning),
    sentences: ranked.slice(0, limit).map((s) => ({
      id: s.passage.id,
      text: s.passage.text.slice(s.start, s.end),
      score: s.score,
      coverage: s.coverage,
      paragraphCoverage: s.paragraphCoverage,
      search: s.search,
      kind: s.kind,
      parts: s.parts,
      trust: s.trust,
    })),
  };
}

/**
 * A short extractive summary (3–5 sentences, under about 900 characters) of one article, or
 * of the whole knowledge base when `slug` is omitted. `undefined` for an unknown slug.
 */
export function composeSummary(source: AnswerSource, slug?: string): Summary | undefined {
  const articles = slug === undefined ? source.articles() : [source.article(slug)].filter((a): a is Article => a !== undefined);
  if (articles.length === 0) return undefined;
  const picked = summarizeSentences(articles.map((article) => ({
    article,
    passages: source.passagesOf(article).map((passage) => ({ passage, sentences: passage.sentences })),
  })), (term) => source.vocabulary.idf(term));
  const { snippets, citations } = cite(picked.map(({ passage, start, end }) => ({ passage: passage as Passage, text: passage.text.slice(start, end) })));
  const title = articles.length === 1 ? articles[0]!.title : `The knowledge base (${articles.length} articles)`;
  return { kind: 'summary', title, snippets, citations };
}

/**
 * The candidates of a question and their snippets, in the order an answer weighs them (see
 * `AnswerOptions`: `within` chooses the candidates, `about` puts first the snippets that speak
 * of its words). `topScore` is the best snippet's score before that order; `missing` holds the
 * `about` words when no snippet it would show speaks of one (the answer is then declined).
 */
function weighCandidates(source: AnswerSource, query: ParsedQuery, options: AnswerOptions): { hits: Candidate[]; ranked: ScoredSnippet[]; topScore: number; missing: QueryTerm[] } {
  const within = options.within === undefined ? undefined : source.article(options.within);
  const hits = within === undefined ? source.searchPassages(query, CANDIDATE_PASSAGES) : source.searchedWithin(within, query);
  const about = options.about === undefined ? [] : termsAbout(query, options.about);
  // A follow-up on the story that names no words of its own asks only for a kind (`followUpKindFactor`).
  const kindOnly = within !== undefined && about.length === 0 && query.kinds.length > 0;
  const { ranking } = source;
  const ranked = rank(source, query, hits, options.meaning, kindOnly ? { ...ranking, kindWeight: ranking.kindWeight * ranking.followUpKindFactor } : ranking);
  // The score the snippets after the first are measured against: the best's, even when a
  // sentence that speaks of `about` goes first.
  const topScore = ranked[0]?.score ?? 0;
  if (about.length === 0) return { hits, ranked, topScore, missing: [] };
  const floor = topScore * ranking.relativeSnippetScore;
  const speaks = new Set(ranked.filter((s) => s.score >= floor && holdsAny(about, s.passage.text.slice(s.start, s.end))));
  if (speaks.size === 0) return { hits, ranked, topScore, missing: about };
  return { hits, ranked: [...ranked.filter((s) => speaks.has(s)), ...ranked.filter((s) => !speaks.has(s))], topScore, missing: [] };
}

/**
 * Whether sentence meanings can rank these candidates: the question's vector is given and some
 * candidate paragraph has its own (those without get the others' mean: see `rankSnippets`).
 */
function meaningsUsable(source: AnswerSource, hits: ReadonlyArray<{ passage: Passage }>, meaning: Int8Array | undefined): boolean {
  return meaning !== undefined && hits.some(({ passage }) => source.meaningOf(passage.text) !== undefined);
}

/** Ranks the candidates' snippets, with sentence meanings when they are usable. */
function rank(source: AnswerSource, query: ParsedQuery, hits: readonly Candidate[], meaning: Int8Array | undefined, ranking: RankingOptions): ScoredSnippet[] {
  const sentences = meaning && meaningsUsable(source, hits, meaning) ? { question: meaning, of: (passage: Passage) => source.meaningOf(passage.text) } : undefined;
  return rankSnippets(query, hits, ranking, source.meanSentenceTerms, source.vocabulary.vectors, sentences);
}

/** A decline: the closest article titles, the words no article holds, and why the closest passage falls short. */
function noAnswer(source: AnswerSource, question: string, query: ParsedQuery, hits: ReadonlyArray<{ passage: Passage }>, confidence: number, best?: ScoredSnippet, typed?: readonly string[]): NoAnswer {
  const closestTitles = [...new Set(hits.map((hit) => hit.passage.article.title))].slice(0, 3);
  // A word found only through WordNet ("France" as "country") is not in the articles either.
  const unknownWords = query.terms.filter((term) => [...term.matches.keys()].every((match) => term.related.has(match))).map((term) => term.word);
  const everywhere = hits.length === 0 && query.terms.every((term) => source.vocabulary.frequency(term.term) > source.maxIndexedDf);
  const why = best === undefined ? undefined : whyClosestFalls(query, best);
  const own = typed === undefined ? undefined : new Set(typed.map(foldCase));
  const named = own === undefined ? unknownWords : unknownWords.filter((word) => own.has(foldCase(word)));
  const message = named.length > 0
    ? `I could not find a confident answer in the articles: none of them mentions ${named.map((w) => `“${w}”`).join(', ')}.`
    : everywhere
      ? `I could not find a confident answer: every word of the question is in more than ${source.maxIndexedDf.toLocaleString('en')} passages. Please add something more specific (a name, a place, a date).`
      : `I could not find a confident answer in the articles${why === undefined ? '' : `: ${why}`}.`;
  return { kind: 'no-answer', question, message, closestTitles, unknownWords, confidence };
}

/** Numbers the sources of some texts in order of first appearance, one number per paragraph. */
export function cite(items: ReadonlyArray<{ passage: Passage; text: string }>): { snippets: Snippet[]; citations: Citation[] } {
  const citations: Citation[] = [];
  const snippets = items.map(({ passage, text }) => {
    let citation = citations.find((c) => c.passageId === passage.id);
    if (!citation) {
      const { article } = passage;
      citation = {
        n: citations.length + 1,
        passageId: passage.id,
        slug: article.slug,
        title: article.title,
        paragraph: passage.paragraph,
        ...(article.date !== undefined && { date: article.date }),
        ...(article.url !== undefined && { url: article.url }),
        ...(article.source !== undefined && { source: article.source }),
      };
      citations.push(citation);
    }
    return { text, citation: citation.n };
  });
  return { snippets, citations };
}

/**
 * Why the closest passage does not answer, when its confidence says (see `ConfidenceParts`):
 * it lacks a name the question gives, speaks of what is asked about for someone else or not at
 * all, reports nothing said by whom the question asks about, or lacks the date or number asked
 * for. `undefined` when it merely shares too little.
 */
function whyClosestFalls(query: ParsedQuery, best: ScoredSnippet): string | undefined {
  const { trust, passage } = best;
  const asked = query.asked === undefined ? undefined : query.terms[query.asked.noun]?.word;
  if (trust.names < 1) {
    const { terms, titleTerms } = passageTerms(passage);
    const held = new Set([...terms, ...titleTerms]);
    const missing = query.terms.filter((term) => term.pos === 'PROPN' && ![...term.matches.keys()].some((match) => held.has(match) && !term.related.has(match)));
    if (missing.length > 0) return `the closest passage does not mention ${missing.map((term) => `“${term.word}”`).join(', ')}`;
  }
  if (trust.asked === 'other' && asked !== undefined) return `the closest passage speaks of someone else’s “${asked}”`;
  if (trust.asked === 'missing' && asked !== undefined) return `the closest passage does not speak of “${asked}”`;
  if (trust.asked === 'unsaid' && asked !== undefined) return `the closest passage reports nothing said by “${asked}”`;
  if (trust.kind < 1) return `the closest passage gives no ${askedKindName(query)}`;
  return undefined;
}

/** What a question that wants a date, time, number or name asks for, in words. */
function askedKindName(query: ParsedQuery): string {
  if (query.named !== undefined || query.unsaidGroup !== undefined) return 'name';
  return query.kinds.includes(SpanKind.Date) || query.kinds.includes(SpanKind.Time) ? 'date or time' : 'number';
}

function confidenceOf(snippet: ScoredSnippet | undefined): number {
  return snippet?.confidence ?? 0;
}
