/**
 * A small news site on 127.0.0.1 for the tests of adding articles by link: realistic pages
 * written for the project (`tests/fixtures/news-site/`: bylines, JSON-LD dates, ads, navigation,
 * comments), a section front with no article, a plain-text article, text without a
 * `Content-Type`, and the pages a careful fetcher must refuse: a one-paragraph plain-text notice,
 * binary files without a `Content-Type`, a page whose title is too long to keep whole, a 5 MiB
 * page, redirect chains, redirects to private addresses, a slow page, a PDF and a missing page.
 * The tests list 127.0.0.1 in `FETCH_ALLOW_HOSTS`.
 */
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

const PAGES = new URL('../fixtures/news-site/', import.meta.url);
const page = (name: string) => readFileSync(new URL(name, PAGES));

/** Where each article page is served, and the titles and facts the tests look for. */
export const NEWS = {
  hydrogen: {
    path: '/transport/2025/03/14/valley-rail-hydrogen-trains',
    title: 'Valley Rail orders 40 hydrogen trains to replace diesel fleet on mountain lines',
    canonical: 'https://valleycourier.example/transport/2025/03/14/valley-rail-hydrogen-trains',
  },
  library: {
    path: '/local/northbridge-library-reopens',
    title: 'Northbridge library reopens with a rooftop reading garden',
    canonical: 'https://eveningpost.example/local/northbridge-library-reopens',
  },
  fishing: { path: '/fishing/2025/01/20/cooperative-wins-quota-appeal', title: 'Fishing cooperative wins appeal over harbour quotas' },
  seaWall: { path: '/2025/02/sea-wall.html', title: 'Falmere council approves a new sea wall' },
  ferry: { path: '/notices/ferry.txt', title: 'Island ferry adds a late-evening sailing for the summer' },
  /** A plain-text notice: a title line and one paragraph. */
  closure: { path: '/notices/road-closure.txt', title: 'Harbour road closed on Sunday' },
} as const;

/** Bodies served without a `Content-Type`, by path: text, binary bytes, and bytes that are valid UTF-8 but full of control characters. */
export const UNTYPED: Readonly<Record<string, Uint8Array>> = {
  '/untyped/notice': Buffer.from('Café on the quay reopens\n\nThe café on the quay reopens on Saturday after its winter refit.\n'),
  '/untyped/image': new Uint8Array([0xff, 0xfe, 0x20, 0x41, 0x42]),
  '/untyped/archive': new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0x41, 0x42]),
};

/** A short article with accents, served in several character sets. */
export const QUAY = {
  title: 'Café on the quay reopens',
  paragraphs: ['The café on the quay reopens on Saturday after its winter refit.', 'Its owner kept the old tiles, the sea view and the crème brûlée.'],
} as const;
const quayHtml = (head: string) => `<!doctype html><html><head>${head}<title>${QUAY.title}</title></head>`
  + `<body><article><h1>${QUAY.title}</h1>${QUAY.paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
const quayText = `${QUAY.title}\n\n${QUAY.paragraphs.join('\n\n')}\n`;
/** `text` in Latin-1, which Windows-1252 extends: `é` is the byte 0xE9, which UTF-8 does not allow alone. */
const latin1 = (text: string) => Buffer.from(text, 'latin1');

/**
 * Pages in a character set, by path: the `Content-Type` sent and the bytes. Windows-1252 named
 * in the header or only in `<meta charset>`, and ISO-8859-1, decode as such; the others are
 * Latin-1 bytes where UTF-8 is named or meant.
 */
export const ENCODED: Readonly<Record<string, { readonly contentType: string; readonly body: Buffer }>> = {
  '/encodings/latin1.txt': { contentType: 'text/plain; charset=iso-8859-1', body: latin1(`${QUAY.title}\n\n${QUAY.paragraphs[0]}\n\nIt opens at eight.\n`) },
  '/encodings/header-1252.html': { contentType: 'text/html; charset=windows-1252', body: latin1(quayHtml('')) },
  '/encodings/meta-1252.html': { contentType: 'text/html', body: latin1(quayHtml('<meta charset="windows-1252">')) },
  '/encodings/not-utf8.html': { contentType: 'text/html; charset=utf-8', body: latin1(quayHtml('')) },
  '/encodings/not-utf8.txt': { contentType: 'text/plain', body: latin1(quayText) },
};

/** How long the slow page waits before it answers, in milliseconds: past any test's fetch timeout. */
const SLOW_MS = 5_000;
/** Size of the oversized page. */
export const HUGE_PAGE_BYTES = 5 * 1024 * 1024;

export interface NewsSite {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** The full address of a path on the site. */
  url(path: string): string;
  /** Paths requested so far, in order. */
  readonly requested: string[];
  close(): Promise<void>;
}

function html(res: ServerResponse, body: Buffer, gzip: boolean): void {
  const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
  if (gzip) headers['content-encoding'] = 'gzip';
  res.writeHead(200, headers);
  res.end(gzip ? gzipSync(body) : body);
}

/** Starts the site on a free port of 127.0.0.1. */
export async function startNewsSite(): Promise<NewsSite> {
  const requested: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const articles = new Map<string, Buffer>([
    [NEWS.hydrogen.path, page('hydrogen-trains.html')],
    [NEWS.library.path, page('library-reopens.html')],
    [NEWS.fishing.path, page('fishing-quotas.html')],
    [NEWS.seaWall.path, page('sea-wall.html')],
    ['/sport', page('section-front.html')],
  ]);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requested.push(url.pathname);
    const article = articles.get(url.pathname);
    if (article) {
      // Compressed when the client accepts it, as real sites do.
      html(res, article, /\bgzip\b/.test(req.headers['accept-encoding'] ?? ''));
      return;
    }
    const encoded = ENCODED[url.pathname];
    if (encoded) {
      res.writeHead(200, { 'content-type': encoded.contentType });
      res.end(encoded.body);
      return;
    }
    const untyped = UNTYPED[url.pathname];
    if (untyped) {
      res.writeHead(200);
      res.end(untyped);
      return;
    }
    const redirect = /^\/redirect\/(\d+)$/.exec(url.pathname);
    if (redirect) {
      const left = Number(redirect[1]);
      res.writeHead(302, { location: left === 0 ? NEWS.hydrogen.path : `/redirect/${left - 1}` });
      res.end();
      return;
    }
    switch (url.pathname) {
      case NEWS.ferry.path:
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(page('ferry-timetable.txt'));
        return;
      case NEWS.closure.path:
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`${NEWS.closure.title}\n\nThe harbour road is closed from 08:00 to 18:00 on Sunday for resurfacing; buses run by the upper road.\n`);
        return;
      case '/huge': {
        // Streamed without a Content-Length, so only counting the bytes read can stop it.
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        const chunk = Buffer.from(`<p>${'The valley news archive repeats itself. '.repeat(1_600)}</p>\n`);
        res.write('<!doctype html><html><head><title>Archive</title></head><body>');
        for (let sent = 0; sent < HUGE_PAGE_BYTES; sent += chunk.length) res.write(chunk);
        res.end('</body></html>');
        return;
      }
      case '/long-title': {
        // A title far over the knowledge base's limit (200 characters).
        const title = `${'Council debates the budget line by line, '.repeat(8)}until midnight`;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><html><head><title>${title}</title></head><body><article><h1>${title}</h1>`
          + '<p>The council met on Tuesday evening to debate the budget for next year, line by line, until midnight.</p>'
          + '<p>Councillors agreed to keep the library open on Sundays and to repair the harbour wall before winter.</p></article></body></html>');
        return;
      }
      case '/to-metadata':
        // A cloud's metadata service: the classic target of server-side request forgery.
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
        res.end();
        return;
      case '/to-private':
        res.writeHead(301, { location: 'http://10.0.0.12/intranet/news' });
        res.end();
        return;
      case '/slow': {
        const timer = setTimeout(() => html(res, articles.get(NEWS.library.path)!, false), SLOW_MS);
        timers.add(timer);
        return;
      }
      case '/report.pdf':
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.end('%PDF-1.7\n%âãÏÓ\n1 0 obj << /Type /Catalog >> endobj\n');
        return;
      default:
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<!doctype html><title>Not found</title><h1>Page not found</h1>');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    requested,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
