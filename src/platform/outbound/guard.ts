import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { type OutboundPolicy, describeCategory, parseIp, refusedCategory } from './address.ts';

/**
 * The one way Tocsin makes an HTTP request to an address someone typed in (webhooks, chat hooks,
 * Twilio, and whatever comes next: subscriber webhooks, runbook steps, ticket trackers).
 *
 * - `checkOutboundUrl(url, policy)` refuses what is wrong before connecting: not http(s), a user
 *   name or password in the URL, a host that is a refused IP literal or `localhost`. Use it to
 *   refuse an address when it is saved (answer 400).
 * - `outboundRequest(url, init, policy)` checks again and then connects through a DNS lookup that
 *   classifies every resolved address, so a name that resolves (or later re-resolves: DNS
 *   rebinding) to an internal address is refused at connect time. No redirects are followed,
 *   connections are pooled per policy only, and the answer's body is not read unless asked for.
 * - `describeOutboundError(err, signal)` turns any failure into a short fixed text fit for a
 *   timeline that viewers read: `blocked: a private address`, `invalid URL`, `timed out`,
 *   `network error: ECONNREFUSED`. An OutboundRefusedError will be refused again: do not retry it.
 *   It never quotes the URL (chat webhook URLs are credentials), a resolved address, or an answer.
 */

/**
 * Thrown (and passed to http's lookup callback) when the guard refuses. `message` is safe to show:
 * for a URL, what is wrong with it (`invalid URL`); for an address, only its category
 * (`a private address`), never the address a name resolved to.
 */
export class OutboundRefusedError extends Error {
  readonly code = 'ETOCSIN_OUTBOUND_REFUSED';
  constructor(
    message: string,
    /** What was refused: the URL's form, credentials in it, or the address it leads to. */
    readonly refused: 'url' | 'credentials' | 'address',
    /** Of a refused address: true when TOCSIN_OUTBOUND_ALLOW could open it (loopback, private). */
    readonly allowable = false,
  ) {
    super(message);
    this.name = 'OutboundRefusedError';
  }
}

function refusedAddress(address: string, policy: OutboundPolicy): OutboundRefusedError | undefined {
  const category = refusedCategory(address, policy);
  if (category === null) return undefined;
  return new OutboundRefusedError(
    describeCategory(category),
    'address',
    category === 'loopback' || category === 'private',
  );
}

/**
 * Everything that can be checked without DNS. WHATWG URL parsing normalises the host first, so
 * `0x7f000001`, `017700000001`, `2130706433` and `127.1` are all seen as 127.0.0.1.
 */
export function checkOutboundUrl(url: string | URL, policy: OutboundPolicy): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new OutboundRefusedError('invalid URL', 'url');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new OutboundRefusedError(`unsupported URL scheme ${u.protocol}`, 'url');
  }
  if (u.username !== '' || u.password !== '') {
    throw new OutboundRefusedError('user name or password in the URL', 'credentials');
  }
  const host = u.hostname.replace(/\.$/, '').toLowerCase();
  // RFC 6761: localhost and its subdomains are loopback whatever DNS says.
  const literal = host === 'localhost' || host.endsWith('.localhost') ? '127.0.0.1' : host;
  if (parseIp(literal)) {
    const refused = refusedAddress(literal.replace(/^\[|\]$/g, ''), policy);
    if (refused) throw refused;
  }
  return u;
}

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) =>
      err ? reject(err) : resolve(addresses),
    ),
  );

/**
 * A `lookup` for node:net that resolves, drops the addresses the policy refuses, and fails when
 * none is left: the check is on the address the socket then connects to. (Node does not call
 * `lookup` for IP literals; checkOutboundUrl covers those.)
 */
export function guardedLookup(policy: OutboundPolicy, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (found) => {
        const asked = options.family;
        const family = asked === 4 || asked === 'IPv4' ? 4 : asked === 6 || asked === 'IPv6' ? 6 : 0;
        const candidates = family === 0 ? found : found.filter((a) => a.family === family);
        const usable = candidates.filter((a) => refusedAddress(a.address, policy) === undefined);
        const first = usable[0];
        if (first === undefined) {
          const refused = candidates[0] && refusedAddress(candidates[0].address, policy);
          const err: NodeJS.ErrnoException =
            refused ?? Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' });
          callback(err, '', 0);
          return;
        }
        if (options.all) callback(null, usable);
        else callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
}

// Paging is a hot path: a fresh TCP (and TLS) connection per message cost several milliseconds
// per page. Every socket in an agent was opened through that agent's policy's lookup, so reusing
// it reaches an address that policy already accepted; agents are never shared across policies.
const agents = new WeakMap<OutboundPolicy, { http: http.Agent; https: https.Agent }>();
// Below Node's and most servers' 5 s keep-alive timeout, so a reused socket is rarely one the
// receiver is closing at that moment.
const FREE_SOCKET_TIMEOUT_MS = 4000;
// An answer nobody reads is drained so its connection can carry the next message; one that keeps
// streaming past this is cut off instead.
const DRAIN_LIMIT_BYTES = 64 * 1024;

function agentFor(policy: OutboundPolicy, protocol: string): http.Agent {
  let pair = agents.get(policy);
  if (pair === undefined) {
    const options = { keepAlive: true, timeout: FREE_SOCKET_TIMEOUT_MS, lookup: guardedLookup(policy) };
    pair = { http: new http.Agent(options), https: new https.Agent(options) };
    agents.set(policy, pair);
  }
  return protocol === 'https:' ? pair.https : pair.http;
}

export interface OutboundRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Aborts connecting, sending and reading. */
  signal?: AbortSignal;
  /** Read at most this many bytes of the answer (default 0: the body is never read). */
  maxResponseBytes?: number;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** At most maxResponseBytes; the receiver's words, so never show it to users. */
  body: Buffer;
}

export interface OutboundOptions {
  /** Stands in for DNS (tests of rebinding); defaults to the system resolver. */
  resolve?: Resolver;
}

/**
 * One guarded request. Throws OutboundRefusedError when refused, and node's own errors (with a
 * `code`) or an AbortError otherwise; describeOutboundError says which in a few words.
 */
export async function outboundRequest(
  url: string | URL,
  init: OutboundRequestInit,
  policy: OutboundPolicy,
  opts: OutboundOptions = {},
): Promise<OutboundResponse> {
  const target = checkOutboundUrl(url, policy);
  const body = init.body ?? '';
  const limit = init.maxResponseBytes ?? 0;
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<OutboundResponse>((resolve, reject) => {
    const req = client.request(
      {
        protocol: target.protocol,
        hostname: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port === '' ? undefined : Number(target.port),
        path: `${target.pathname}${target.search}`,
        method: init.method ?? 'GET',
        headers: { ...init.headers, 'Content-Length': String(Buffer.byteLength(body)) },
        // A stand-in resolver (tests) gets its own connection: the pool belongs to the system resolver.
        agent: opts.resolve === undefined ? agentFor(policy, target.protocol) : false,
        lookup: guardedLookup(policy, opts.resolve),
        ...(init.signal ? { signal: init.signal } : {}),
      },
      (res) => {
        const answer = (chunks: Buffer[]) =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        if (limit <= 0) {
          // Not needed, and a slow body must not turn an answered request into a timeout: answer
          // now, drain in the background so the connection can be reused.
          answer([]);
          let drained = 0;
          res.on('data', (chunk: Buffer) => {
            drained += chunk.byteLength;
            if (drained > DRAIN_LIMIT_BYTES) res.destroy();
          });
          res.on('error', () => undefined);
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.byteLength;
          if (size >= limit) res.destroy();
        });
        const done = () => answer([Buffer.concat(chunks).subarray(0, limit)]);
        res.on('end', done);
        // Cut off or reset mid-body: the status alone still says what happened.
        res.on('close', done);
        res.on('error', () => undefined);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A short text for a failed outboundRequest that quotes neither the URL nor any answer. */
export function describeOutboundError(err: unknown, signal?: AbortSignal): string {
  if (err instanceof OutboundRefusedError) {
    return err.refused === 'address' ? `blocked: ${err.message}` : err.message;
  }
  if (
    signal?.aborted ||
    (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError'))
  ) {
    // The engine's signal is AbortSignal.timeout (TimeoutError); any other abort is e.g. shutdown.
    const reason: unknown = signal?.reason ?? err;
    return reason instanceof Error && reason.name !== 'TimeoutError' ? 'aborted' : 'timed out';
  }
  // Only the code: node's messages name the resolved address and port (`connect ECONNREFUSED 10.0.0.5:80`).
  const code = err instanceof Error ? (err as NodeJS.ErrnoException).code : undefined;
  return typeof code === 'string' && /^[A-Z0-9_]+$/.test(code) ? `network error: ${code}` : 'network error';
}
