import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareGo, compareGroupedAlerts, compareLabelSets, fingerprint, sortable } from './labels.ts';

/**
 * Alertmanager's label arithmetic, pure. compare.test.ts checks fingerprints and orders against
 * Debian's Alertmanager itself; these pin the corners that test's few alerts do not reach.
 */

/** FNV-1a 64 the plain way, with BigInt, as the reference for the limb arithmetic. */
function reference(labels: Record<string, string>): string {
  let h = 14695981039346656037n;
  const add = (bytes: Uint8Array) => {
    for (const b of bytes) h = ((h ^ BigInt(b)) * 1099511628211n) & ((1n << 64n) - 1n);
  };
  const names = Object.keys(labels).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const n of names) {
    add(Buffer.from(n));
    add(Uint8Array.of(0xff));
    add(Buffer.from(labels[n]!));
    add(Uint8Array.of(0xff));
  }
  return h.toString(16).padStart(16, '0');
}

describe('Alertmanager label arithmetic', () => {
  it('fingerprints as FNV-1a 64 over the sorted labels, for any text', () => {
    // Empty label set: the FNV offset basis itself, as prometheus/common answers.
    assert.equal(fingerprint({}), 'cbf29ce484222325');
    const samples: Record<string, string>[] = [
      { alertname: 'DiskFull' },
      { alertname: 'Cmp1', job: 'web', instance: 'i1', severity: 'critical' },
      { é: 'ü', z: '日本', a: '😀' },
      { b: '', a: 'x'.repeat(500) },
    ];
    let seed = 7;
    const rnd = () => (seed = (seed * 48271) % 2147483647);
    for (let i = 0; i < 200; i++) {
      const labels: Record<string, string> = {};
      for (let j = rnd() % 6; j >= 0; j--)
        labels[`l${rnd() % 10}`] = String.fromCodePoint(
          ...Array.from({ length: rnd() % 8 }, () => rnd() % 0x2ffff),
        );
      samples.push(labels);
    }
    for (const labels of samples)
      assert.equal(fingerprint(labels), reference(labels), JSON.stringify(labels));
    // The order labels were given in does not matter.
    assert.equal(fingerprint({ b: '2', a: '1' }), fingerprint({ a: '1', b: '2' }));
  });

  it('compares strings as Go does, by UTF-8 bytes', () => {
    assert.equal(compareGo('a', 'b'), -1);
    assert.equal(compareGo('b', 'a'), 1);
    assert.equal(compareGo('x', 'x'), 0);
    // U+FF21 (a fullwidth A) is below U+1F600 in UTF-8, above it in UTF-16 code units.
    assert.equal(compareGo('\uFF21', '😀'), -1);
    assert.equal('\uFF21' < '😀', false);
  });

  it('orders label sets as LabelSet.Before and alerts as AlertSlice', () => {
    const s = (l: Record<string, string>) => sortable(l);
    // Fewer labels first.
    assert.ok(compareLabelSets(s({ z: 'z' }), s({ a: 'a', b: 'b' })) < 0);
    // The set lacking the first name in order comes first.
    assert.ok(compareLabelSets(s({ b: '1' }), s({ a: '1' })) < 0);
    assert.ok(compareLabelSets(s({ a: '1' }), s({ b: '1' })) > 0);
    // Then the first differing value.
    assert.ok(compareLabelSets(s({ a: '1', b: '2' }), s({ a: '1', b: '3' })) < 0);
    assert.equal(compareLabelSets(s({ a: '1' }), s({ a: '1' })), 0);
    // Alerts: job first, those without one last, then instance, then the labels.
    const alerts: Record<string, string>[] = [
      { instance: 'i2', job: 'web' },
      { alertname: 'NoJob' },
      { instance: 'i1', job: 'web' },
      { job: 'api' },
    ];
    const sorted = alerts
      .map(s)
      .sort(compareGroupedAlerts)
      .map((x) => x.labels);
    assert.deepEqual(sorted, [
      { job: 'api' },
      { instance: 'i1', job: 'web' },
      { instance: 'i2', job: 'web' },
      { alertname: 'NoJob' },
    ]);
  });
});
