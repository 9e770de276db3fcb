/**
 * Which addresses the bot may fetch pages from. A link a moderator pastes could point the bot at
 * the machine it runs on or the network around it (server-side request forgery: a cloud's
 * metadata service at 169.254.169.254, an admin page on 10.0.0.1, a database on localhost), so
 * only public unicast addresses are fetched, unless the operator lists a host or an address in
 * `FETCH_ALLOW_HOSTS`. The check runs on the address actually connected to (see
 * {@link guardedLookup}), for the link and for every redirect, so a name that resolves to a
 * private address is refused as surely as the address typed out.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** How ipaddr.js's ranges read in a refusal; any range not named here is "a reserved address". */
const RANGE_NAMES: Readonly<Record<string, string>> = {
  loopback: 'a loopback address (this machine)',
  private: 'a private network address',
  uniqueLocal: 'a private network address',
  linkLocal: 'a link-local address',
  unspecified: 'an unspecified address',
  carrierGradeNat: 'a carrier-grade NAT address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
};

/**
 * IPv4-compatible IPv6 addresses (`::/96`, deprecated by RFC 4291): `::a.b.c.d` stands for the
 * IPv4 address a.b.c.d, which a network stack that still routes them reaches, so `[::127.0.0.1]`
 * could lead to this machine. Checked with Node's own parser: ipaddr.js reads `::127.0.0.1` as
 * the IPv4-mapped `::ffff:127.0.0.1`, and so `::8.8.8.8` as the public 8.8.8.8.
 */
const IPV4_COMPATIBLE = new BlockList();
IPV4_COMPATIBLE.addSubnet('::', 96, 'ipv6');

/** A page is refused because of where it is: the message says which address and why. */
export class AddressRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AddressRefusedError';
  }
}

/** A host as written in a URL or in `FETCH_ALLOW_HOSTS`: lower case, IPv6 without brackets, no final dot; addresses in ipaddr's form. */
export function normalizeHost(host: string): string {
  const bare = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  return ipaddr.isValid(bare) ? ipaddr.process(bare).toString() : bare;
}

/** The addresses the bot may fetch from: public ones, and the hosts and addresses the operator allows. */
export class AddressPolicy {
  private readonly allowed: ReadonlySet<string>;

  /** `allowHosts`: host names or IP addresses fetched whatever their address (`FETCH_ALLOW_HOSTS`). */
  constructor(allowHosts: readonly string[]) {
    this.allowed = new Set(allowHosts.map(normalizeHost));
  }

  /**
   * Why the address `address`, reached by the name `host`, may not be fetched; `undefined`
   * when it may (a public unicast address, or `host` or `address` allowed).
   */
  refusal(host: string, address: string): string | undefined {
    if (this.allowed.has(normalizeHost(host))) return undefined;
    if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
    const ip = ipaddr.process(address);
    if (this.allowed.has(ip.toString())) return undefined;
    const range = ip.range();
    const compatible = range === 'unicast' && isIP(address) === 6 && IPV4_COMPATIBLE.check(address, 'ipv6');
    if (range === 'unicast' && !compatible) return undefined;
    const where = normalizeHost(host) === ip.toString() ? `${address} is` : `${host} resolves to ${address},`;
    const what = compatible ? 'an IPv4-compatible IPv6 address (::/96), which can stand for any IPv4 address' : RANGE_NAMES[range] ?? 'a reserved address';
    return `${where} ${what}: the bot fetches pages only from public addresses (an operator can allow a host with FETCH_ALLOW_HOSTS)`;
  }

  /** Why a URL's host, when it is an IP address, may not be fetched (names are checked when resolved). */
  literalRefusal(hostname: string): string | undefined {
    const host = hostname.replace(/^\[(.*)\]$/, '$1');
    return isIP(host) === 0 ? undefined : this.refusal(hostname, host);
  }
}

/** Resolves a host name to all its addresses (`dns.lookup`'s shape). */
export type Resolver = (hostname: string, options: LookupOptions & { all: true }, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/**
 * A `lookup` for `http.request` that resolves a name and keeps only the addresses `policy`
 * allows, so the connection can only go to one of them; fails with {@link AddressRefusedError}
 * when none is left. `resolve` is `dns.lookup` unless given.
 */
export function guardedLookup(policy: AddressPolicy, resolve: Resolver = dnsLookup as Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      const permitted = addresses.filter((entry) => policy.refusal(hostname, entry.address) === undefined);
      const first = permitted[0];
      if (!first) {
        const refusal = addresses[0] ? policy.refusal(hostname, addresses[0].address) : `${hostname} has no address`;
        callback(new AddressRefusedError(refusal ?? `${hostname} has no allowed address`), '', 0);
        return;
      }
      if (options.all) callback(null, permitted);
      else callback(null, first.address, first.family);
    });
  };
}
