import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { after, before, describe, it } from 'node:test';
import { type HttpReceiver, startHttpReceiver } from '../../../test/receivers.ts';
import { type OutboundPolicy, PUBLIC_ONLY, parseOutboundAllow } from './address.ts';
import {
  OutboundRefusedError,
  type Resolver,
  checkOutboundUrl,
  describeOutboundError,
  guardedLookup,
  outboundRequest,
} from './guard.ts';

const LOOPBACK = parseOutboundAllow('loopback') as OutboundPolicy;
const EVERYTHING = parseOutboundAllow('0.0.0.0/0,::/0') as OutboundPolicy;

function refusal(url: string, policy: OutboundPolicy): string {
  try {
    checkOutboundUrl(url, policy);
  } catch (e) {
    assert.ok(e instanceof OutboundRefusedError, String(e));
    return describeOutboundError(e);
  }
  return 'allowed';
}

/** DNS that answers what the test says: a name that resolves to an internal address. */
function resolver(map: Record<string, string[]>, calls: string[] = []): Resolver {
  return (hostname) => {
    calls.push(hostname);
    const found = (map[hostname] ?? []).map((address): LookupAddress => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));
    return Promise.resolve(found);
  };
}

describe('checkOutboundUrl', () => {
  it('sees through every spelling of an internal address in the URL', () => {
    for (const [url, why] of [
      ['http://169.254.169.254/latest/meta-data/', 'blocked: a cloud metadata address'],
      ['http://[::ffff:a9fe:a9fe]/latest/meta-data/', 'blocked: a cloud metadata address'],
      ['http://[fd00:ec2::254]/', 'blocked: a cloud metadata address'],
      ['http://127.0.0.1:8080/hook', 'blocked: a loopback address'],
      ['http://[::1]/', 'blocked: a loopback address'],
      ['http://[::ffff:127.0.0.1]/', 'blocked: a loopback address'],
      ['http://0x7f000001/', 'blocked: a loopback address'],
      ['http://017700000001/', 'blocked: a loopback address'],
      ['http://2130706433/', 'blocked: a loopback address'],
      ['http://127.1/', 'blocked: a loopback address'],
      ['http://localhost:9/', 'blocked: a loopback address'],
      ['http://LOCALHOST./', 'blocked: a loopback address'],
      ['http://api.localhost/', 'blocked: a loopback address'],
      ['http://10.0.0.5/', 'blocked: a private address'],
      ['http://[fe80::1]/', 'blocked: a link-local address'],
      ['http://0.0.0.0/', 'blocked: an unspecified address'],
      ['http://user:pass@hooks.example.com/', 'user name or password in the URL'],
      ['https://token@hooks.example.com/', 'user name or password in the URL'],
      ['ftp://example.com/x', 'unsupported URL scheme ftp:'],
      ['file:///etc/passwd', 'unsupported URL scheme file:'],
      ['not a url', 'invalid URL'],
    ] as const) {
      assert.equal(refusal(url, PUBLIC_ONLY), why, url);
    }
  });

  it('lets public addresses and host names through (names are checked when connecting)', () => {
    assert.equal(refusal('https://hooks.slack.com/services/T0/B0/xyz', PUBLIC_ONLY), 'allowed');
    assert.equal(refusal('http://93.184.216.34/hook', PUBLIC_ONLY), 'allowed');
    assert.equal(refusal('http://intranet.example/hook', PUBLIC_ONLY), 'allowed');
  });

  it('the allow-list opens loopback and private addresses but never metadata or link-local', () => {
    assert.equal(refusal('http://0x7f000001/', LOOPBACK), 'allowed');
    assert.equal(refusal('http://[::1]:8080/', LOOPBACK), 'allowed');
    assert.equal(refusal('http://10.0.0.5/', LOOPBACK), 'blocked: a private address');
    assert.equal(refusal('http://10.0.0.5/', EVERYTHING), 'allowed');
    assert.equal(refusal('http://169.254.169.254/', EVERYTHING), 'blocked: a cloud metadata address');
    assert.equal(refusal('http://[::ffff:a9fe:a9fe]/', EVERYTHING), 'blocked: a cloud metadata address');
    assert.equal(refusal('http://[fe80::1]/', EVERYTHING), 'blocked: a link-local address');
    assert.equal(refusal('http://u:p@127.0.0.1/', EVERYTHING), 'user name or password in the URL');
  });
});

describe('outboundRequest', () => {
  let hook: HttpReceiver;
  let port: string;
  before(async () => {
    hook = await startHttpReceiver({ respond: () => ({ status: 500, body: 'SECRET-INTERNAL-ANSWER' }) });
    port = new URL(hook.url).port;
  });
  after(() => hook.close());

  const post = (url: string, policy: OutboundPolicy, resolve?: Resolver, maxResponseBytes = 0) =>
    outboundRequest(
      url,
      { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' }, maxResponseBytes },
      policy,
      resolve ? { resolve } : {},
    );

  it('refuses a loopback receiver by default and never contacts it', async () => {
    const before = hook.requests.length;
    await assert.rejects(post(`${hook.url}/x`, PUBLIC_ONLY), OutboundRefusedError);
    assert.equal(hook.requests.length, before);
  });

  it('reaches it when the allow-list says so, without reading the answer unless asked', async () => {
    const res = await post(`${hook.url}/x`, LOOPBACK);
    assert.equal(res.status, 500);
    assert.equal(res.body.length, 0);
    const read = await post(`${hook.url}/x`, LOOPBACK, undefined, 6);
    assert.equal(read.body.toString(), 'SECRET');
  });

  it('reuses a connection within one policy, never across policies', async () => {
    const start = hook.requests.length;
    for (let i = 0; i < 3; i++) assert.equal((await post(`${hook.url}/reuse`, LOOPBACK)).status, 500);
    const seen = hook.requests.slice(start);
    assert.equal(seen.length, 3);
    assert.equal(new Set(seen.map((r) => r.remotePort)).size, 1, 'one keep-alive connection');
    // A pooled socket to the same receiver exists, but another policy does not get it.
    await assert.rejects(post(`${hook.url}/reuse`, PUBLIC_ONLY), OutboundRefusedError);
    assert.equal(hook.requests.length, start + 3);
  });

  it('checks the address a name resolves to when connecting (DNS rebinding)', async () => {
    const calls: string[] = [];
    const dns = resolver({ 'hooks.rebind.test': ['127.0.0.1'] }, calls);
    const before = hook.requests.length;
    const url = `http://hooks.rebind.test:${port}/x`;
    // The URL alone looks fine: the name is only known to be loopback once resolved.
    assert.equal(refusal(url, PUBLIC_ONLY), 'allowed');
    const err = await post(url, PUBLIC_ONLY, dns).then(
      () => assert.fail('connected'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof OutboundRefusedError);
    assert.equal(describeOutboundError(err), 'blocked: a loopback address');
    assert.deepEqual(calls, ['hooks.rebind.test']);
    assert.equal(hook.requests.length, before, 'the receiver never heard of it');

    const allowed = await post(url, LOOPBACK, dns);
    assert.equal(allowed.status, 500);
    assert.equal(hook.requests.at(-1)!.headers.host, `hooks.rebind.test:${port}`);
  });

  it('connects only to the addresses the policy allows among those a name resolves to', async () => {
    const dns = resolver({ 'mixed.test': ['169.254.169.254', '127.0.0.1'] });
    const res = await post(`http://mixed.test:${port}/x`, EVERYTHING, dns);
    assert.equal(res.status, 500);
    const none = resolver({ 'meta.test': ['169.254.169.254', 'fd00:ec2::254'] });
    await assert.rejects(post(`http://meta.test:${port}/x`, EVERYTHING, none), /cloud metadata/);
  });

  it('the system resolver: localhost is refused at connect time too', async () => {
    const err = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      guardedLookup(PUBLIC_ONLY)('localhost', { all: true }, (e) => resolve(e)),
    );
    assert.ok(err instanceof OutboundRefusedError);
    assert.equal(err.message, 'a loopback address');
  });

  it('describes network failures by their code only', async () => {
    const gone = await startHttpReceiver();
    await gone.close();
    const err = await post(`${gone.url}/x`, LOOPBACK).then(
      () => assert.fail('connected'),
      (e: unknown) => e,
    );
    assert.equal(describeOutboundError(err), 'network error: ECONNREFUSED');
    const unknown = await post('http://nowhere.test/x', PUBLIC_ONLY, resolver({})).then(
      () => assert.fail('connected'),
      (e: unknown) => e,
    );
    assert.equal(describeOutboundError(unknown), 'network error: ENOTFOUND');
  });
});
