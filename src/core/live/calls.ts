/**
 * The calls a knowledge base serves, declared once. The reader in this thread (`readerOf`),
 * the worker thread's dispatch (`knowledge-worker-thread.ts`) and the host's methods and reader
 * (`knowledge-worker.ts`) all follow from this table: a new call is one new line here.
 */
import { askedWordsOf, betterAlone, carriedAnything, leavesStory, mayAnswerAlone, readFollowUp, storyOf, subjectAfterDecline, type AnswerResult, type ReadingOutcome, type Citation, type KnowledgeVersion, type Reading, type Subject, type Summary } from '../answering/index.js';
import type { ArticleIndex, SearchReply } from '../search/index.js';
import type { KnowledgeBase, RefreshOptions } from './knowledge-base.js';

/**
 * What the question calls read: the index serving when the call is taken up, and (when the
 * knowledge base has sentence meanings) the meaning vector of a question.
 */
export interface Serving {
  readonly index: ArticleIndex;
  questionMeaning?(question: string): Promise<Int8Array | undefined>;
}

/**
 * The summary of the whole knowledge base (`chosen` null) or of the one article `chosen` names
 * (slug, title, or words of its title); `undefined` when it names none or several.
 */
function summaryFor(index: ArticleIndex, chosen: string | null) {
  if (chosen === null) return index.summarize();
  const matches = index.findArticles(chosen);
  return matches.length === 1 ? index.summarize(matches[0]!.slug) : undefined;
}

/** An answer, with how its message was read: what a follow-up carried, and the subject to carry next. */
export type ReadAnswer = AnswerResult & { readonly reading: Reading };

/**
 * Answers a message read together with the subject of the question before it (see
 * `readFollowUp`); without `previous`, the message alone. A follow-up stays on the
 * conversation's story unless it names another (see `storyKept`). It is also answered as typed,
 * and that answer is given when it is better (see `betterAlone`). The subject carried
 * on names the article of the answer's first snippet, and leaves out the question word of a
 * declined question and its words that no article mentions.
 */
async function answerFollowing(serving: Serving, question: string, previous: Subject | undefined): Promise<ReadAnswer> {
  let reading = readFollowUp(question, previous);
  const meaning = await serving.questionMeaning?.(reading.searched);
  const alone = mayAnswerAlone(reading) ? await answerOf(serving, question) : undefined;
  const within = storyKept(serving.index, reading, alone);
  const typed = carriedAnything(reading) ? askedWordsOf(question) : undefined;
  let result = serving.index.answer(reading.searched, { ...(meaning && { meaning }), ...(within !== undefined && { within }), ...(typed && { typed }) });
  if (alone !== undefined && betterAlone(reading, outcomeOf(result), outcomeOf(alone), within)) [reading, result] = [readFollowUp(question, undefined), alone];
  // Read with carried words, the answer must still speak of what the message asks: "what
  // university is she from", after a question on who leads a survey, is not answered by the
  // sentence that named her again (see `AnswerOptions.about`).
  if (carriedAnything(reading) && typed !== undefined) {
    if (within !== undefined) reading = { ...reading, within };
    if (typed.length > 0 && result.kind === 'answer') {
      reading = { ...reading, about: typed };
      result = serving.index.answer(reading.searched, { ...(meaning && { meaning }), about: typed, ...(within !== undefined && { within }), typed });
    }
  }
  const lead = outcomeOf(result).article;
  const subject = result.kind === 'no-answer' ? subjectAfterDecline(reading.subject, result.unknownWords) : reading.subject;
  return { ...result, reading: { ...reading, subject: lead === undefined ? subject : { ...subject, article: lead } } };
}

/**
 * The conversation's article a follow-up read with carried words is answered from alone (its
 * slug), unless the message names another story (see `leavesStory`; `alone` is the message
 * answered as typed). `undefined` for a message read on its own, or when that article is gone.
 */
function storyKept(index: ArticleIndex, reading: Reading, alone: AnswerResult | undefined): string | undefined {
  const slug = carriedAnything(reading) ? reading.subject.article : undefined;
  const story = slug === undefined ? undefined : index.article(slug);
  if (story === undefined) return undefined;
  const elsewhere = alone === undefined ? undefined : outcomeOf(alone).article;
  const other = elsewhere === undefined || elsewhere === slug ? undefined : index.article(elsewhere);
  return other !== undefined && leavesStory(reading, storyOf(story), storyOf(other)) ? undefined : slug;
}

async function answerOf(serving: Serving, searched: string): Promise<AnswerResult> {
  const meaning = await serving.questionMeaning?.(searched);
  return serving.index.answer(searched, meaning ? { meaning } : {});
}

/** What a reading gave, for `betterAlone`. */
function outcomeOf(result: AnswerResult): ReadingOutcome {
  if (result.kind === 'answer') {
    const first = result.snippets[0];
    if (first === undefined) return {};
    const article = result.citations.find((c) => c.n === first.citation)?.slug;
    return { first: first.text, ...(article !== undefined && { article }) };
  }
  return result.kind === 'no-answer' ? { unknownWords: result.unknownWords } : {};
}

/**
 * The summary a message like "tl;dr" asks for: of the one article `named` names (its slug,
 * title, words of its title, or all of those words somewhere in one title), or else of the
 * article whose paragraph best matches those words ("the bus strike one"), among the titles
 * that hold them when several do; otherwise of `article` (the conversation's), when it is still
 * there; otherwise of the whole knowledge base.
 */
function summaryAsked(index: ArticleIndex, named: string | undefined, article: string | undefined): Summary {
  if (named !== undefined) {
    let matches = index.findArticles(named);
    if (matches.length !== 1) {
      const words = named.toLowerCase().split(/\s+/).filter(Boolean);
      matches = index.articleList().filter((a) => words.every((word) => a.title.toLowerCase().includes(word) || a.slug.includes(word)));
    }
    if (matches.length === 1) return index.summarize(matches[0]!.slug)!;
    const slug = bestSearchedArticle(index, named, matches.length > 1 ? new Set(matches.map((a) => a.slug)) : undefined);
    if (slug !== undefined) return index.summarize(slug)!;
  }
  return (article !== undefined ? index.summarize(article) : undefined) ?? index.summarize()!;
}

/** The article of the best-searched paragraph for `words` (among `among`, when given), if any. */
function bestSearchedArticle(index: ArticleIndex, words: string, among: ReadonlySet<string> | undefined): string | undefined {
  const searched = index.search(words);
  if (searched.kind !== 'search') return undefined;
  const slugs = searched.hits.map((hit) => searched.citations.find((c) => c.n === hit.citation)!.slug);
  return slugs.find((slug) => among === undefined || among.has(slug));
}

/**
 * The passages that best match what an answer searched, without the paragraphs it already
 * quoted (`quoted`: passage ids), numbered afresh: the "more" under an answer.
 */
function moreThan(index: ArticleIndex, searched: string, quoted: readonly string[]): SearchReply {
  const results = index.search(searched);
  if (results.kind === 'invalid') return results;
  const skip = new Set(quoted);
  const citations: Citation[] = [];
  const hits = results.hits.flatMap((hit) => {
    const citation = results.citations.find((c) => c.n === hit.citation)!;
    if (skip.has(citation.passageId)) return [];
    const n = citations.length + 1;
    citations.push({ ...citation, n });
    return [{ text: hit.text, citation: n }];
  });
  return { ...results, hits, citations };
}

/** The text of each passage (`<slug>#<paragraph>`) now; `undefined` for one no longer in the index. */
function paragraphTexts(index: ArticleIndex, passageIds: readonly string[]): Array<string | undefined> {
  return passageIds.map((id) => {
    const at = id.lastIndexOf('#');
    return index.article(id.slice(0, at))?.paragraphs[Number(id.slice(at + 1)) - 1];
  });
}

/** Questions: answered from one whole version of the index. */
export const QUESTION_CALLS = {
  /** See {@link answerFollowing}; `previous` is the subject of the question before, for a follow-up. */
  answer: (serving: Serving, question: string, previous?: Subject) => answerFollowing(serving, question, previous),
  /** See {@link summaryAsked}. */
  summaryAsked: ({ index }: Serving, named?: string, article?: string) => summaryAsked(index, named, article),
  /** See {@link moreThan}. */
  more: ({ index }: Serving, searched: string, quoted: readonly string[]) => moreThan(index, searched, quoted),
  /** See {@link paragraphTexts}. */
  paragraphs: ({ index }: Serving, passageIds: readonly string[]) => paragraphTexts(index, passageIds),
  /** See `ArticleIndex.search`. */
  search: ({ index }: Serving, terms: string) => index.search(terms),
  /** See {@link summaryFor}. */
  summary: ({ index }: Serving, chosen: string | null) => summaryFor(index, chosen),
  /** The articles and the version they make up. */
  sources: ({ index }: Serving) => ({ sources: index.sources(), version: index.version }),
  /** See `ArticleIndex.completeQuestion`. */
  completeQuestion: ({ index }: Serving, typed: string, limit: number) => index.completeQuestion(typed, limit),
};

/** Every call: the questions, and what changes or saves the knowledge base. */
export const KNOWLEDGE_CALLS = {
  ...QUESTION_CALLS,
  /** See `KnowledgeBase.refresh`. */
  refresh: (base: KnowledgeBase, options: RefreshOptions = {}) => base.refresh(options),
  /** See `KnowledgeBase.adopt`. */
  adopt: (base: KnowledgeBase, hash: string) => base.adopt(hash),
  /** See `KnowledgeBase.flushCache`. */
  flushCache: (base: KnowledgeBase) => base.flushCache(),
  /** See `KnowledgeBase.meaningsReady`. */
  meaningsReady: (base: KnowledgeBase) => base.meaningsReady(),
};

export type CallName = keyof typeof KNOWLEDGE_CALLS;
export type QuestionName = keyof typeof QUESTION_CALLS;
/** A call's arguments, after the knowledge base it runs on. */
export type CallArgs<M extends CallName> = (typeof KNOWLEDGE_CALLS)[M] extends (base: never, ...args: infer A) => unknown ? A : never;
/** What a call resolves to. */
export type CallResult<M extends CallName> = Awaited<ReturnType<(typeof KNOWLEDGE_CALLS)[M]>>;

/** Runs a call on a knowledge base (the worker thread's dispatch). */
export function runCall<M extends CallName>(base: KnowledgeBase, method: M, args: CallArgs<M>): Promise<CallResult<M>> | CallResult<M> {
  const run = KNOWLEDGE_CALLS[method] as unknown as (base: KnowledgeBase, ...args: CallArgs<M>) => CallResult<M> | Promise<CallResult<M>>;
  return run(base, ...args);
}

/**
 * What a bot asks its knowledge base, as promises: the index may serve in this thread
 * ({@link readerOf}) or in a worker thread (`KnowledgeWorker.reader`). Each call answers from
 * one version of the index, whole.
 */
export type KnowledgeReader = { readonly version: KnowledgeVersion } & {
  readonly [M in QuestionName]: (...args: CallArgs<M>) => Promise<CallResult<M>>;
};

/** A reader whose calls are sent by `send` (to this thread's index, or to a worker). */
export function readerFrom(version: KnowledgeVersion, send: <M extends QuestionName>(method: M, args: CallArgs<M>) => Promise<CallResult<M>>): KnowledgeReader {
  const calls = Object.fromEntries(Object.keys(QUESTION_CALLS).map((method) => [method, (...args: unknown[]) => send(method as QuestionName, args as never)]));
  return { version, ...calls } as unknown as KnowledgeReader;
}

/** A reader of an index in this thread (or of what a knowledge base serves: its index and question meanings). */
export function readerOf(serving: ArticleIndex | Serving): KnowledgeReader {
  const served: Serving = 'index' in serving ? serving : { index: serving };
  return readerFrom(served.index.version, async (method, args) => {
    const run = QUESTION_CALLS[method] as (serving: Serving, ...args: unknown[]) => never;
    return run(served, ...args);
  });
}
