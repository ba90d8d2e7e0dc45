/**
 * The figures insights report for a set of durations (SPEC §6): count, mean, median and p90.
 * Percentiles interpolate between the two nearest values, as PostgreSQL's `percentile_cont`
 * does, so every figure is the one SQL would give for the same values.
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
  return summarizeValues(Float64Array.from(values), values.length);
}

/**
 * summarize() of the first `n` values, reordering them: the two percentiles come from selecting
 * the ranks they need (quickselect), not from sorting, so a million durations take milliseconds.
 */
export function summarizeValues(values: Float64Array, n: number): Summary {
  if (n === 0) return { count: 0, mean: null, median: null, p90: null };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  // Ascending ranks, each selected within what is right of the one before.
  const median = percentileBySelecting(values, n, 0.5, 0);
  const p90 = percentileBySelecting(values, n, 0.9, Math.floor(0.5 * (n - 1)));
  return { count: n, mean: sum / n, median, p90 };
}

/** percentileOfSorted() without sorting; the values at ranks below `from` must already be in place. */
function percentileBySelecting(values: Float64Array, n: number, fraction: number, from: number): number {
  const pos = fraction * (n - 1);
  const lo = Math.floor(pos);
  select(values, lo, from, n - 1);
  const low = values[lo]!;
  if (pos === lo) return low;
  // After selecting rank lo, the next rank is the smallest value to its right.
  let next = Infinity;
  for (let i = lo + 1; i < n; i++) if (values[i]! < next) next = values[i]!;
  return low + (next - low) * (pos - lo);
}

/**
 * Moves the value of rank k (within [left, right]) to index k, smaller ones before it and
 * larger ones after (Hoare's quickselect, middle-of-three pivot).
 */
function select(a: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    const mid = (left + right) >>> 1;
    // Order a[left], a[mid], a[right], and use the middle one as the pivot.
    if (a[mid]! < a[left]!) swap(a, mid, left);
    if (a[right]! < a[left]!) swap(a, right, left);
    if (a[right]! < a[mid]!) swap(a, right, mid);
    const pivot = a[mid]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
