/** The search index of a set of articles, and the answers, searches and summaries it gives. */
export * from './article-index.js';
