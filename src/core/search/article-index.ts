/**
 * The answer engine: an index of passages (one per paragraph) with minisearch, and the ranking
 * that turns a question into 1–3 cited sentences, or an honest "no confident answer".
 *
 * Answering runs in two stages. minisearch (BM25 over analysed terms, title boosted) picks
 * the candidate paragraphs for the question's words, their typo corrections and WordNet
 * relatives; then `ranking.ts` scores every sentence (and pair of sentences) of those
 * paragraphs. This module owns the index: building, the question's terms, citations.
 */
import { createHash } from 'node:crypto';
import MiniSearch, { type Options } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { type Answer, type AnswerResult, checkQuestion, type Citation, clipText, type ConfidenceParts, DEFAULT_RANKING, focusOf, type KnowledgeVersion, lacksAskedKind, type NoAnswer, type ParsedQuery, parseQuery, POSSESSIVE_END, type QueryTerm, type QueryVocabulary, type RankingOptions, LINKS_MESSAGE, rankSnippets, REFERS_BACK, type ScoredSnippet, type ScoreParts, type SearchResults, type Snippet, SOURCE_WORDS, type SourceInfo, summarizeSentences, type Summary } from '../answering/index.js';
import { type Article, completionWords, type KnownArticle, type LoadedArticles, type Passage, passagesOf, passageTerms, termsAndWords } from '../articles/index.js';
import { definitionsIn, foldCase, MEANING_DIMENSIONS, SpanKind, type Term, termOf, termsOf, Thesaurus, tokenize, withoutDateline, WordVectors } from '../language/index.js';
import { pause, Slicer } from '../slicer.js';

export { DEFAULT_RANKING, type RankingOptions } from '../answering/ranking.js';

/** What a question about an article itself asks for ("does the article have a date", "link to the story"). */
const ARTICLE_DETAILS: ReadonlySet<string> = new Set(['date', 'dated', 'when', 'link', 'url', 'source', 'published', 'author', 'written', 'writer', 'by']);

/** Bumped when the index format or analysis changes: a cached index of another version is rebuilt. */
export const ENGINE_VERSION = 10;

/**
 * Paragraphs whose sentences are scored for an answer. In a large knowledge base the paragraph
 * that answers is often not among the few that share most words with the question ("Zambia's
 * health minister" against an article on a cabinet reshuffle), and scoring a paragraph costs
 * little beside reading the question.
 */
export const CANDIDATE_PASSAGES = 20;
/** Most snippets in an answer. */
export const MAX_SNIPPETS = 3;
/** Most passages listed by a search. */
export const MAX_SEARCH_HITS = 5;
/** Most postings (passages per term, summed) one search reads: bounds its cost at any index size. */
export const MAX_SEARCH_POSTINGS = 5_000;
/**
 * A term in more passages than this is not stored in the search index (it still counts in
 * ranking): a search, limited to {@link MAX_SEARCH_POSTINGS}, could hardly read its postings.
 * Only large knowledge bases have such terms; at 100,000 passages they hold about half of all
 * postings.
 */
export const MAX_INDEXED_DF = 2_000;

/** Weight of an article title's match in its passages' search score. */
const TITLE_BOOST = 1.5;
/** Passages, best by text, whose score the title match can still change. */
const TITLE_RESCORED_HITS = 200;

/** A passage (`text`) or an article title (`title`), as analysed terms joined by spaces. */
interface IndexedDocument {
  readonly id: string;
  readonly title?: string;
  readonly text?: string;
}

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

/** A paragraph whose sentences have no meaning vectors yet. */
export interface ParagraphToEncode {
  /** The paragraph's text: the key its vectors are stored under. */
  readonly text: string;
  readonly sentences: readonly string[];
}

/** Options for building an index. */
export interface BuildOptions {
  /** Defaults to the process-wide WordNet thesaurus. */
  readonly thesaurus?: Thesaurus;
  /** Defaults to the process-wide word vectors. */
  readonly vectors?: WordVectors;
  /** Changes to {@link DEFAULT_RANKING}. */
  readonly ranking?: Partial<RankingOptions>;
  /**
   * Build the search index in one synchronous step: several times faster, for a process that
   * is starting and serves nobody yet. Otherwise the build yields to the event loop throughout.
   */
  readonly bulk?: boolean;
}

function miniSearchOptions(fields: Array<'title' | 'text'>): Options<IndexedDocument> {
  return {
    fields,
    // Documents hold terms analysed by `termsOf`, joined by spaces.
    tokenize: (text) => text.split(' '),
    processTerm: (term) => term || null,
    searchOptions: { prefix: false, fuzzy: false, combineWith: 'OR' },
  };
}

function newMiniSearch(fields: Array<'title' | 'text'>): MiniSearch<IndexedDocument> {
  return new MiniSearch<IndexedDocument>(miniSearchOptions(fields));
}

/**
 * Builds the passages' search index in one go, through minisearch's documented serialised
 * form (`loadJS`) instead of adding passages one by one: several times faster, for starting a
 * bot, but one synchronous step, so refreshes add passages one by one instead. `texts` are
 * the passages' searchable terms, by passage id.
 */
function bulkIndex(store: Store, texts: ReadonlyMap<string, string>): void {
  const postings = new Map<string, Record<number, number>>();
  const documentIds: Record<number, string> = {};
  const fieldLength: Record<number, [number]> = {};
  let shortId = 0;
  let totalLength = 0;
  for (const [id, text] of texts) {
    const terms = text ? text.split(' ') : [];
    for (const term of terms) {
      let docs = postings.get(term);
      if (!docs) {
        docs = {};
        postings.set(term, docs);
      }
      docs[shortId] = (docs[shortId] ?? 0) + 1;
    }
    documentIds[shortId] = id;
    fieldLength[shortId] = [terms.length];
    totalLength += terms.length;
    shortId++;
  }
  store.search = MiniSearch.loadJS<IndexedDocument>({
    documentCount: shortId,
    nextId: shortId,
    documentIds,
    fieldIds: { text: 0 },
    fieldLength,
    averageFieldLength: [totalLength / Math.max(1, shortId)],
    storedFields: {},
    dirtCount: 0,
    index: [...postings].map(([term, docs]) => [term, { 0: docs }]),
    serializationVersion: 2,
  }, miniSearchOptions(['text']));
}

function contentHash(articles: Iterable<Article>): string {
  const hash = createHash('sha256').update(`engine ${ENGINE_VERSION}\n`);
  for (const article of [...articles].sort((a, b) => (a.slug < b.slug ? -1 : 1))) hash.update(`${article.slug} ${article.hash}\n`);
  return hash.digest('hex').slice(0, 12);
}

/** The version a set of articles gets when indexed: for reports before (or without) a build. */
export function versionOf(articles: readonly Article[], loadedAt = new Date()): KnowledgeVersion {
  return { hash: contentHash(articles), loadedAt, articles: articles.length, passages: articles.reduce((n, a) => n + a.paragraphs.length, 0) };
}

/**
 * The searchable data behind an index. An incremental update changes it in place, so the
 * indexes before and after an update share it; the maps of passages and articles are each
 * index's own.
 */
interface Store {
  /** Passages' text terms. */
  search: MiniSearch<IndexedDocument>;
  /** Articles' title terms: kept apart, so a title's terms are stored once, not per paragraph. */
  readonly titles: MiniSearch<IndexedDocument>;
  /** Index term → number of passages holding it. */
  readonly documentFrequency: Map<string, number>;
  /** The same terms as a radix tree, so typos can be looked up. */
  readonly vocabulary: SearchableMap<1>;
  /** Words as written (lower case, no stop words) → occurrences: for autocomplete. */
  readonly words: Map<string, number>;
  /** The same words as a radix tree, for prefix lookups. */
  readonly wordTree: SearchableMap<1>;
  /**
   * Meaning vectors of each paragraph's sentences (see `SentenceEncoder`), by paragraph text:
   * computed after the index is built (they take long), shared by the versions of the index.
   */
  readonly meanings: Map<string, Int8Array>;
  /** Abbreviations the passages define → their long forms (words joined by spaces) → passages defining them so. */
  readonly definitions: Map<string, Map<string, number>>;
  sentenceCount: number;
  termCount: number;
}

function newStore(): Store {
  return {
    search: newMiniSearch(['text']),
    titles: newMiniSearch(['title']),
    documentFrequency: new Map(),
    vocabulary: new SearchableMap(),
    words: new Map(),
    wordTree: new SearchableMap(),
    definitions: new Map(),
    meanings: new Map(),
    sentenceCount: 0,
    termCount: 0,
  };
}

/**
 * Counts a key up or down in a map; the radix tree beside it changes only when the key appears
 * or disappears, which keeps building fast (hash maps) and typo lookups possible (radix tree).
 */
function count(map: Map<string, number>, tree: SearchableMap<1>, key: string, delta: number): void {
  const before = map.get(key) ?? 0;
  const next = before + delta;
  if (next > 0) {
    if (before === 0) tree.set(key, 1);
    map.set(key, next);
  } else {
    map.delete(key);
    tree.delete(key);
  }
}

/**
 * Counts (`sign` 1) or discounts (`sign` -1) a passage's terms and words in the store's
 * statistics, and returns its terms, in text order. With `knownTerms` (from the cache) the
 * text is not analysed again, and its words are left to the caller.
 */
function countPassage(store: Store, passage: Passage, sign: 1 | -1, knownTerms?: readonly string[]): readonly string[] {
  let terms = knownTerms;
  if (!terms) {
    const tokens = tokenize(passage.text);
    terms = termsOf(passage.text, tokens).map((t) => t.term);
    for (const word of completionWords(tokens)) count(store.words, store.wordTree, word, sign);
  }
  for (const { abbreviation, words } of definitionsIn(passage.text)) {
    const forms = store.definitions.get(abbreviation) ?? new Map<string, number>();
    const key = words.join(' ');
    const next = (forms.get(key) ?? 0) + sign;
    if (next > 0) forms.set(key, next);
    else forms.delete(key);
    if (forms.size > 0) store.definitions.set(abbreviation, forms);
    else store.definitions.delete(abbreviation);
  }
  store.sentenceCount += (sign * passage.sentences.length) / 2;
  store.termCount += sign * terms.length;
  for (const term of new Set(terms)) count(store.documentFrequency, store.vocabulary, term, sign);
  return terms;
}

/**
 * The terms of a passage that go into the search index: all but those in more than
 * {@link MAX_INDEXED_DF} passages. Those are everywhere: a search could not afford to read
 * their postings (see `searchPassages`), so storing them would only cost memory. They still
 * count when sentences are ranked.
 */
function searchableText(store: Store, terms: readonly string[]): string {
  return terms.filter((term) => (store.documentFrequency.get(term) ?? 0) <= MAX_INDEXED_DF).join(' ');
}

/** An article's index terms (per paragraph, joined by spaces) and completion words. */
type ArticleTerms = Pick<Required<KnownArticle>, 'terms' | 'words'>;

/**
 * Counts (`sign` 1) or discounts (`sign` -1) an article's passages, with their known terms and
 * words, in the store, and adds them to or removes them from the search index.
 */
function indexArticle(store: Store, passages: readonly Passage[], known: ArticleTerms, sign: 1 | -1): void {
  passages.forEach((passage, i) => {
    const terms = countPassage(store, passage, sign, known.terms[i] ? known.terms[i].split(' ') : []);
    if (sign === 1) store.search.add({ id: passage.id, text: searchableText(store, terms) });
    else store.search.discard(passage.id);
  });
  for (const [word, occurrences] of known.words) count(store.words, store.wordTree, word, sign * occurrences);
}

/** Adds (`sign` 1) or removes (`sign` -1) an article's title from the store. */
function indexTitle(store: Store, article: Article, sign: 1 | -1): void {
  if (sign === 1) store.titles.add({ id: article.slug, title: uniqueTerms(termsOf(article.title)).join(' ') });
  else store.titles.discard(article.slug);
}

/** What is known of an article, or `undefined` when it must be analysed. */
export type ReuseAnalyses = (article: Article) => KnownArticle | undefined;

/** Search results, or why the terms cannot be searched. */
export type SearchReply = SearchResults | { readonly kind: 'invalid'; readonly message: string };

/** What an incremental update changed. */
export interface IndexChanges {
  readonly added: readonly Article[];
  readonly changed: readonly Article[];
  readonly removed: readonly Article[];
}

/** Articles added, changed (different bytes) and removed between two sets, by slug. */
export function diffArticles(before: Iterable<Article>, after: readonly Article[]): IndexChanges {
  const previous = new Map([...before].map((a) => [a.slug, a]));
  const next = new Set(after.map((a) => a.slug));
  return {
    added: after.filter((a) => !previous.has(a.slug)),
    changed: after.filter((a) => previous.has(a.slug) && previous.get(a.slug)!.hash !== a.hash),
    removed: [...previous.values()].filter((a) => !next.has(a.slug)),
  };
}

/**
 * A searchable knowledge base. Build one with {@link ArticleIndex.build}; ask it with
 * {@link ArticleIndex.answer}, {@link ArticleIndex.search}, {@link ArticleIndex.summarize}.
 */
export class ArticleIndex {
  private readonly meanSentenceTerms: number;
  /** What questions are read against: this index's terms, typos, abbreviations, thesaurus and vectors. */
  private readonly vocabulary: QueryVocabulary;

  private constructor(
    private readonly store: Store,
    private readonly passages: ReadonlyMap<string, Passage>,
    private readonly articles: ReadonlyMap<string, Article>,
    private readonly thesaurus: Thesaurus,
    private readonly vectors: WordVectors,
    readonly version: KnowledgeVersion,
    private readonly ranking: RankingOptions,
  ) {
    this.meanSentenceTerms = store.termCount / Math.max(1, store.sentenceCount);
    this.vocabulary = {
      frequency: (term) => store.documentFrequency.get(term) ?? 0,
      idf: (term) => this.idf(term),
      typos: (word, distance) => {
        const terms = new Map<string, number>();
        for (const [match, [, edits]] of store.wordTree.fuzzyGet(word, distance)) {
          const term = termOf(match);
          if (term !== null && edits < (terms.get(term) ?? Infinity)) terms.set(term, edits);
        }
        return terms;
      },
      definition: (abbreviation) => {
        const forms = store.definitions.get(abbreviation);
        // The long form most passages give, when articles spell one abbreviation several ways.
        const common = forms && [...forms].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
        return common?.[0].split(' ');
      },
      thesaurus,
      vectors,
    };
  }

  /**
   * Builds an index of every paragraph of every article. Works in slices, yielding to the event
   * loop, so that a running bot keeps serving while a new index is built. `reuse` supplies
   * known analyses (from the cache) so that only new text goes through the NLP pipeline.
   */
  static async build(knowledge: LoadedArticles, options: BuildOptions = {}, reuse?: ReuseAnalyses): Promise<ArticleIndex> {
    const store = newStore();
    const passages = new Map<string, Passage>();
    // Each passage's terms, joined by spaces: compact until the second pass.
    const terms = new Map<string, string>();
    const slicer = new Slicer();
    // First every passage is analysed and counted, so that the search index, built second,
    // knows which terms are too common to store (see `searchableText`).
    for (const article of knowledge.articles) {
      indexTitle(store, article, 1);
      const known = reuse?.(article);
      const saved = known?.terms && known.words ? { terms: known.terms, words: known.words } : undefined;
      passagesOf(article, known?.analyses).forEach((passage, i) => {
        terms.set(passage.id, countPassage(store, passage, 1, saved && (saved.terms[i] ? saved.terms[i].split(' ') : [])).join(' '));
        passages.set(passage.id, passage);
      });
      if (saved) for (const [word, occurrences] of saved.words) count(store.words, store.wordTree, word, occurrences);
      await slicer.maybePause();
    }
    const texts = new Map<string, string>();
    for (const [id, passageTerms] of terms) {
      texts.set(id, searchableText(store, passageTerms ? passageTerms.split(' ') : []));
      terms.delete(id);
      if (!options.bulk) {
        store.search.add({ id, text: texts.get(id)! });
        texts.delete(id);
        await slicer.maybePause();
      }
    }
    if (options.bulk) bulkIndex(store, texts);
    await pause();
    const articles = new Map(knowledge.articles.map((article) => [article.slug, article]));
    return new ArticleIndex(store, passages, articles, options.thesaurus ?? Thesaurus.shared(), options.vectors ?? WordVectors.shared(), versionOf(knowledge.articles), { ...DEFAULT_RANKING, ...options.ranking });
  }

  /**
   * The index for a new set of articles, changing only what changed: new and changed articles
   * are analysed (in slices, while this index keeps answering), then the shared search data is
   * updated in one synchronous step and a new index returned. This index must not be used
   * after that (its answers would mix both versions); callers swap to the returned one.
   */
  async update(
    knowledge: LoadedArticles,
    reuse?: ReuseAnalyses,
    changes: IndexChanges = diffArticles(this.articles.values(), knowledge.articles),
  ): Promise<{ index: ArticleIndex; changes: IndexChanges }> {
    // The analysis of new text and the terms of old text are found in slices first, so that
    // the synchronous step below only counts and indexes.
    const slicer = new Slicer();
    const fresh: Array<{ passages: Passage[]; known: ArticleTerms }> = [];
    for (const article of [...changes.added, ...changes.changed]) {
      const known = reuse?.(article);
      const terms = known?.terms && known.words ? { terms: known.terms, words: known.words } : termsAndWords(article.paragraphs);
      fresh.push({ passages: passagesOf(article, known?.analyses), known: terms });
      await slicer.maybePause();
    }
    const stale: Array<{ passages: Passage[]; known: ArticleTerms }> = [];
    for (const article of [...changes.changed, ...changes.removed]) {
      const old = this.articles.get(article.slug)!;
      stale.push({ passages: this.passagesOf(old), known: termsAndWords(old.paragraphs) });
      await slicer.maybePause();
    }
    // From here to the return nothing awaits: no question sees a half-updated index.
    const passages = new Map(this.passages);
    for (const article of [...changes.changed, ...changes.removed]) indexTitle(this.store, article, -1);
    for (const { passages: old, known } of stale) {
      indexArticle(this.store, old, known, -1);
      for (const passage of old) passages.delete(passage.id);
    }
    for (const article of [...changes.added, ...changes.changed]) indexTitle(this.store, article, 1);
    for (const { passages: added, known } of fresh) {
      indexArticle(this.store, added, known, 1);
      for (const passage of added) passages.set(passage.id, passage);
    }
    if (stale.length > 0) {
      // Meaning vectors of paragraphs no article holds any more.
      const texts = new Set([...passages.values()].map((passage) => passage.text));
      for (const { passages: old } of stale) for (const passage of old) if (!texts.has(passage.text)) this.store.meanings.delete(passage.text);
    }
    const articles = new Map(knowledge.articles.map((article) => [article.slug, article]));
    const index = new ArticleIndex(this.store, passages, articles, this.thesaurus, this.vectors, versionOf(knowledge.articles), this.ranking);
    return { index, changes };
  }

  /**
   * The same index with other ranking options: shares all data, so it costs nothing. For
   * calibration and evaluation.
   */
  withRanking(ranking: Partial<RankingOptions>): ArticleIndex {
    return new ArticleIndex(this.store, this.passages, this.articles, this.thesaurus, this.vectors, this.version, { ...this.ranking, ...ranking });
  }

  /**
   * Each article with what the cache saves: its paragraphs' sentence and entity analyses, their
   * index terms, the article's words, and its paragraphs' sentence meaning vectors where they
   * are known. Terms and words are found again here (a little work
   * per article) rather than kept in memory for every passage.
   */
  *analysedArticles(): Generator<{ article: Article; meanings: Array<Int8Array | undefined> } & Required<KnownArticle>> {
    for (const article of this.articles.values()) {
      const passages = this.passagesOf(article);
      yield {
        article,
        analyses: passages.map(({ sentences, spans }) => ({ sentences, spans })),
        ...termsAndWords(article.paragraphs),
        meanings: passages.map((passage) => this.store.meanings.get(passage.text)),
      };
    }
  }

  /**
   * The paragraphs whose sentences have no meaning vectors yet, newest articles first, up to
   * `maxSentences` sentences in all (counting those already encoded): a knowledge base too large
   * to encode whole gets vectors for its newest articles.
   */
  paragraphsToEncode(maxSentences: number): ParagraphToEncode[] {
    const wanted: ParagraphToEncode[] = [];
    const seen = new Set<string>();
    let sentences = 0;
    const newestFirst = [...this.articles.values()].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.slug.localeCompare(b.slug));
    for (const article of newestFirst) {
      for (const passage of this.passagesOf(article)) {
        if (seen.has(passage.text)) continue;
        seen.add(passage.text);
        const count = passage.sentences.length / 2;
        if (sentences + count > maxSentences) return wanted;
        sentences += count;
        if (this.store.meanings.has(passage.text)) continue;
        const texts: string[] = [];
        for (let i = 0; i < passage.sentences.length; i += 2) texts.push(passage.text.slice(passage.sentences[i], passage.sentences[i + 1]));
        if (passage.paragraph === 1) texts[0] = withoutDateline(texts[0]!);
        wanted.push({ text: passage.text, sentences: texts });
      }
    }
    return wanted;
  }

  /** Stores the meaning vectors of a paragraph's sentences (from {@link paragraphsToEncode}). */
  addMeaning(text: string, vectors: Int8Array): void {
    this.store.meanings.set(text, vectors);
  }

  /**
   * Gives the paragraphs without meaning vectors those `known` has for their text (from a
   * cache), when they are one vector per sentence.
   */
  attachMeanings(known: (text: string) => Int8Array | undefined): void {
    for (const passage of this.passages.values()) {
      if (this.store.meanings.has(passage.text)) continue;
      const vectors = known(passage.text);
      if (vectors && vectors.length === (passage.sentences.length / 2) * MEANING_DIMENSIONS) this.store.meanings.set(passage.text, vectors);
    }
  }

  /** The meaning vectors of a paragraph's sentences, when they are known. */
  meaningOf(text: string): Int8Array | undefined {
    return this.store.meanings.get(text);
  }

  /** Whether any paragraph has meaning vectors: only then is a question's worth encoding. */
  get hasMeanings(): boolean {
    return this.store.meanings.size > 0;
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
   * The articles a reader means by some text: the one whose slug or title it is exactly,
   * otherwise every article whose slug or title contains it (case-insensitive). `[]` when none.
   */
  findArticles(text: string): Article[] {
    const wanted = text.trim().toLowerCase();
    const articles = [...this.articles.values()];
    const exact = articles.find((a) => a.slug === wanted || a.title.toLowerCase() === wanted);
    if (exact) return [exact];
    return wanted ? articles.filter((a) => a.title.toLowerCase().includes(wanted) || a.slug.includes(wanted)) : [];
  }

  /**
   * Answers a question with 1–3 verbatim sentences and their citations, or says there is no
   * confident answer (with the closest article titles), or explains why the input cannot be
   * searched. Never throws for any string.
   */
  answer(question: string, options: AnswerOptions = {}): AnswerResult {
    const checked = checkQuestion(question);
    if (!checked.ok) return { kind: 'invalid', message: checked.message };
    const query = this.parseQuery(checked.text);
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
    const { hits, ranked, topScore, missing } = this.ranked(query, options);
    if (missing.length > 0) {
      const words = missing.map((term) => `“${term.word}”`).join(', ');
      return { ...this.noAnswer(checked.text, query, hits, 0), message: `I could not find a confident answer about ${words} on this subject.` };
    }
    const best = ranked[0];
    // Confidence and its calibration: see `ScoredSnippet.confidence` and `DEFAULT_RANKING`.
    const confidence = confidenceOf(best);
    if (!best || confidence < this.ranking.minConfidence) return this.noAnswer(checked.text, query, hits, confidence, best, options.typed);

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
    let chosen = ranked.filter((sentence, i) => i === 0 || (sentence.coverage > 0 && sentence.score >= topScore * this.ranking.relativeSnippetScore));
    chosen[0] = first;
    const continuation = ranked.find((candidate) => candidate.passage === best.passage && candidate.start >= first.end
      && !/\S/.test(best.passage.text.slice(first.end, candidate.start)) && candidate.score >= topScore * this.ranking.continuationScore);
    if (continuation) chosen = [first, continuation, ...chosen.slice(1).filter((sentence) => sentence !== continuation)];
    const picked: ScoredSnippet[] = [];
    for (const sentence of chosen) {
      if (picked.length === MAX_SNIPPETS) break;
      const text = sentence.passage.text.slice(sentence.start, sentence.end);
      const overlaps = (other: ScoredSnippet) => other.passage === sentence.passage && other.start < sentence.end && sentence.start < other.end;
      if (picked.some((other) => overlaps(other) || other.passage.text.slice(other.start, other.end) === text)) continue;
      picked.push(sentence);
    }
    const { snippets, citations } = this.cite(picked.map((sentence) => ({
      passage: sentence.passage,
      text: clipText(sentence.passage.text.slice(sentence.start, sentence.end), focusOf(query, sentence.passage, sentence.start, sentence.end)),
    })));
    const note = picked.every((s) => lacksAskedKind(query, s.passage, s.start, s.end))
      ? `None of these passages gives the ${askedKindName(query)} you asked for.`
      : undefined;
    const answer: Answer = { kind: 'answer', question: checked.text, snippets, citations, confidence, ...(note !== undefined && { note }) };
    return answer;
  }

  /** The ranking behind an answer given the same options: query terms, their matches and the top sentences scored, in the order the answer weighs them. */
  explain(question: string, limit = 5, options: AnswerOptions = {}): Explanation | undefined {
    const checked = checkQuestion(question);
    if (!checked.ok) return undefined;
    const query = this.parseQuery(checked.text);
    const { hits, ranked } = this.ranked(query, options);
    return {
      terms: query.terms.map(({ word, term, pos, idf, matches }) => ({ word, term, pos, idf, matches: Object.fromEntries(matches) })),
      kinds: query.kinds.map((kind) => Object.entries(SpanKind).find(([, value]) => value === kind)![0]),
      unknownName: query.unknownName,
      confidence: confidenceOf(ranked[0]),
      sentenceMeanings: this.meaningsUsable(hits, options.meaning),
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
   * The passages that best match some search terms, each shown as an excerpt around what
   * matched, with citations. An empty `hits` list when nothing matches.
   */
  search(terms: string): SearchReply {
    const checked = checkQuestion(terms, { latin: false });
    if (!checked.ok) return { kind: 'invalid', message: checked.message };
    const query = this.parseQuery(checked.text);
    if (query.terms.length === 0) {
      return { kind: 'invalid', message: 'Those are all common words (like “the”, “is”), so there is nothing to search for. Please give a name or a topic.' };
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
    const { words, wordTree } = this.store;
    return [...wordTree.atPrefix(foldCase(match[1]!)).keys()]
      .map((word) => [word, words.get(word) ?? 0] as const)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([word]) => head + word);
  }

  private passagesOf(article: Article): Passage[] {
    return article.paragraphs.map((_, i) => this.passages.get(`${article.slug}#${i + 1}`)!);
  }

  private idf(term: string): number {
    const n = this.passages.size;
    const df = this.store.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** The question read against this index's vocabulary. */
  private parseQuery(text: string): ParsedQuery {
    return parseQuery(text, this.vocabulary, this.ranking);
  }

  /**
   * The candidates of a question and their snippets, in the order an answer weighs them (see
   * `AnswerOptions`: `within` chooses the candidates, `about` puts first the snippets that speak
   * of its words). `topScore` is the best snippet's score before that order; `missing` holds the
   * `about` words when no snippet it would show speaks of one (the answer is then declined).
   */
  private ranked(query: ParsedQuery, options: AnswerOptions): { hits: Array<{ passage: Passage; score: number }>; ranked: ScoredSnippet[]; topScore: number; missing: QueryTerm[] } {
    const within = options.within === undefined ? undefined : this.articles.get(options.within);
    const hits = within === undefined ? this.searchPassages(query, CANDIDATE_PASSAGES) : this.searchedWithin(within, query);
    const ranked = this.rank(query, hits, options.meaning);
    // The score the snippets after the first are measured against: the best's, even when a
    // sentence that speaks of `about` goes first.
    const topScore = ranked[0]?.score ?? 0;
    const about = options.about === undefined ? [] : termsAbout(query, options.about);
    if (about.length === 0) return { hits, ranked, topScore, missing: [] };
    const floor = topScore * this.ranking.relativeSnippetScore;
    const speaks = new Set(ranked.filter((s) => s.score >= floor && holdsAny(about, s.passage.text.slice(s.start, s.end))));
    if (speaks.size === 0) return { hits, ranked, topScore, missing: about };
    return { hits, ranked: [...ranked.filter((s) => speaks.has(s)), ...ranked.filter((s) => !speaks.has(s))], topScore, missing: [] };
  }

  /**
   * Every paragraph of one article, with its search score for a query (0 for one the search does
   * not find), best first: the candidates of an answer `within` the article.
   */
  private searchedWithin(article: Article, query: ParsedQuery): Array<{ passage: Passage; score: number }> {
    const prefix = `${article.slug}#`;
    const found = new Map(this.searchPassages(query, article.paragraphs.length, (id) => id.startsWith(prefix)).map((hit) => [hit.passage, hit.score]));
    return this.passagesOf(article).map((passage) => ({ passage, score: found.get(passage) ?? 0 })).sort((a, b) => b.score - a.score);
  }

  /**
   * The best candidate paragraphs. A word the articles hold is searched as itself; only a word
   * they lack is searched through its typo corrections and relatives. And the search reads at
   * most {@link MAX_SEARCH_POSTINGS} postings, rarest terms first (always the two rarest), so
   * its cost is bounded however large the index grows. Words left out of the search still count
   * when the candidates' sentences are ranked. With `only`, just the passages whose id it accepts.
   */
  private searchPassages(query: ParsedQuery, limit: number, only?: (passageId: string) => boolean): Array<{ passage: Passage; score: number }> {
    const candidates = new Map<string, number>();
    for (const term of query.terms) {
      for (const match of term.searched) candidates.set(match, Math.max(candidates.get(match) ?? 0, term.matches.get(match) ?? 1));
    }
    const byRarity = [...candidates].map(([term, weight]) => ({ term, weight, df: this.store.documentFrequency.get(term) ?? 0 }))
      .filter(({ df }) => df <= MAX_INDEXED_DF)
      .sort((a, b) => a.df - b.df);
    const weights = new Map<string, number>();
    let postings = 0;
    for (const { term, weight, df } of byRarity) {
      if (weights.size >= 2 && postings + df > MAX_SEARCH_POSTINGS) break;
      weights.set(term, weight);
      postings += df;
    }
    if (weights.size === 0) return [];
    const options = { boostTerm: (term: string) => weights.get(term) ?? candidates.get(term) ?? 1 };
    const filter = only === undefined ? undefined : (hit: { id: unknown }) => only(hit.id as string);
    // Titles are few: search them with every term. A passage scores its text plus its title.
    const titleScores = new Map(this.store.titles.search([...candidates.keys()].join(' '), options).map((hit) => [hit.id as string, hit.score]));
    // An index retired by update() shares search data with its successor: skip its passages.
    return this.store.search
      .search([...weights.keys()].join(' '), filter === undefined ? options : { ...options, filter })
      .slice(0, TITLE_RESCORED_HITS)
      .flatMap((hit) => {
        const passage = this.passages.get(hit.id as string);
        return passage ? [{ passage, score: hit.score + TITLE_BOOST * (titleScores.get(passage.article.slug) ?? 0) }] : [];
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }

  /**
   * Whether sentence meanings can rank these candidates: the question's vector is given and some
   * candidate paragraph has its own (those without get the others' mean: see `rankSnippets`).
   */
  private meaningsUsable(hits: ReadonlyArray<{ passage: Passage }>, meaning: Int8Array | undefined): boolean {
    return meaning !== undefined && hits.some(({ passage }) => this.store.meanings.has(passage.text));
  }

  /** Ranks the candidates' snippets, with sentence meanings when they are usable. */
  private rank(query: ParsedQuery, hits: ReadonlyArray<{ passage: Passage; score: number }>, meaning?: Int8Array): ScoredSnippet[] {
    const { meanings } = this.store;
    const sentences = meaning && this.meaningsUsable(hits, meaning) ? { question: meaning, of: (passage: Passage) => meanings.get(passage.text) } : undefined;
    return rankSnippets(query, hits, this.ranking, this.meanSentenceTerms, this.vectors, sentences);
  }

  private noAnswer(question: string, query: ParsedQuery, hits: ReadonlyArray<{ passage: Passage }>, confidence: number, best?: ScoredSnippet, typed?: readonly string[]): NoAnswer {
    const closestTitles = [...new Set(hits.map((hit) => hit.passage.article.title))].slice(0, 3);
    // A word found only through WordNet ("France" as "country") is not in the articles either.
    const unknownWords = query.terms.filter((term) => [...term.matches.keys()].every((match) => term.related.has(match))).map((term) => term.word);
    const everywhere = hits.length === 0 && query.terms.every((term) => (this.store.documentFrequency.get(term.term) ?? 0) > MAX_INDEXED_DF);
    const why = best === undefined ? undefined : whyClosestFalls(query, best);
    const own = typed === undefined ? undefined : new Set(typed.map(foldCase));
    const named = own === undefined ? unknownWords : unknownWords.filter((word) => own.has(foldCase(word)));
    const message = named.length > 0
      ? `I could not find a confident answer in the articles: none of them mentions ${named.map((w) => `“${w}”`).join(', ')}.`
      : everywhere
        ? `I could not find a confident answer: every word of the question is in more than ${MAX_INDEXED_DF.toLocaleString('en')} passages. Please add something more specific (a name, a place, a date).`
        : `I could not find a confident answer in the articles${why === undefined ? '' : `: ${why}`}.`;
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

/** What a question that wants a date, time or number asks for, in words. */
function askedKindName(query: ParsedQuery): string {
  return query.kinds.includes(SpanKind.Date) || query.kinds.includes(SpanKind.Time) ? 'date or time' : 'number';
}

function confidenceOf(snippet: ScoredSnippet | undefined): number {
  return snippet?.confidence ?? 0;
}

function uniqueTerms(terms: readonly Term[]): string[] {
  return [...new Set(terms.map((t) => t.term))];
}
