import assert from 'node:assert/strict';
import { it } from 'node:test';
import { percentileOfSorted, summarize } from '../platform/stats.ts';
import { toCsv } from './csv.ts';
import { coveredLength } from './oncall-health.ts';
import { parsePeriod, weekStart } from './scope.ts';

it('summarizes durations with percentiles interpolated as percentile_cont does', () => {
  assert.deepEqual(summarize([]), { count: 0, mean: null, median: null, p90: null });
  assert.deepEqual(summarize([5]), { count: 1, mean: 5, median: 5, p90: 5 });
  // sorted 1, 2, 3, 10: median between 2 and 3; p90 at 2.7 of 3 = 3 + 0.7 * 7
  const s = summarize([10, 1, 3, 2]);
  assert.equal(s.mean, 4);
  assert.equal(s.median, 2.5);
  assert.ok(Math.abs(s.p90! - 7.9) < 1e-9);
});

it('writes CSV that quotes, flattens and does not let a name run as a formula', () => {
  const csv = toCsv([
    { name: 'a,b', n: 1, nested: { mean: 2.5, median: null } },
    { name: '=HYPERLINK("x")', n: -3, nested: { mean: null, median: 1 } },
  ]);
  assert.equal(csv, 'name,n,nested_mean,nested_median\r\n"a,b",1,2.5,\r\n"\'=HYPERLINK(""x"")",-3,,1\r\n');
});

it('counts an hour on call in two schedules at once as one hour', () => {
  const h = 3_600_000;
  assert.equal(
    coveredLength([
      { start: 0, end: 2 * h },
      { start: h, end: 3 * h },
      { start: 5 * h, end: 6 * h },
      { start: 5 * h, end: 5.5 * h },
    ]),
    4 * h,
  );
});

it('takes periods of at most two years, from before to, defaulting to the last 28 days', () => {
  const now = Date.parse('2026-12-04T12:00:00Z');
  assert.deepEqual(parsePeriod({}, now), { from: now - 28 * 86_400_000, to: now });
  assert.throws(
    () => parsePeriod({ from: '2026-12-05T00:00:00Z', to: '2026-12-04T00:00:00Z' }, now),
    /from: must be before to/,
  );
  assert.throws(
    () => parsePeriod({ from: '2024-12-01T00:00:00Z', to: '2026-12-04T00:00:00Z' }, now),
    /2 years/,
  );
  assert.doesNotThrow(() => parsePeriod({ from: '2024-12-04T00:00:00Z', to: '2026-12-04T00:00:00Z' }, now));
  // ISO weeks start on Monday, UTC.
  assert.equal(
    new Date(weekStart(Date.parse('2026-11-01T23:59:00Z'))).toISOString(),
    '2026-10-26T00:00:00.000Z',
  );
  assert.equal(
    new Date(weekStart(Date.parse('2026-11-02T00:00:00Z'))).toISOString(),
    '2026-11-02T00:00:00.000Z',
  );
});

it('selects the same percentiles as sorting does, for any values', () => {
  let seed = 7;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed;
  };
  for (const n of [1, 2, 3, 5, 10, 11, 100, 1001, 5000]) {
    for (const spread of [3, 1000, 1e9]) {
      const values = Array.from({ length: n }, () => next() % spread);
      const sorted = [...values].sort((a, b) => a - b);
      const s = summarize(values);
      assert.equal(s.count, n);
      assert.equal(s.median, percentileOfSorted(sorted, 0.5), `median of ${n} values under ${spread}`);
      assert.equal(s.p90, percentileOfSorted(sorted, 0.9), `p90 of ${n} values under ${spread}`);
    }
  }
});
