/**
 * What a bot reads from its knowledge base, as promises: the index may serve in this thread
 * ({@link readerOf}) or in a worker thread (`knowledge-worker.ts`). Each call answers from one
 * version of the index, whole.
 */
import type { AnswerResult, KnowledgeVersion, SourceInfo, Summary } from '../answering/index.js';
import type { ArticleIndex, SearchReply } from '../search/index.js';

export interface KnowledgeReader {
  /** The version serving when the reader was taken. */
  readonly version: KnowledgeVersion;
  /** See `ArticleIndex.answer`. */
  answer(question: string): Promise<AnswerResult>;
  /** See `ArticleIndex.search`. */
  search(terms: string): Promise<SearchReply>;
  /**
   * The summary of the whole knowledge base (`chosen` null) or of the one article `chosen`
   * names (slug, title, or words of its title); `undefined` when it names none or several.
   */
  summary(chosen: string | null): Promise<Summary | undefined>;
  /** The articles and the version they make up. */
  sources(): Promise<{ readonly sources: readonly SourceInfo[]; readonly version: KnowledgeVersion }>;
  /** See `ArticleIndex.completeQuestion`. */
  completeQuestion(typed: string, limit: number): Promise<string[]>;
}

/** The summary {@link KnowledgeReader.summary} describes, from one index. */
export function summaryFor(index: ArticleIndex, chosen: string | null): Summary | undefined {
  if (chosen === null) return index.summarize();
  const matches = index.findArticles(chosen);
  return matches.length === 1 ? index.summarize(matches[0]!.slug) : undefined;
}

/** A reader of an index in this thread. */
export function readerOf(index: ArticleIndex): KnowledgeReader {
  return {
    version: index.version,
    answer: async (question) => index.answer(question),
    search: async (terms) => index.search(terms),
    summary: async (chosen) => summaryFor(index, chosen),
    sources: async () => ({ sources: index.sources(), version: index.version }),
    completeQuestion: async (typed, limit) => index.completeQuestion(typed, limit),
  };
}
