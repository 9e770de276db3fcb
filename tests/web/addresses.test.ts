import { describe, expect, test } from 'vitest';
import { AddressPolicy, normalizeHost } from '../../src/web/addresses.js';

const HINT = ': the bot fetches pages only from public addresses (an operator can allow a host with FETCH_ALLOW_HOSTS)';

describe('AddressPolicy.refusal', () => {
  const policy = new AddressPolicy([]);

  test.each([
    ['127.0.0.1', 'a loopback address (this machine)'],
    ['127.8.9.10', 'a loopback address (this machine)'],
    ['::1', 'a loopback address (this machine)'],
    ['::ffff:127.0.0.1', 'a loopback address (this machine)'],
    ['10.0.0.12', 'a private network address'],
    ['172.16.5.4', 'a private network address'],
    ['192.168.1.1', 'a private network address'],
    ['fd12:3456::1', 'a private network address'],
    ['169.254.169.254', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['0.0.0.0', 'an unspecified address'],
    ['224.0.0.1', 'a multicast address'],
    ['255.255.255.255', 'a broadcast address'],
    ['192.0.2.1', 'a reserved address'],
    ['64:ff9b::a00:1', 'a reserved address'],
    ['2002:7f00:1::', 'a reserved address'],
  ])('refuses %s as %s', (address, range) => {
    expect(policy.refusal(address, address)).toBe(`${address} is ${range}${HINT}`);
  });

  test.each([
    ['::7f00:1', '::7f00:1'],
    ['::8.8.8.8', '::8.8.8.8'],
    ['::a00:1', '::a00:1'],
  ])('refuses %s: an IPv4-compatible IPv6 address, whatever IPv4 address it holds', (address) => {
    expect(policy.refusal(address, address)).toBe(`${address} is an IPv4-compatible IPv6 address (::/96), which can stand for any IPv4 address${HINT}`);
  });

  test('refuses a link to [::127.0.0.1], which the URL standard writes [::7f00:1]', () => {
    const { hostname } = new URL('http://[::127.0.0.1]/admin');
    expect(policy.literalRefusal(hostname)).toBe(`::7f00:1 is an IPv4-compatible IPv6 address (::/96), which can stand for any IPv4 address${HINT}`);
    expect(policy.refusal('sneaky.example', '::8.8.8.8')).toBe(`sneaky.example resolves to ::8.8.8.8, an IPv4-compatible IPv6 address (::/96), which can stand for any IPv4 address${HINT}`);
  });

  test.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows the public address %s', (address) => {
    expect(policy.refusal(address, address)).toBeUndefined();
  });

  test('names the host a private address was reached through', () => {
    expect(policy.refusal('intranet.example', '10.1.2.3')).toBe(`intranet.example resolves to 10.1.2.3, a private network address${HINT}`);
  });

  test('allows the hosts and addresses the operator lists, however they are written', () => {
    const allowing = new AddressPolicy(['127.0.0.1', '[::1]', 'Intranet.Example.']);
    expect(allowing.refusal('localhost', '127.0.0.1')).toBeUndefined();
    expect(allowing.refusal('localhost', '::1')).toBeUndefined();
    expect(allowing.refusal('intranet.example', '10.1.2.3')).toBeUndefined();
    expect(allowing.refusal('other.example', '10.1.2.3')).toMatch(/^other\.example resolves to 10\.1\.2\.3, a private network address/);
  });
});

describe('AddressPolicy.literalRefusal', () => {
  test('checks hosts written as addresses, and leaves names to the lookup', () => {
    const policy = new AddressPolicy([]);
    expect(policy.literalRefusal('[::1]')).toMatch(/^::1 is a loopback address/);
    expect(policy.literalRefusal('169.254.169.254')).toMatch(/link-local/);
    expect(policy.literalRefusal('localhost')).toBeUndefined();
  });
});

describe('normalizeHost', () => {
  test.each([
    ['Example.COM.', 'example.com'],
    ['[::FFFF:127.0.0.1]', '127.0.0.1'],
    ['[0:0:0:0:0:0:0:1]', '::1'],
  ])('%s → %s', (host, normal) => {
    expect(normalizeHost(host)).toBe(normal);
  });
});
