import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupKeyFor, isStorm, joinWindowStart, parseGrouping } from '../services/grouping.ts';

describe('incident grouping rules', () => {
  it('defaults to one incident per dedup key', () => {
    const rules = parseGrouping(null);
    assert.equal(groupKeyFor(rules, 'a', { x: '1' }), 'dedup:a');
    assert.notEqual(groupKeyFor(rules, 'a', {}), groupKeyFor(rules, 'b', {}));
    assert.equal(joinWindowStart(rules, 1000), 0);
  });

  it('by labels: equal chosen labels give one key whatever the other labels and the order', () => {
    const rules = parseGrouping(
      JSON.stringify({ mode: 'labels', labels: ['cluster', 'alertname'], window_minutes: 10 }),
    );
    const k1 = groupKeyFor(rules, 'a', { alertname: 'Down', cluster: 'eu', instance: '1' });
    const k2 = groupKeyFor(rules, 'b', { cluster: 'eu', instance: '2', alertname: 'Down' });
    const k3 = groupKeyFor(rules, 'c', { alertname: 'Down', cluster: 'us' });
    assert.equal(k1, k2);
    assert.notEqual(k1, k3);
    // A missing label is the empty value, not a wildcard.
    assert.notEqual(groupKeyFor(rules, 'd', { alertname: 'Down' }), k1);
    assert.equal(joinWindowStart(rules, 20 * 60_000), 10 * 60_000);
  });

  it('storm guard triggers only above the threshold', () => {
    const rules = parseGrouping(JSON.stringify({ mode: 'dedup_key', storm_threshold_per_minute: 5 }));
    assert.equal(isStorm(rules, 5), false);
    assert.equal(isStorm(rules, 6), true);
    assert.equal(isStorm(parseGrouping(null), 10_000), false);
  });
});
