/**
 * ISO weeks in UTC, which every weekly figure of insights uses: the SQL that buckets rows by
 * week (`(t - MONDAY) / WEEK`) and the code that lists the weeks of a period agree on them.
 */
export const DAY = 86_400_000;
export const WEEK = 7 * DAY;
/** 1970-01-05, the first Monday of the epoch. */
export const MONDAY = 4 * DAY;

/** Monday 00:00 UTC of the week `t` falls in. */
export function weekStart(t: number): number {
  return Math.floor((t - MONDAY) / WEEK) * WEEK + MONDAY;
}
