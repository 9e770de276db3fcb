/**
 * Fetching the page behind a link a moderator gives, within limits: http and https only, at
 * most {@link MAX_REDIRECTS} redirects, {@link MAX_PAGE_BYTES} (after decompression) and a time
 * limit for the whole fetch, HTML or plain text only, and never from a private, loopback or
 * link-local address unless the operator allows it (`addresses.ts`), checked for the link and
 * every redirect. Every refusal comes back as a sentence for the moderator.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable, Transform } from 'node:stream';
import { TextDecoder } from 'node:util';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { durationText } from '../core/index.js';
import { AddressPolicy, AddressRefusedError, guardedLookup, type Resolver } from './addresses.js';

/** Most redirects followed from the link to the page. */
export const MAX_REDIRECTS = 5;
/** Largest page read, in bytes after decompression: a news page's HTML is far smaller. */
export const MAX_PAGE_BYTES = 2 * 1024 * 1024;
/** Longest a whole fetch (redirects and body included) may take, in milliseconds, by default. */
export const DEFAULT_FETCH_TIMEOUT_MS = 10_000;
/** Bytes of an HTML page searched for a `<meta charset>` when the server names none. */
const CHARSET_SNIFF_BYTES = 1024;
const USER_AGENT = 'Mozilla/5.0 (compatible; mou-bot; a Discord bot adding a news article a moderator linked)';

/** How to fetch. */
export interface FetchOptions {
  /** Host names and addresses fetched even when they are not public (`FETCH_ALLOW_HOSTS`). */
  readonly allowHosts: readonly string[];
  /** Longest the whole fetch may take, in milliseconds; {@link DEFAULT_FETCH_TIMEOUT_MS} by default. */
  readonly timeoutMs?: number;
  /** Largest page read, in bytes; {@link MAX_PAGE_BYTES} by default. */
  readonly maxBytes?: number;
  /** Resolves host names; `dns.lookup` by default. */
  readonly resolve?: Resolver;
}

/** A fetched page. */
export interface FetchedPage {
  /** The address the page came from, after redirects. */
  readonly url: string;
  readonly kind: 'html' | 'text';
  /** The page's text, decoded with its character set (UTF-8 when it names none); see {@link decodeText}. */
  readonly text: string;
}

/** A page, or why it was not fetched. */
export type FetchResult = { readonly ok: true; readonly page: FetchedPage } | { readonly ok: false; readonly reason: string };

/** A fetch refused on the way; the message is the reason. */
class Refusal extends Error {}

/** Mebibytes in a message: "2 MiB", "3.2 MiB". */
export function mebibytes(bytes: number): string {
  const value = bytes / (1024 * 1024);
  return `${Number.isInteger(value) ? value : value.toFixed(1)} MiB`;
}

/** The kind of page a `Content-Type` names, or `undefined` for any other. */
function kindOf(mediaType: string): FetchedPage['kind'] | undefined {
  if (mediaType === 'text/html' || mediaType === 'application/xhtml+xml') return 'html';
  if (mediaType === 'text/plain') return 'text';
  return undefined;
}

/** Checks a link or a redirect target before anything is sent. */
function checkUrl(url: URL, policy: AddressPolicy): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Refusal(`only http and https links can be fetched, not ${url.protocol.replace(/:$/, '')}`);
  }
  if (url.username || url.password) throw new Refusal('links with a user name or password are not fetched');
  const refusal = policy.literalRefusal(url.hostname);
  if (refusal) throw new Refusal(refusal);
}

/** Sends one GET and resolves with the response head. */
function get(url: URL, policy: AddressPolicy, resolve: Resolver | undefined, signal: AbortSignal): Promise<IncomingMessage> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((done, fail) => {
    const request = send(url, {
      method: 'GET',
      // A fresh connection per request: every one is resolved, and checked, anew.
      agent: false,
      lookup: guardedLookup(policy, resolve),
      signal,
      headers: {
        'user-agent': USER_AGENT,
        accept: 'text/html,application/xhtml+xml,text/plain;q=0.9',
        'accept-encoding': 'gzip, deflate, br',
      },
    }, done);
    request.on('error', fail);
    request.end();
  });
}

/** The body, decompressed, refused once past `maxBytes`. */
async function readBody(response: IncomingMessage, maxBytes: number, wanted: Wanted): Promise<Buffer> {
  const encoding = (response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const decoders: Record<string, () => Transform> = { gzip: createGunzip, 'x-gzip': createGunzip, deflate: createInflate, br: createBrotliDecompress };
  let body: Readable = response;
  if (encoding !== 'identity') {
    const decoder = decoders[encoding];
    if (!decoder) throw new Refusal(`the server sent the ${wanted.noun} compressed as "${encoding}", which the bot cannot read`);
    const decoding = decoder();
    response.on('error', (error) => decoding.destroy(error));
    body = response.pipe(decoding);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw new Refusal(`the ${wanted.noun} is larger than ${mebibytes(maxBytes)}`);
      chunks.push(chunk as Buffer);
    }
  } finally {
    response.destroy();
  }
  return Buffer.concat(chunks);
}

/** The character set a text names: in `Content-Type`, or in an HTML page's `<meta>`. */
function charsetOf(contentType: string, kind: FetchedPage['kind'], body: Uint8Array): string {
  const fromHeader = /;\s*charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1];
  if (fromHeader) return fromHeader;
  if (kind === 'html') {
    const head = Buffer.from(body.subarray(0, CHARSET_SNIFF_BYTES)).toString('latin1');
    const fromMeta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
    if (fromMeta) return fromMeta;
  }
  return 'utf-8';
}

/**
 * What the bytes 0x80 to 0x9F stand for in Windows-1252 (the Encoding Standard's index), which
 * `TextDecoder` also uses for pages labelled ISO-8859-1. Some Node versions decode them as the
 * C1 control characters of the same number instead, so curly quotes, dashes and € would vanish
 * from an article; the five bytes Windows-1252 leaves undefined keep their control character.
 */
const WINDOWS_1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f'
  + '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** A text decoded, or why it could not be: a predicate for a sentence ("is not UTF-8 text"). */
export type Decoded = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

/** `body` decoded by a strict `decoder`, or `undefined` when a byte is not valid in its character set. */
function decodeStrictly(body: Uint8Array, decoder: TextDecoder): string | undefined {
  try {
    return decoder.decode(body);
  } catch {
    return undefined;
  }
}

/**
 * The text of a page or file: decoded with the character set its `Content-Type` (or, for HTML,
 * its `<meta charset>`) names, UTF-8 when none is named or the name is unknown. Refused, not
 * patched with replacement characters, when a byte is not valid in that character set.
 */
export function decodeText(body: Uint8Array, contentType: string, kind: FetchedPage['kind']): Decoded {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charsetOf(contentType, kind, body), { fatal: true });
  } catch {
    // An unknown label: most such pages are UTF-8 anyway.
    decoder = new TextDecoder('utf-8', { fatal: true });
  }
  const text = decodeStrictly(body, decoder);
  if (text !== undefined && decoder.encoding === 'windows-1252') {
    return { ok: true, text: text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]!) };
  }
  if (text !== undefined) return { ok: true, text };
  return { ok: false, reason: decoder.encoding === 'utf-8' ? 'is not UTF-8 text' : `is not valid ${decoder.encoding} text, the character set it names` };
}

/** A response body, read whole. */
interface Fetched {
  readonly url: URL;
  /** `Content-Type` as sent, and its media type in lower case (empty when none was sent). */
  readonly contentType: string;
  readonly mediaType: string;
  readonly body: Buffer;
}

/** What is fetched: a word for messages, and which media types are wanted. */
interface Wanted {
  readonly noun: 'page' | 'file';
  /** Why a media type is refused, or `undefined` when it is wanted. */
  refusal(mediaType: string): string | undefined;
}

const PAGE: Wanted = {
  noun: 'page',
  // A response without a type is judged by its body, once read (`untypedPage`).
  refusal: (mediaType) => (!mediaType || kindOf(mediaType) ? undefined : `the link leads to ${mediaType}, not a web page: only HTML pages and plain text can be added`),
};
const ANY_FILE: Wanted = { noun: 'file', refusal: () => undefined };

/** Reads a response that is the thing itself (not a redirect). */
async function bodyFrom(response: IncomingMessage, url: URL, maxBytes: number, wanted: Wanted): Promise<Fetched> {
  const status = response.statusCode ?? 0;
  if (status < 200 || status > 299) {
    response.resume();
    throw new Refusal(`the server answered ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`);
  }
  const contentType = response.headers['content-type'] ?? '';
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  const refusal = wanted.refusal(mediaType);
  if (refusal) {
    response.resume();
    throw new Refusal(refusal);
  }
  if (Number(response.headers['content-length']) > maxBytes) {
    response.resume();
    throw new Refusal(`the ${wanted.noun} is larger than ${mebibytes(maxBytes)}`);
  }
  return { url, contentType, mediaType, body: await readBody(response, maxBytes, wanted) };
}

/** A sentence for the moderator about a failure that is not one of ours. */
function failureReason(error: unknown, url: URL, timeoutMs: number, signal: AbortSignal, wanted: Wanted): string {
  if (error instanceof Refusal || error instanceof AddressRefusedError) return error.message;
  if (signal.aborted) return `the ${wanted.noun} did not load within ${durationText(timeoutMs)}`;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `${url.hostname} could not be found (no such host)`;
  if (code === 'ECONNREFUSED') return `${url.host} refused the connection`;
  if (code === 'ECONNRESET' || code === 'EPIPE') return `${url.host} closed the connection`;
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT')) return `${url.host}'s certificate is not valid (${code})`;
  return `the ${wanted.noun} could not be fetched (${code ?? (error instanceof Error ? error.message : String(error))})`;
}

/** Fetches `address`, following redirects, and reads the body whole; or says why not. */
async function fetchWhole(address: string, options: FetchOptions, wanted: Wanted): Promise<{ readonly ok: true; readonly fetched: Fetched } | { readonly ok: false; readonly reason: string }> {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    return { ok: false, reason: 'this is not a web address (it should start with https://)' };
  }
  const policy = new AddressPolicy(options.allowHosts);
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? MAX_PAGE_BYTES;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    for (let redirects = 0; ; redirects += 1) {
      checkUrl(url, policy);
      const response = await get(url, policy, options.resolve, signal);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status <= 399 && location) {
        response.resume();
        if (redirects === MAX_REDIRECTS) throw new Refusal(`the link redirects more than ${MAX_REDIRECTS} times`);
        try {
          url = new URL(location, url);
        } catch {
          throw new Refusal(`the server redirected to "${location.slice(0, 100)}", which is not a web address`);
        }
        continue;
      }
      return { ok: true, fetched: await bodyFrom(response, url, maxBytes, wanted) };
    }
  } catch (error) {
    return { ok: false, reason: failureReason(error, url, timeoutMs, signal, wanted) };
  }
}

/** Control characters other than tab, line feed, vertical tab, form feed and carriage return: signs of a binary file. */
const CONTROL_CHARACTERS = /(?![\t\n\v\f\r])\p{Cc}/u;

/**
 * A body sent without a `Content-Type`, taken as a page only when it is UTF-8 text without
 * control characters: HTML when it starts like HTML, plain text otherwise. `undefined` for
 * anything else (an image, an archive), which the server did not name.
 */
function untypedPage(body: Buffer): Pick<FetchedPage, 'kind' | 'text'> | undefined {
  const decoded = decodeText(body, '', 'text');
  if (!decoded.ok || CONTROL_CHARACTERS.test(decoded.text)) return undefined;
  const { text } = decoded;
  return { kind: /^\s*(<!doctype html|<html)/i.test(text.slice(0, 200)) ? 'html' : 'text', text };
}

/**
 * Fetches the page at `address`, following redirects. Resolves with the page (its final
 * address, kind and text) or with the reason it was refused; never rejects for anything the
 * link or the server does. A response without a `Content-Type` is a page only when it is UTF-8
 * text without control characters.
 */
export async function fetchPage(address: string, options: FetchOptions): Promise<FetchResult> {
  const result = await fetchWhole(address, options, PAGE);
  if (!result.ok) return result;
  const { url, contentType, mediaType, body } = result.fetched;
  const kind = kindOf(mediaType);
  if (kind) {
    const decoded = decodeText(body, contentType, kind);
    return decoded.ok ? { ok: true, page: { url: url.href, kind, text: decoded.text } } : { ok: false, reason: `the page ${decoded.reason}` };
  }
  const untyped = untypedPage(body);
  if (!untyped) return { ok: false, reason: 'the server did not say what the link leads to (no Content-Type), and it is not UTF-8 text: only HTML pages and plain text can be added' };
  return { ok: true, page: { url: url.href, ...untyped } };
}

/** A fetched file, or why it was not fetched. */
export type FileResult = { readonly ok: true; readonly bytes: Buffer; readonly contentType: string } | { readonly ok: false; readonly reason: string };

/**
 * Fetches a file of any type (a Discord attachment) within the same limits and address checks
 * as {@link fetchPage}: its bytes, or why not.
 */
export async function fetchFile(address: string, options: FetchOptions): Promise<FileResult> {
  const result = await fetchWhole(address, options, ANY_FILE);
  return result.ok ? { ok: true, bytes: result.fetched.body, contentType: result.fetched.contentType } : result;
}
