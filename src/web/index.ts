/**
 * Pages from the web, for moderators who add articles by link: fetching a page safely
 * (`fetch-page.ts`, with the address checks in `addresses.ts`) and reading the article in it as
 * reader views do (`extract.ts`, run in a worker thread by `off-thread.ts`; what it gives, in
 * `page-article.ts`). Nothing here knows Discord.
 */
export { AddressPolicy, AddressRefusedError, guardedLookup, normalizeHost, type Resolver } from './addresses.js';
export { type Extraction, MIN_PARAGRAPHS, type PageArticle, tooFewParagraphs } from './page-article.js';
export {
  type Decoded, decodeText, DEFAULT_FETCH_TIMEOUT_MS, fetchFile, fetchPage, type FetchedPage, type FetchOptions, type FetchResult, type FileResult,
  MAX_PAGE_BYTES, MAX_REDIRECTS, mebibytes,
} from './fetch-page.js';
export { EXTRACT_TIMEOUT_MS, extractOffThread } from './off-thread.js';
