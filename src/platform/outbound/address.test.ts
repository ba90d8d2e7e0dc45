import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  PUBLIC_ONLY,
  type OutboundPolicy,
  classifyIp,
  parseCidr,
  parseOutboundAllow,
  refusedCategory,
} from './address.ts';

function policy(text: string): OutboundPolicy {
  const p = parseOutboundAllow(text);
  if (typeof p === 'string') throw new Error(p);
  return p;
}

describe('outbound addresses: classification', () => {
  for (const [address, category] of [
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['::ffff:10.0.0.5', 'private'],
    ['169.254.169.254', 'metadata'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['[::ffff:a9fe:a9fe]', 'metadata'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['::127.0.0.1', 'reserved'],
    ['not-an-ip', 'reserved'],
  ] as const) {
    it(`${address} is ${category}`, () => assert.equal(classifyIp(address), category));
  }
});

describe('outbound addresses: the allow-list', () => {
  it('refuses loopback and private by default, allows public', () => {
    assert.equal(refusedCategory('127.0.0.1', PUBLIC_ONLY), 'loopback');
    assert.equal(refusedCategory('10.0.0.5', PUBLIC_ONLY), 'private');
    assert.equal(refusedCategory('93.184.216.34', PUBLIC_ONLY), null);
    assert.equal(refusedCategory('2001:4860:4860::8888', PUBLIC_ONLY), null);
  });

  it('opens exactly the listed ranges, in every form of the address', () => {
    const p = policy('10.0.0.0/8, 192.168.7.7, fd00::/8');
    assert.equal(refusedCategory('10.200.0.1', p), null);
    assert.equal(refusedCategory('::ffff:10.200.0.1', p), null);
    assert.equal(refusedCategory('192.168.7.7', p), null);
    assert.equal(refusedCategory('192.168.7.8', p), 'private');
    assert.equal(refusedCategory('fd00::5', p), null);
    assert.equal(refusedCategory('fc00::5', p), 'private');
    assert.equal(refusedCategory('127.0.0.1', p), 'loopback');
  });

  it('the words loopback and private stand for their ranges', () => {
    const p = policy('loopback');
    assert.equal(refusedCategory('127.0.0.1', p), null);
    assert.equal(refusedCategory('::1', p), null);
    assert.equal(refusedCategory('::ffff:127.0.0.1', p), null);
    assert.equal(refusedCategory('10.0.0.1', p), 'private');
    const q = policy('private');
    assert.equal(refusedCategory('172.20.1.1', q), null);
    assert.equal(refusedCategory('fd00::1', q), null);
    assert.equal(refusedCategory('127.0.0.1', q), 'loopback');
  });

  it('never opens link-local, metadata and the rest, even when a listed range covers them', () => {
    const all = policy('0.0.0.0/0,::/0');
    assert.equal(refusedCategory('127.0.0.1', all), null);
    for (const address of [
      '169.254.169.254',
      '::ffff:169.254.169.254',
      '169.254.10.10',
      'fe80::1',
      'fd00:ec2::254',
      '100.100.100.200',
      '0.0.0.0',
      '::',
      '224.0.0.1',
      '255.255.255.255',
    ]) {
      assert.notEqual(refusedCategory(address, all), null, address);
    }
  });

  it('refuses entries it cannot read and entries that could only name never-reachable addresses', () => {
    const problem = (text: string) => {
      const p = parseOutboundAllow(text);
      assert.equal(typeof p, 'string', text);
      return p as string;
    };
    assert.match(problem('intranet.example.com'), /cannot read "intranet.example.com"/);
    assert.match(problem('10.0.0.0/33'), /cannot read/);
    assert.match(problem('169.254.169.254'), /cloud metadata address.*never/);
    assert.match(problem('169.254.0.0/16'), /link-local.*never/);
    assert.match(problem('fe80::/64'), /link-local.*never/);
    assert.deepEqual(parseOutboundAllow(' , '), { allow: [] });
  });

  it('reads CIDRs in their canonical form', () => {
    assert.deepEqual(parseCidr('10.1.2.3/8'), {
      version: 4,
      base: 0x0a000000n,
      prefix: 8,
      text: '10.1.2.3/8',
    });
    assert.deepEqual(parseCidr('::ffff:10.0.0.0/104'), {
      version: 4,
      base: 0x0a000000n,
      prefix: 8,
      text: '::ffff:10.0.0.0/104',
    });
    assert.equal(parseCidr('fd00::/8')?.prefix, 8);
    assert.equal(parseCidr('fd00::/129'), undefined);
  });
});
