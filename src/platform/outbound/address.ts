import { isIPv4, isIPv6 } from 'node:net';

/**
 * What an IP address is, for the outbound-request guard (guard.ts). Pure: no DNS, no sockets.
 *
 * `public` is always reachable; `loopback` and `private` only when the operator's allow-list
 * (TOCSIN_OUTBOUND_ALLOW) covers them; everything else never: link-local and the clouds' metadata
 * services hand out credentials to whoever asks from inside the machine, and the rest is not a
 * place a webhook can legitimately live.
 */
export type AddressCategory =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

/** Categories no configuration can open. */
export const NEVER_REACHABLE: ReadonlySet<AddressCategory> = new Set([
  'link-local',
  'metadata',
  'unspecified',
  'multicast',
  'broadcast',
  'reserved',
]);

export interface IpAddress {
  version: 4 | 6;
  /** 32 bits for IPv4, 128 for IPv6. */
  value: bigint;
}

export interface Cidr {
  version: 4 | 6;
  base: bigint;
  prefix: number;
  /** As written in the configuration, for messages. */
  text: string;
}

const BITS = { 4: 32, 6: 128 } as const;

/** Dotted-quad IPv4 or any IPv6 text form (brackets allowed); undefined for anything else. */
export function parseIp(text: string): IpAddress | undefined {
  const t = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (isIPv4(t)) return { version: 4, value: v4Value(t) };
  if (isIPv6(t)) return { version: 6, value: v6Value(t) };
  return undefined;
}

function v4Value(text: string): bigint {
  return text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function v6Value(text: string): bigint {
  let t = text;
  let tail: bigint[] = [];
  // An embedded IPv4 tail (`::ffff:127.0.0.1`) is two 16-bit groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (dotted) {
    const v4 = v4Value(dotted[1]!);
    tail = [v4 >> 16n, v4 & 0xffffn];
    t = t.slice(0, -dotted[1]!.length);
    if (t.endsWith(':') && !t.endsWith('::')) t = t.slice(0, -1);
  }
  const groups = (s: string): bigint[] => (s === '' ? [] : s.split(':').map((g) => BigInt(`0x${g}`)));
  let all: bigint[];
  if (t.includes('::')) {
    const [head, rest] = t.split('::') as [string, string];
    const h = groups(head);
    const r = [...groups(rest), ...tail];
    all = [...h, ...new Array<bigint>(8 - h.length - r.length).fill(0n), ...r];
  } else {
    all = [...groups(t), ...tail];
  }
  return all.reduce((acc, g) => (acc << 16n) | g, 0n);
}

// Written out: parseCidr itself maps through these.
const MAPPED: Cidr = { version: 6, base: 0xffffn << 32n, prefix: 96, text: '::ffff:0:0/96' };
const NAT64: Cidr = { version: 6, base: 0x64ff9bn << 96n, prefix: 96, text: '64:ff9b::/96' };

function inCidr(c: Cidr, ip: IpAddress): boolean {
  if (c.version !== ip.version) return false;
  const shift = BigInt(BITS[c.version] - c.prefix);
  return ip.value >> shift === c.base >> shift;
}

/**
 * The address a connection to `ip` really reaches, for classification and the allow-list: an
 * IPv4-mapped IPv6 address (`::ffff:169.254.169.254`) is its IPv4 address, and so is a well-known
 * NAT64 one (`64:ff9b::a9fe:a9fe`), which a NAT64 gateway turns back into IPv4.
 */
export function effectiveAddress(ip: IpAddress): IpAddress {
  if (ip.version === 6 && (inCidr(MAPPED, ip) || inCidr(NAT64, ip))) {
    return { version: 4, value: ip.value & 0xffffffffn };
  }
  return ip;
}

/** `10.0.0.0/8`, `fd00::/8`, or a bare address (a /32 or /128); undefined when unreadable. */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(text.trim());
  if (!m) return undefined;
  const ip = parseIp(m[1]!);
  if (!ip) return undefined;
  const prefix = m[2] === undefined ? BITS[ip.version] : Number(m[2]);
  if (prefix > BITS[ip.version]) return undefined;
  const shift = BigInt(BITS[ip.version] - prefix);
  const mapped = effectiveAddress(ip);
  // `::ffff:10.0.0.0/104` means 10.0.0.0/8: keep one form so matching needs no special case.
  if (mapped.version === 4 && ip.version === 6 && prefix >= 96) {
    return { version: 4, base: (mapped.value >> shift) << shift, prefix: prefix - 96, text };
  }
  return { version: ip.version, base: (ip.value >> shift) << shift, prefix, text };
}

function cidr(text: string): Cidr {
  const c = parseCidr(text);
  if (!c) throw new Error(`bad built-in range ${text}`);
  return c;
}

/** First match wins: the metadata addresses sit inside ranges that would otherwise say private. */
const RANGES: [Cidr, AddressCategory][] = (
  [
    // AWS, GCP, Azure, OpenStack, DigitalOcean, Oracle...; Alibaba; Azure's wire server; AWS over IPv6.
    ['169.254.169.254/32', 'metadata'],
    ['100.100.100.200/32', 'metadata'],
    ['168.63.129.16/32', 'metadata'],
    ['fd00:ec2::254/128', 'metadata'],
    ['0.0.0.0/8', 'unspecified'],
    ['127.0.0.0/8', 'loopback'],
    ['169.254.0.0/16', 'link-local'],
    ['10.0.0.0/8', 'private'],
    ['172.16.0.0/12', 'private'],
    ['192.168.0.0/16', 'private'],
    ['100.64.0.0/10', 'private'],
    // Benchmarking range, used for lab networks and by fake-IP DNS proxies.
    ['198.18.0.0/15', 'private'],
    ['224.0.0.0/4', 'multicast'],
    ['255.255.255.255/32', 'broadcast'],
    ['240.0.0.0/4', 'reserved'],
    ['::/128', 'unspecified'],
    ['::1/128', 'loopback'],
    ['fe80::/10', 'link-local'],
    ['fc00::/7', 'private'],
    ['fec0::/10', 'private'],
    ['ff00::/8', 'multicast'],
    // IPv4-compatible (deprecated) and the discard prefix.
    ['::/96', 'reserved'],
    ['100::/64', 'reserved'],
  ] as const
).map(([c, category]) => [cidr(c), category]);

/** The category of an address given as text or parsed; text that is no IP address is `reserved`. */
export function classifyIp(address: string | IpAddress): AddressCategory {
  const parsed = typeof address === 'string' ? parseIp(address) : address;
  if (!parsed) return 'reserved';
  const ip = effectiveAddress(parsed);
  for (const [range, category] of RANGES) if (inCidr(range, ip)) return category;
  return 'public';
}

/** The ranges the allow-list words stand for. */
export const ALLOW_WORDS: Record<string, readonly string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  private: [
    '10.0.0.0/8',
    '172.16.0.0/12',
    '192.168.0.0/16',
    '100.64.0.0/10',
    '198.18.0.0/15',
    'fc00::/7',
    'fec0::/10',
  ],
};

/** Which addresses outbound requests may reach besides public ones. */
export interface OutboundPolicy {
  readonly allow: readonly Cidr[];
}

/** Public addresses only: the default, and what code without a configuration uses. */
export const PUBLIC_ONLY: OutboundPolicy = Object.freeze({ allow: Object.freeze([]) });

/**
 * Reads TOCSIN_OUTBOUND_ALLOW: comma-separated CIDRs or addresses, and the words `loopback` and
 * `private`. An entry that lies wholly inside a never-reachable range (169.254.169.254/32, fe80::/10)
 * is refused, so nobody believes they opened it; a wider one (0.0.0.0/0) is accepted and still
 * never reaches those. Returns the message when something is wrong.
 */
export function parseOutboundAllow(text: string): OutboundPolicy | string {
  const allow: Cidr[] = [];
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')) {
    const words = ALLOW_WORDS[entry.toLowerCase()];
    if (words) {
      allow.push(...words.map(cidr));
      continue;
    }
    const c = parseCidr(entry);
    if (!c)
      return `cannot read ${JSON.stringify(entry)}; expected a CIDR such as 10.0.0.0/8, an address, loopback or private`;
    const blocked = RANGES.find(
      ([r, category]) =>
        NEVER_REACHABLE.has(category) &&
        c.version === r.version &&
        c.prefix >= r.prefix &&
        inCidr(r, { version: c.version, value: c.base }),
    );
    if (blocked) return `${entry} is ${describeCategory(blocked[1])}, which outbound requests never reach`;
    allow.push(c);
  }
  return { allow };
}

/** Why `address` may not be reached under `policy`, or null when it may. */
export function refusedCategory(address: string | IpAddress, policy: OutboundPolicy): AddressCategory | null {
  const parsed = typeof address === 'string' ? parseIp(address) : address;
  const category = classifyIp(parsed ?? address);
  if (category === 'public') return null;
  if (NEVER_REACHABLE.has(category) || !parsed) return category;
  const ip = effectiveAddress(parsed);
  return policy.allow.some((c) => inCidr(c, ip)) ? null : category;
}

const DESCRIPTIONS: Record<AddressCategory, string> = {
  public: 'a public address',
  loopback: 'a loopback address',
  private: 'a private address',
  'link-local': 'a link-local address',
  metadata: 'a cloud metadata address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
  reserved: 'a reserved address',
};

export function describeCategory(category: AddressCategory): string {
  return DESCRIPTIONS[category];
}
