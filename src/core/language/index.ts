/**
 * Language analysis: words and index terms (`text.ts`), sentences, entities and question
 * types (`nlp.ts`, wink-nlp), related words (`thesaurus.ts`, WordNet) and closeness in meaning
 * (`word-vectors.ts`, GloVe). Index and questions go through the same functions.
 */
export * from './abbreviations.js';
export * from './nlp.js';
export { LanguageDataError, SAVED_COPIES_DIR, type SavedCopy } from './saved-copy.js';
export * from './sentence-meaning.js';
export * from './text.js';
export * from './thesaurus.js';
export * from './word-vectors.js';
