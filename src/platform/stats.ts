/**
 * The figures insights report for a set of durations (SPEC §6): count, mean, median and p90.
 * Percentiles interpolate between the two nearest values, as PostgreSQL's `percentile_cont`
 * does, so SQLite (which computes them here, src/platform/db/connect.ts) and PostgreSQL (which
 * computes them in SQL) give the same figure for the same values.
 */
export function percentileOfSorted(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const pos = fraction * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface Summary {
  count: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { count: 0, mean: null, median: null, p90: null };
  const sorted = [...values].sort((a, b) => a - b);
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    mean: sum / sorted.length,
    median: percentileOfSorted(sorted, 0.5),
    p90: percentileOfSorted(sorted, 0.9),
  };
}
