/**
 * The answer engine: an index of passages (one per paragraph) with minisearch, and the ranking
 * that turns a question into 1–3 cited sentences, or an honest "no confident answer".
 *
 * Ranking runs in two stages. minisearch (BM25 over analysed terms, title boosted) picks the
 * candidate paragraphs; then every sentence of those paragraphs is scored by how much of the
 * question it covers (each question word weighted by its rarity), how much its paragraph
 * covers, the paragraph's search score, and whether it holds the kind of thing the question
 * asks for (a date for "when", a number for "how many", a name for "who").
 */
import { createHash } from 'node:crypto';
import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { checkQuestion } from './input.js';
import type { Article, LoadedKnowledge } from './knowledge.js';
import { analyzePassage, partsOfSpeech, questionFocus, SpanKind } from './nlp.js';
import type {
  Answer, AnswerResult, Citation, KnowledgeVersion, NoAnswer, SearchResults, Snippet, SourceInfo, Summary,
} from './results.js';
import { clipText, MAX_SNIPPET_CHARS } from './snippet.js';
import { summarizeSentences } from './summary.js';
import { foldCase, isStopWordOrTypo, STOP_WORDS, termsOf, tokenize, type Term } from './text.js';
import { Thesaurus } from './thesaurus.js';

/** Bumped when the index format or analysis changes: a cached index of another version is rebuilt. */
export const ENGINE_VERSION = 1;

/** Paragraphs whose sentences are scored for an answer. */
export const CANDIDATE_PASSAGES = 10;
/** Most snippets in an answer. */
export const MAX_SNIPPETS = 3;
/** Most passages listed by a search. */
export const MAX_SEARCH_HITS = 5;

/**
 * How sentences are ranked and when the engine declines. The defaults were chosen on the
 * evaluation sets (see `npm run eval`); every value is a general rule, not fitted to a question.
 */
export interface RankingOptions {
  /**
   * Weight of a match through a typo (per edit), a synonym or a broader/narrower word,
   * relative to the word itself (1). Below 1, so a sentence with the reader's own words wins.
   */
  readonly typoWeight: number;
  readonly synonymWeight: number;
  readonly nearbyWeight: number;
  /**
   * Sentence score = sentence·(share of the question the sentence covers, length-normalised)
   *                + paragraph·(share its paragraph and title cover)
   *                + search·(paragraph's search score / best search score)
   *                + kind·(it holds the kind of answer asked for)
   * Shares weight each question word by its inverse document frequency (idf).
   */
  readonly sentenceWeight: number;
  readonly paragraphWeight: number;
  readonly searchWeight: number;
  readonly kindWeight: number;
  /**
   * Weight of the share of the question's neighbouring word pairs found close together (within
   * two words) in the sentence: "oldest quarterback" matches better as a phrase than apart.
   */
  readonly phraseWeight: number;
  /** BM25-style length normalisation of the sentence share: 0 = none, 1 = full. */
  readonly lengthNormalization: number;
  /**
   * Weight of a question's verbs, adjectives and adverbs against its nouns, names and numbers
   * (1). A question says what it is about with nouns; its verbs are the words most often
   * paraphrased ("die" for "passed away").
   */
  readonly predicateWeight: number;
  /** Least confidence for an answer; see the calibration note in `answer()`. */
  readonly minConfidence: number;
  /** A snippet after the first is shown only when it scores at least this share of the best. */
  readonly relativeSnippetScore: number;
}

export const DEFAULT_RANKING: RankingOptions = {
  typoWeight: 0.8,
  synonymWeight: 0.6,
  nearbyWeight: 0.4,
  sentenceWeight: 0.5,
  paragraphWeight: 0.25,
  searchWeight: 0.15,
  kindWeight: 0.1,
  phraseWeight: 0.1,
  lengthNormalization: 0.25,
  predicateWeight: 0.5,
  minConfidence: 0.27,
  relativeSnippetScore: 0.7,
};

/** BM25's term-frequency saturation constant, used in the sentence length normalisation. */
const BM25_K1 = 1.2;
const TITLE_BOOST = 1.5;
/** Confidence is multiplied by this when the paragraph lacks a name the question mentions. */
const MISSING_NAME_FACTOR = 0.6;
/** Farthest a candidate answer may stand from a matched word of the question, in characters. */
const KIND_NEAR_CHARS = 60;
/** Parts of speech weighted by `predicateWeight`. */
const PREDICATE_POS = new Set(['VERB', 'ADJ', 'ADV', 'AUX']);
/** Shortest word offered as a completion. */
const MIN_COMPLETION_CHARS = 3;
const SLICE_MS = 15;

/** One paragraph as indexed. Offsets in `sentences` and `spans` index into `text`. */
interface Passage {
  readonly id: string;
  readonly article: Article;
  readonly paragraph: number;
  readonly text: string;
  /** `[start, end, …]` per sentence. */
  readonly sentences: readonly number[];
  /** `[kind, start, end, …]` per entity or name. */
  readonly spans: readonly number[];
}

interface IndexedDocument {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

/** A question word and the index terms that count as a match for it, with their weights. */
interface QueryTerm {
  readonly word: string;
  readonly term: string;
  readonly idf: number;
  readonly matches: ReadonlyMap<string, number>;
  /** The matches that came from the thesaurus: weaker evidence that an article answers. */
  readonly related: ReadonlySet<string>;
  /** Part of speech in the question (wink-nlp's tag). */
  readonly pos: string;
}

/** A question ready to rank: its terms and the kinds of answer it wants. */
interface ParsedQuery {
  readonly terms: readonly QueryTerm[];
  readonly words: ReadonlySet<string>;
  readonly kinds: readonly SpanKind[];
}

interface ScoredSentence {
  readonly passage: Passage;
  readonly start: number;
  readonly end: number;
  readonly score: number;
  /** Share of the question (idf-weighted) this sentence covers. */
  readonly coverage: number;
  /** Share its paragraph and article title cover. */
  readonly paragraphCoverage: number;
  /** Confidence that it answers: shares of sentence and paragraph, synonyms discounted. */
  readonly evidence: number;
  /** The paragraph's search score relative to the best candidate's. */
  readonly search: number;
  /** Whether it holds the kind of answer asked for. */
  readonly kind: boolean;
  /** What matched, as offsets into the passage: kept visible when the sentence is clipped. */
  readonly focus: Array<readonly [number, number]>;
}

/** Why the engine ranked what it did: for `npm run ask -- --explain` and calibration. */
export interface Explanation {
  readonly terms: ReadonlyArray<{ readonly word: string; readonly term: string; readonly pos: string; readonly idf: number; readonly matches: Readonly<Record<string, number>> }>;
  readonly kinds: readonly string[];
  readonly confidence: number;
  readonly sentences: ReadonlyArray<{ readonly id: string; readonly text: string; readonly score: number; readonly coverage: number; readonly paragraphCoverage: number; readonly search: number; readonly kind: boolean }>;
}

/** Options for building an index. */
export interface BuildOptions {
  /** Defaults to the process-wide WordNet thesaurus. */
  readonly thesaurus?: Thesaurus;
  /** Changes to {@link DEFAULT_RANKING}. */
  readonly ranking?: Partial<RankingOptions>;
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Yields to the event loop every {@link SLICE_MS} milliseconds of work, so that building a
 * large index never holds up the gateway heartbeat or other questions.
 */
class Slicer {
  private started = performance.now();
  async maybePause(): Promise<void> {
    if (performance.now() - this.started < SLICE_MS) return;
    await pause();
    this.started = performance.now();
  }
}

function newMiniSearch(): MiniSearch<IndexedDocument> {
  return new MiniSearch<IndexedDocument>({
    fields: ['title', 'text'],
    // Documents hold terms analysed by `termsOf`, joined by spaces.
    tokenize: (text) => text.split(' '),
    processTerm: (term) => term || null,
    searchOptions: { boost: { title: TITLE_BOOST }, prefix: false, fuzzy: false, combineWith: 'OR' },
  });
}

function contentHash(articles: Iterable<Article>): string {
  const hash = createHash('sha256').update(`engine ${ENGINE_VERSION}\n`);
  for (const article of [...articles].sort((a, b) => (a.slug < b.slug ? -1 : 1))) hash.update(`${article.slug} ${article.hash}\n`);
  return hash.digest('hex').slice(0, 12);
}

function passagesOf(article: Article): Passage[] {
  return article.paragraphs.map((text, i) => ({
    id: `${article.slug}#${i + 1}`,
    article,
    paragraph: i + 1,
    text,
    ...analyzePassage(text),
  }));
}

/**
 * A searchable knowledge base. Build one with {@link KnowledgeIndex.build}; ask it with
 * {@link KnowledgeIndex.answer}, {@link KnowledgeIndex.search}, {@link KnowledgeIndex.summarize}.
 */
export class KnowledgeIndex {
  private constructor(
    private readonly index: MiniSearch<IndexedDocument>,
    /** Index term → number of passages holding it; a radix tree so typos can be looked up. */
    private readonly documentFrequency: SearchableMap<number>,
    /** Words as written (lower case, no stop words) → occurrences: for autocomplete. */
    private readonly words: SearchableMap<number>,
    private readonly passages: Map<string, Passage>,
    private readonly articles: Map<string, Article>,
    private readonly thesaurus: Thesaurus,
    /** Mean number of index terms in a sentence, for length normalisation. */
    private readonly meanSentenceTerms: number,
    readonly version: KnowledgeVersion,
    private readonly ranking: RankingOptions,
  ) {}

  /**
   * Builds an index of every paragraph of every article. Works in slices, yielding to the event
   * loop, so that a running bot keeps serving while a new index is built.
   */
  static async build(knowledge: LoadedKnowledge, options: BuildOptions = {}): Promise<KnowledgeIndex> {
    const thesaurus = options.thesaurus ?? Thesaurus.shared();
    const index = newMiniSearch();
    const documentFrequency = new SearchableMap<number>();
    const words = new SearchableMap<number>();
    const passages = new Map<string, Passage>();
    const slicer = new Slicer();
    let sentenceCount = 0;
    let termCount = 0;
    for (const article of knowledge.articles) {
      const titleTerms = uniqueTerms(termsOf(article.title)).join(' ');
      for (const passage of passagesOf(article)) {
        const terms = termsOf(passage.text);
        sentenceCount += passage.sentences.length / 2;
        termCount += terms.length;
        for (const term of uniqueTerms(terms)) documentFrequency.update(term, (count = 0) => count + 1);
        for (const { word } of tokenize(passage.text)) {
          if (word.length >= MIN_COMPLETION_CHARS && !STOP_WORDS.has(word) && !/\d/.test(word)) words.update(word, (count = 0) => count + 1);
        }
        index.add({ id: passage.id, title: titleTerms, text: terms.map((t) => t.term).join(' ') });
        passages.set(passage.id, passage);
        await slicer.maybePause();
      }
    }
    const articles = new Map(knowledge.articles.map((article) => [article.slug, article]));
    const version: KnowledgeVersion = { hash: contentHash(articles.values()), loadedAt: new Date(), articles: articles.size, passages: passages.size };
    const ranking = { ...DEFAULT_RANKING, ...options.ranking };
    return new KnowledgeIndex(index, documentFrequency, words, passages, articles, thesaurus, termCount / Math.max(1, sentenceCount), version, ranking);
  }

  /**
   * The same index with other ranking options: shares all data, so it costs nothing. For
   * calibration and evaluation.
   */
  withRanking(ranking: Partial<RankingOptions>): KnowledgeIndex {
    return new KnowledgeIndex(this.index, this.documentFrequency, this.words, this.passages, this.articles, this.thesaurus, this.meanSentenceTerms, this.version, { ...this.ranking, ...ranking });
  }

  /** The articles, sorted by date (newest first, undated last), then title. */
  sources(): SourceInfo[] {
    return [...this.articles.values()]
      .map((article) => ({
        slug: article.slug,
        title: article.title,
        ...(article.source !== undefined && { source: article.source }),
        ...(article.date !== undefined && { date: article.date }),
        ...(article.url !== undefined && { url: article.url }),
        passages: article.paragraphs.length,
      }))
      .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.title.localeCompare(b.title));
  }

  /** Every article, sorted by slug. */
  articleList(): Article[] {
    return [...this.articles.values()];
  }

  /** The article with this slug, if any. */
  article(slug: string): Article | undefined {
    return this.articles.get(slug);
  }

  /**
   * Answers a question with 1–3 verbatim sentences and their citations, or says there is no
   * confident answer (with the closest article titles), or explains why the input cannot be
   * searched. Never throws for any string.
   */
  answer(question: string): AnswerResult {
    const checked = checkQuestion(question);
    if (!checked.ok) return { kind: 'invalid', message: checked.message };
    const query = this.parseQuery(checked.text);
    if (query.terms.length === 0) {
      return {
        kind: 'invalid',
        message: 'Your question only has common words (like *what*, *is*, *it*), so there is nothing to search for. Please name what you want to know about, for example: *What does the agreement cover?*',
      };
    }
    const hits = this.searchPassages(query, CANDIDATE_PASSAGES);
    const ranked = this.rankSentences(query, hits);
    const best = ranked[0];
    // Calibration: confidence is the idf-weighted share of the question's words found in the
    // best sentence, averaged with the share found in its paragraph and title. Words that no
    // article contains get the highest idf, so a question about something absent scores low
    // even when it shares common words ("India") with the articles. On the seed article's
    // questions and XQuAD (eval/), answerable questions score 0.6–1.0 (a few down to 0.5 when
    // asked with other words), off-topic ones 0–0.45, so MIN_CONFIDENCE = 0.5 sits in the gap.
    const confidence = confidenceOf(best);
    if (!best || confidence < this.ranking.minConfidence) return this.noAnswer(checked.text, query, hits, confidence);

    const chosen = ranked.filter((sentence, i) => i === 0 || (sentence.coverage > 0 && sentence.score >= best.score * this.ranking.relativeSnippetScore));
    const picked: ScoredSentence[] = [];
    for (const sentence of chosen) {
      if (picked.length === MAX_SNIPPETS) break;
      const text = sentence.passage.text.slice(sentence.start, sentence.end);
      const overlaps = (other: ScoredSentence) => other.passage === sentence.passage && other.start < sentence.end && sentence.start < other.end;
      if (picked.some((other) => overlaps(other) || other.passage.text.slice(other.start, other.end) === text)) continue;
      picked.push(sentence);
    }
    const { snippets, citations } = this.cite(picked.map((sentence) => ({
      passage: sentence.passage,
      text: clipText(sentence.passage.text.slice(sentence.start, sentence.end), sentence.focus.map(([a, b]) => [a - sentence.start, b - sentence.start] as const)),
    })));
    const answer: Answer = { kind: 'answer', question: checked.text, snippets, citations, confidence };
    return answer;
  }

  /** The ranking behind an answer: query terms, their matches and the top sentences scored. */
  explain(question: string, limit = 5): Explanation | undefined {
    const checked = checkQuestion(question);
    if (!checked.ok) return undefined;
    const query = this.parseQuery(checked.text);
    const ranked = this.rankSentences(query, this.searchPassages(query, CANDIDATE_PASSAGES));
    return {
      terms: query.terms.map(({ word, term, pos, idf, matches }) => ({ word, term, pos, idf, matches: Object.fromEntries(matches) })),
      kinds: query.kinds.map((kind) => Object.entries(SpanKind).find(([, value]) => value === kind)![0]),
      confidence: confidenceOf(ranked[0]),
      sentences: ranked.slice(0, limit).map((s) => ({
        id: s.passage.id,
        text: s.passage.text.slice(s.start, s.end),
        score: s.score,
        coverage: s.coverage,
        paragraphCoverage: s.paragraphCoverage,
        search: s.search,
        kind: s.kind,
      })),
    };
  }

  /**
   * The passages that best match some search terms, each shown as an excerpt around what
   * matched, with citations. An empty `hits` list when nothing matches.
   */
  search(terms: string): SearchResults | { kind: 'invalid'; message: string } {
    const checked = checkQuestion(terms);
    if (!checked.ok) return { kind: 'invalid', message: checked.message };
    const query = this.parseQuery(checked.text);
    if (query.terms.length === 0) {
      return { kind: 'invalid', message: 'Those are all common words (like *the*, *is*), so there is nothing to search for. Please give a name or a topic.' };
    }
    const hits = this.searchPassages(query, MAX_SEARCH_HITS);
    const { snippets, citations } = this.cite(hits.map(({ passage }) => {
      const focus = termsOf(passage.text).filter((t) => query.terms.some((q) => q.matches.has(t.term))).map((t) => [t.start, t.end] as const);
      return { passage, text: clipText(passage.text, focus) };
    }));
    return { kind: 'search', query: checked.text, hits: snippets, citations };
  }

  /**
   * A short extractive summary (3–5 sentences, under about 900 characters) of one article, or
   * of the whole knowledge base when `slug` is omitted. `undefined` for an unknown slug.
   */
  summarize(slug?: string): Summary | undefined {
    const articles = slug === undefined ? [...this.articles.values()] : [this.articles.get(slug)].filter((a): a is Article => a !== undefined);
    if (articles.length === 0) return undefined;
    const picked = summarizeSentences(articles.map((article) => ({
      article,
      passages: this.passagesOf(article).map((passage) => ({ passage, sentences: passage.sentences })),
    })), (term) => this.idf(term));
    const { snippets, citations } = this.cite(picked.map(({ passage, start, end }) => ({ passage: passage as Passage, text: passage.text.slice(start, end) })));
    const title = articles.length === 1 ? articles[0]!.title : `The knowledge base (${articles.length} articles)`;
    return { kind: 'summary', title, snippets, citations };
  }

  /**
   * Completions for a question being typed: the text with its last word completed by words of
   * the articles that start with it, most frequent first. `[]` when nothing completes it.
   */
  completeQuestion(typed: string, limit: number): string[] {
    const match = /([\p{L}'’-]+)$/u.exec(typed);
    if (!match || match[1]!.length < 2) return [];
    const head = typed.slice(0, match.index);
    return [...this.words.atPrefix(foldCase(match[1]!)).entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([word]) => head + word);
  }

  private passagesOf(article: Article): Passage[] {
    return article.paragraphs.map((_, i) => this.passages.get(`${article.slug}#${i + 1}`)!);
  }

  private idf(term: string): number {
    const n = this.passages.size;
    const df = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * Turns question text into query terms. Each word matches itself; a word no article holds
   * may match by a typo (edit distance 1, or 2 for words of six letters or more); every word
   * may also match WordNet synonyms and broader or narrower words that the articles hold, at
   * lower weight. A word's idf is that of the rarest term it matches, or the highest possible
   * when it matches nothing: a question about something absent should score low.
   */
  private parseQuery(text: string): ParsedQuery {
    const tokens = tokenize(text).map((token) => token.word);
    const focus = questionFocus(tokens);
    const typeTerm = focus.typeWord === undefined ? undefined : termsOf(focus.typeWord)[0]?.term;
    const seen = new Set<string>(typeTerm === undefined ? [] : [typeTerm]);
    const terms: QueryTerm[] = [];
    const { typoWeight, synonymWeight, nearbyWeight, predicateWeight } = this.ranking;
    const pos = partsOfSpeech(text);
    for (const { term, start, end } of termsOf(text)) {
      if (seen.has(term)) continue;
      seen.add(term);
      const matches = new Map<string, number>();
      const add = (match: string, weight: number) => {
        if ((matches.get(match) ?? 0) < weight) matches.set(match, weight);
      };
      const written = foldCase(text.slice(start, end));
      if (!this.documentFrequency.has(term) && !this.thesaurus.isWord(written) && isStopWordOrTypo(written)) continue;
      if (this.documentFrequency.has(term)) {
        add(term, 1);
      } else if (term.length >= 4 && !/\d/.test(term) && !this.thesaurus.isWord(written)) {
        // Only a word that is not English can be a typo: "bones" is not a misspelt "ones".
        const typos = [...this.documentFrequency.fuzzyGet(term, term.length >= 6 ? 2 : 1)]
          .sort((a, b) => a[1][1] - b[1][1] || b[1][0] - a[1][0])
          .slice(0, 3);
        for (const [match, [, distance]] of typos) add(match, typoWeight ** distance);
      }
      const direct = new Set(matches.keys());
      const related = this.thesaurus.lookup(written);
      for (const synonym of related?.synonyms ?? []) if (this.documentFrequency.has(synonym)) add(synonym, synonymWeight);
      for (const near of related?.nearby ?? []) if (this.documentFrequency.has(near)) add(near, nearbyWeight);
      const rarity = matches.has(term) || matches.size === 0 ? this.idf(term) : Math.max(...[...matches.keys()].map((match) => this.idf(match)));
      const partOfSpeech = pos.get(written) ?? 'X';
      const idf = rarity * (PREDICATE_POS.has(partOfSpeech) ? predicateWeight : 1);
      terms.push({ word: text.slice(start, end), term, idf, matches, related: new Set([...matches.keys()].filter((match) => !direct.has(match))), pos: partOfSpeech });
    }
    return { terms, words: new Set(tokens), kinds: focus.kinds };
  }

  private searchPassages(query: ParsedQuery, limit: number): Array<{ passage: Passage; score: number }> {
    const weights = new Map<string, number>();
    for (const term of query.terms) {
      for (const [match, weight] of term.matches) weights.set(match, Math.max(weights.get(match) ?? 0, weight));
    }
    if (weights.size === 0) return [];
    return this.index
      .search([...weights.keys()].join(' '), { boostTerm: (term) => weights.get(term) ?? 1 })
      .slice(0, limit)
      .map((hit) => ({ passage: this.passages.get(hit.id as string)!, score: hit.score }));
  }

  private rankSentences(query: ParsedQuery, hits: ReadonlyArray<{ passage: Passage; score: number }>): ScoredSentence[] {
    const totalIdf = query.terms.reduce((sum, term) => sum + term.idf, 0);
    const topScore = hits[0]?.score ?? 1;
    // The idf-weighted share of the question found. As evidence (`strict`), a synonym counts
    // for its weight squared: "pact" found as "agreement" ranks a sentence, but says less
    // about whether the articles answer at all.
    const share = (present: (term: string) => boolean, strict = false) => query.terms.reduce((sum, q) => {
      let weight = 0;
      for (const [match, w] of q.matches) {
        const evidence = strict && q.related.has(match) ? w * w : w;
        if (evidence > weight && present(match)) weight = evidence;
      }
      return sum + q.idf * weight;
    }, 0) / totalIdf;
    const { sentenceWeight, paragraphWeight, searchWeight, kindWeight, phraseWeight, lengthNormalization: b } = this.ranking;

    const ranked: ScoredSentence[] = [];
    const pairs: Array<[QueryTerm, QueryTerm]> = query.terms.slice(1).map((term, i) => [query.terms[i]!, term]);
    const pairIdf = pairs.reduce((sum, [a, b]) => sum + a.idf + b.idf, 0);
    for (const { passage, score } of hits) {
      const terms = termsOf(passage.text);
      const titleTerms = new Set(termsOf(passage.article.title).map((t) => t.term));
      const passageTerms = new Set(terms.map((t) => t.term));
      const inParagraph = (term: string) => passageTerms.has(term) || titleTerms.has(term);
      const paragraphCoverage = share(inParagraph);
      // A name the question asks about that the paragraph never mentions ("Did Pakistan sign a
      // similar agreement?") means the paragraph is about something else.
      const missingName = query.terms.some((q) => q.pos === 'PROPN' && ![...q.matches.keys()].some((match) => !q.related.has(match) && inParagraph(match)));
      const paragraphEvidence = share(inParagraph, true) * (missingName ? MISSING_NAME_FACTOR : 1);
      // Candidate snippets: each sentence, and each two consecutive sentences that fit in a
      // snippet together. Questions often name their subject in one sentence and ask about
      // what the next one says ("He is also the oldest quarterback…").
      const windows: Array<[number, number]> = [];
      for (let s = 0; s < passage.sentences.length; s += 2) {
        windows.push([passage.sentences[s]!, passage.sentences[s + 1]!]);
        const next = passage.sentences[s + 3];
        if (next !== undefined && next - passage.sentences[s]! <= MAX_SNIPPET_CHARS) windows.push([passage.sentences[s]!, next]);
      }
      for (const [start, end] of windows) {
        const inside = terms.filter((t) => t.start >= start && t.end <= end);
        const sentenceTerms = new Set(inside.map((t) => t.term));
        const coverage = share((term) => sentenceTerms.has(term));
        const evidence = (share((term) => sentenceTerms.has(term), true) * (missingName ? MISSING_NAME_FACTOR : 1) + paragraphEvidence) / 2;
        let phrase = 0;
        if (phraseWeight > 0 && pairIdf > 0) {
          const positions = (q: QueryTerm) => inside.flatMap((t, i) => (q.matches.has(t.term) ? [i] : []));
          for (const [a, b] of pairs) {
            const pa = positions(a);
            const pb = positions(b);
            if (pa.some((i) => pb.some((j) => Math.abs(i - j) <= 2))) phrase += a.idf + b.idf;
          }
          phrase /= pairIdf;
        }
        // BM25's length normalisation for a term seen once: a short sentence that holds the
        // question's words is a better snippet than a long one that holds them too.
        const lengthFactor = (BM25_K1 + 1) / (1 + BM25_K1 * (1 - b + (b * inside.length) / this.meanSentenceTerms));
        const focus = inside.filter((t) => query.terms.some((q) => q.matches.has(t.term))).map((t) => [t.start, t.end] as const);
        const kind = query.kinds.length > 0 && this.hasNewSpan(passage, start, end, query, focus);
        if (kind) {
          for (let k = 0; k < passage.spans.length; k += 3) {
            if (query.kinds.includes(passage.spans[k] as SpanKind) && passage.spans[k + 1]! >= start && passage.spans[k + 2]! <= end) {
              focus.push([passage.spans[k + 1]!, passage.spans[k + 2]!]);
            }
          }
        }
        const total = sentenceWeight * coverage * lengthFactor + paragraphWeight * paragraphCoverage
          + searchWeight * (score / topScore) + kindWeight * (kind ? 1 : 0) + phraseWeight * phrase;
        ranked.push({ passage, start, end, score: total, coverage, paragraphCoverage, evidence, search: score / topScore, kind, focus });
      }
    }
    return ranked.sort((a, b) => b.score - a.score || (a.end - a.start) - (b.end - b.start));
  }

  /**
   * Whether the text holds a span of a wanted kind that is not just words of the question and
   * stands within {@link KIND_NEAR_CHARS} of a word that matched the question: answers sit
   * next to the words the question shares with them ("Kuechly led the team in tackles (118)").
   */
  private hasNewSpan(passage: Passage, start: number, end: number, query: ParsedQuery, matched: ReadonlyArray<readonly [number, number]>): boolean {
    for (let k = 0; k < passage.spans.length; k += 3) {
      const [kind, a, b] = [passage.spans[k] as SpanKind, passage.spans[k + 1]!, passage.spans[k + 2]!];
      if (a < start || b > end || !query.kinds.includes(kind)) continue;
      if (!matched.some(([x, y]) => (y <= a && a - y <= KIND_NEAR_CHARS) || (x >= b && x - b <= KIND_NEAR_CHARS))) continue;
      if (tokenize(passage.text.slice(a, b)).some((token) => !query.words.has(token.word))) return true;
    }
    return false;
  }

  private noAnswer(question: string, query: ParsedQuery, hits: ReadonlyArray<{ passage: Passage }>, confidence: number): NoAnswer {
    const closestTitles = [...new Set(hits.map((hit) => hit.passage.article.title))].slice(0, 3);
    const unknownWords = query.terms.filter((term) => term.matches.size === 0).map((term) => term.word);
    const message = unknownWords.length > 0
      ? `I could not find a confident answer in the articles: none of them mentions ${unknownWords.map((w) => `“${w}”`).join(', ')}.`
      : 'I could not find a confident answer in the articles.';
    return { kind: 'no-answer', question, message, closestTitles, unknownWords, confidence };
  }

  /** Numbers the sources of some texts in order of first appearance, one number per paragraph. */
  private cite(items: ReadonlyArray<{ passage: Passage; text: string }>): { snippets: Snippet[]; citations: Citation[] } {
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
}

/**
 * Confidence in a sentence as an answer: the idf-weighted share of the question's words in
 * the sentence, averaged with the share in its paragraph and article title.
 */
function confidenceOf(sentence: ScoredSentence | undefined): number {
  return sentence?.evidence ?? 0;
}

function uniqueTerms(terms: readonly Term[]): string[] {
  return [...new Set(terms.map((t) => t.term))];
}
