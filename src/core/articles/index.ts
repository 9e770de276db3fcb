/**
 * Articles: reading and validating the knowledge folder (`article.ts`), writing, trashing and
 * restoring its files (`article-files.ts`), paragraphs as passages (`passage.ts`), and what
 * indexing needs of their text (`analysis.ts`).
 */
export * from './analysis.js';
export * from './article.js';
export * from './article-files.js';
export * from './passage.js';
export * from './untrusted.js';
