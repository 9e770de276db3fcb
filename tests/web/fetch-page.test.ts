/**
 * fetchPage against the local news site: what it fetches, and each refusal with its message.
 */
import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Resolver } from '../../src/web/addresses.js';
import { decodeText, fetchFile, fetchPage, type FetchOptions } from '../../src/web/fetch-page.js';
import { NEWS, QUAY, startNewsSite, type NewsSite, UNTYPED } from './news-site.js';

let site: NewsSite;
beforeAll(async () => {
  site = await startNewsSite();
});
afterAll(async () => {
  await site.close();
});

const ALLOW_LOCAL: FetchOptions = { allowHosts: ['127.0.0.1'] };

/** A resolver that knows some names, and fails like DNS for any other. */
function resolverFor(table: Record<string, LookupAddress[]>): Resolver {
  return (hostname, _options, callback) => {
    const addresses = table[hostname];
    if (addresses) callback(null, addresses);
    else callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
  };
}

async function refusal(address: string, options: FetchOptions = ALLOW_LOCAL): Promise<string> {
  const result = await fetchPage(address, options);
  if (result.ok) throw new Error(`expected a refusal, got the page ${result.page.url}`);
  return result.reason;
}

describe('fetchPage', () => {
  test('fetches a compressed HTML page and decodes it', async () => {
    const result = await fetchPage(site.url(NEWS.hydrogen.path), ALLOW_LOCAL);
    expect(result.ok && result.page).toMatchObject({ url: site.url(NEWS.hydrogen.path), kind: 'html' });
    expect(result.ok && result.page.text).toContain('“The diesel trains are forty years old');
  });

  test('fetches plain text as text', async () => {
    const result = await fetchPage(site.url(NEWS.ferry.path), ALLOW_LOCAL);
    expect(result.ok && result.page).toMatchObject({ kind: 'text', text: expect.stringMatching(/^Island ferry adds/) });
  });

  test('follows five redirects, and says where the page came from', async () => {
    const result = await fetchPage(site.url('/redirect/4'), ALLOW_LOCAL);
    expect(result.ok && result.page.url).toBe(site.url(NEWS.hydrogen.path));
  });

  test('refuses a sixth redirect', async () => {
    expect(await refusal(site.url('/redirect/5'))).toBe('the link redirects more than 5 times');
  });

  test.each([
    ['/to-metadata', '169.254.169.254 is a link-local address'],
    ['/to-private', '10.0.0.12 is a private network address'],
  ])('refuses a redirect (%s) to a private address before connecting to it', async (path, start) => {
    expect(await refusal(site.url(path))).toBe(`${start}: the bot fetches pages only from public addresses (an operator can allow a host with FETCH_ALLOW_HOSTS)`);
  });

  test('refuses this machine unless FETCH_ALLOW_HOSTS lists it, whether written as an address or a name', async () => {
    const port = new URL(site.origin).port;
    expect(await refusal(site.url(NEWS.hydrogen.path), { allowHosts: [] })).toMatch(/^127\.0\.0\.1 is a loopback address \(this machine\)/);
    expect(await refusal(`http://localhost:${port}${NEWS.hydrogen.path}`, { allowHosts: [] }))
      .toMatch(/^localhost resolves to (127\.0\.0\.1|::1), a loopback address \(this machine\)/);
  });

  test('checks the address a name resolves to, not the name', async () => {
    const resolve = resolverFor({ 'news.example': [{ address: '10.20.30.40', family: 4 }] });
    expect(await refusal('http://news.example/story', { allowHosts: [], resolve }))
      .toMatch(/^news\.example resolves to 10\.20\.30\.40, a private network address/);
  });

  test('connects only to the allowed addresses of a name that has several', async () => {
    const port = new URL(site.origin).port;
    const resolve = resolverFor({ 'news.example': [{ address: '10.20.30.40', family: 4 }, { address: '127.0.0.1', family: 4 }] });
    const result = await fetchPage(`http://news.example:${port}${NEWS.library.path}`, { allowHosts: ['127.0.0.1'], resolve });
    expect(result.ok && result.page.text).toContain('Northbridge Central Library reopened');
  });

  test('says when a host does not exist', async () => {
    expect(await refusal('https://no-such-host.example/a', { allowHosts: [], resolve: resolverFor({}) })).toBe('no-such-host.example could not be found (no such host)');
  });

  test.each([
    ['ftp://files.example/article.html', 'only http and https links can be fetched, not ftp'],
    ['file:///etc/passwd', 'only http and https links can be fetched, not file'],
    ['https://user:secret@news.example/a', 'links with a user name or password are not fetched'],
    ['news.example/article', 'this is not a web address (it should start with https://)'],
  ])('refuses %s', async (address, reason) => {
    expect(await refusal(address)).toBe(reason);
  });

  test('refuses a page over 2 MiB, even without a Content-Length', async () => {
    expect(await refusal(site.url('/huge'))).toBe('the page is larger than 2 MiB');
  });

  test('gives up on a page that does not load in time', async () => {
    expect(await refusal(site.url('/slow'), { ...ALLOW_LOCAL, timeoutMs: 300 })).toBe('the page did not load within 300 ms');
  });

  test('refuses what is not a web page', async () => {
    expect(await refusal(site.url('/report.pdf'))).toBe('the link leads to application/pdf, not a web page: only HTML pages and plain text can be added');
  });

  test.each([
    ['/encodings/latin1.txt', 'ISO-8859-1 named in the Content-Type', QUAY.paragraphs[0]],
    ['/encodings/header-1252.html', 'Windows-1252 named in the Content-Type', QUAY.paragraphs[1]],
    ['/encodings/meta-1252.html', 'Windows-1252 named only in <meta charset>', QUAY.paragraphs[1]],
  ])('decodes %s by the character set it names (%s)', async (path, _named, paragraph) => {
    const result = await fetchPage(site.url(path), ALLOW_LOCAL);
    expect(result.ok && result.page.text).toContain(paragraph);
  });

  test.each([
    ['/encodings/not-utf8.html', 'named UTF-8'],
    ['/encodings/not-utf8.txt', 'named no character set'],
  ])('refuses %s, whose bytes are not UTF-8 (%s), rather than patch them', async (path) => {
    expect(await refusal(site.url(path))).toBe('the page is not UTF-8 text');
  });

  test('takes UTF-8 text sent without a Content-Type as plain text', async () => {
    const result = await fetchPage(site.url('/untyped/notice'), ALLOW_LOCAL);
    expect(result.ok && result.page).toMatchObject({ kind: 'text', text: Buffer.from(UNTYPED['/untyped/notice']!).toString('utf8') });
  });

  test.each(['/untyped/image', '/untyped/archive'])('refuses bytes sent without a Content-Type that are not UTF-8 text (%s)', async (path) => {
    expect(await refusal(site.url(path))).toBe('the server did not say what the link leads to (no Content-Type), and it is not UTF-8 text: only HTML pages and plain text can be added');
  });

  test('passes on the server\'s error', async () => {
    expect(await refusal(site.url('/no-such-page'))).toBe('the server answered 404 Not Found');
  });
});

describe('decodeText', () => {
  test.each(['windows-1252', 'iso-8859-1'])('reads the bytes 0x80 to 0x9F of %s as Windows-1252 does: quotes, dashes and €', (charset) => {
    const bytes = Buffer.concat([Buffer.from([0x93]), Buffer.from('Fares'), Buffer.from([0x94]), Buffer.from(' rise to '), Buffer.from([0x80]),
      Buffer.from('5 '), Buffer.from([0x96]), Buffer.from(' the operator'), Buffer.from([0x92]), Buffer.from('s caf'), Buffer.from([0xe9])]);
    expect(decodeText(bytes, `text/plain; charset=${charset}`, 'text')).toEqual({ ok: true, text: '\u201cFares\u201d rise to \u20ac5 \u2013 the operator\u2019s caf\u00e9' });
  });
});

describe('fetchFile', () => {
  test('fetches a file of any type, as bytes', async () => {
    const result = await fetchFile(site.url('/report.pdf'), ALLOW_LOCAL);
    expect(result.ok && result.contentType).toBe('application/pdf');
    expect(result.ok && result.bytes.subarray(0, 8).toString()).toBe('%PDF-1.7');
  });

  test('keeps to the same limits and address checks as pages', async () => {
    expect(await fetchFile(site.url('/huge'), ALLOW_LOCAL)).toEqual({ ok: false, reason: 'the file is larger than 2 MiB' });
    expect(await fetchFile(site.url('/to-metadata'), ALLOW_LOCAL)).toMatchObject({ ok: false, reason: expect.stringMatching(/^169\.254\.169\.254 is a link-local address/) });
  });
});
