/**
 * The search index: passages (one per paragraph) and article titles in minisearch, with the
 * statistics questions are read against (document frequencies, a vocabulary for typos, words
 * for autocomplete, abbreviations, sentence meanings). It builds and updates them, and finds
 * the candidate paragraphs of a question: BM25 over analysed terms, title boosted, for the
 * question's words, their typo corrections and WordNet relatives. Turning candidates into an
 * answer, a summary or citations is `answering/compose.ts`; the methods here that return those
 * hand this index to it as an `AnswerSource`.
 */
import { createHash } from 'node:crypto';
import MiniSearch, { type Options } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { type AnswerOptions, type AnswerResult, type AnswerSource, type Candidate, checkQuestion, cite, clipText, composeAnswer, composeSummary, DEFAULT_RANKING, explainAnswer, type Explanation, type KnowledgeVersion, type ParsedQuery, parseQuery, type QueryVocabulary, type RankingOptions, type SearchResults, type SourceInfo, type Summary } from '../answering/index.js';
import { type Article, completionWords, type KnownArticle, type LoadedArticles, type Passage, passagesOf, termsAndWords } from '../articles/index.js';
import { definitionsIn, foldCase, MEANING_DIMENSIONS, type Term, termOf, termsOf, Thesaurus, tokenize, withoutDateline, WordVectors } from '../language/index.js';
import { pause, Slicer } from '../runtime/index.js';

export { DEFAULT_RANKING, type RankingOptions } from '../answering/index.js';

/** Bumped when the index format or analysis changes: a cached index of another version is rebuilt. */
export const ENGINE_VERSION = 10;

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
  /** This index as answer composition sees it (`answering/compose.ts`). */
  private readonly source: AnswerSource;

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
    this.source = {
      vocabulary: this.vocabulary,
      ranking,
      meanSentenceTerms: this.meanSentenceTerms,
      maxIndexedDf: MAX_INDEXED_DF,
      articles: () => this.articleList(),
      article: (slug) => this.article(slug),
      passagesOf: (article) => this.passagesOf(article),
      searchPassages: (query, limit) => this.searchPassages(query, limit),
      searchedWithin: (article, query) => this.searchedWithin(article, query),
      meaningOf: (text) => this.meaningOf(text),
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
   * searched. Never throws for any string. See `composeAnswer`.
   */
  answer(question: string, options: AnswerOptions = {}): AnswerResult {
    return composeAnswer(this.source, question, options);
  }

  /** The ranking behind an answer given the same options: query terms, their matches and the top sentences scored, in the order the answer weighs them. See `explainAnswer`. */
  explain(question: string, limit = 5, options: AnswerOptions = {}): Explanation | undefined {
    return explainAnswer(this.source, question, limit, options);
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
    const { snippets, citations } = cite(hits.map(({ passage }) => {
      const focus = termsOf(passage.text).filter((t) => query.terms.some((q) => q.matches.has(t.term))).map((t) => [t.start, t.end] as const);
      return { passage, text: clipText(passage.text, focus) };
    }));
    return { kind: 'search', query: checked.text, hits: snippets, citations };
  }

  /**
   * A short extractive summary (3–5 sentences, under about 900 characters) of one article, or
   * of the whole knowledge base when `slug` is omitted. `undefined` for an unknown slug. See
   * `composeSummary`.
   */
  summarize(slug?: string): Summary | undefined {
    return composeSummary(this.source, slug);
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
   * Every paragraph of one article, with its search score for a query (0 for one the search does
   * not find), best first: the candidates of an answer `within` the article.
   */
  private searchedWithin(article: Article, query: ParsedQuery): Candidate[] {
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
  private searchPassages(query: ParsedQuery, limit: number, only?: (passageId: string) => boolean): Candidate[] {
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
}

function uniqueTerms(terms: readonly Term[]): string[] {
  return [...new Set(terms.map((t) => t.term))];
}
