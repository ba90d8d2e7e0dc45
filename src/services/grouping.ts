import { createHash } from 'node:crypto';
import { ValidationError } from '../platform/errors.ts';

/**
 * How a service folds alerts into incidents (SPEC §2). Pure: the ingest pipeline asks for a
 * group key and whether the storm guard applies; the database work stays in the pipeline.
 *
 * - `dedup_key` (default): one incident per alert dedup key.
 * - `labels`: alerts whose chosen labels are equal join the open incident of that label set
 *   if it was opened within `window_minutes`.
 * - `storm_threshold_per_minute`: above this many new alerts in a minute on the service, new
 *   alerts join the newest open incident instead of opening (and paging for) new ones.
 */
export type GroupingRules =
  | { mode: 'dedup_key'; storm_threshold_per_minute?: number }
  | { mode: 'labels'; labels: string[]; window_minutes: number; storm_threshold_per_minute?: number };

export const DEFAULT_GROUPING: GroupingRules = { mode: 'dedup_key' };

export function parseGrouping(json: string | null): GroupingRules {
  if (json === null) return DEFAULT_GROUPING;
  return JSON.parse(json) as GroupingRules;
}

export function validateGrouping(rules: GroupingRules): void {
  if (rules.mode === 'labels') {
    if (rules.labels.length === 0)
      throw new ValidationError('alert_grouping.labels: name at least one label');
    if (!(rules.window_minutes > 0))
      throw new ValidationError('alert_grouping.window_minutes: must be positive');
  }
}

export function groupKeyFor(rules: GroupingRules, dedupKey: string, labels: Record<string, string>): string {
  switch (rules.mode) {
    case 'dedup_key':
      return `dedup:${dedupKey}`;
    case 'labels': {
      const picked = [...rules.labels].sort().map((l) => [l, labels[l] ?? '']);
      return `labels:${createHash('sha256').update(JSON.stringify(picked)).digest('hex').slice(0, 32)}`;
    }
  }
}

/** The oldest creation time an open incident may have and still take new alerts of its group. */
export function joinWindowStart(rules: GroupingRules, now: number): number {
  switch (rules.mode) {
    case 'dedup_key':
      return 0;
    case 'labels':
      return now - rules.window_minutes * 60_000;
  }
}

/** True when `createdLastMinute` new alerts (including this one) exceed the service's storm threshold. */
export function isStorm(rules: GroupingRules, createdLastMinute: number): boolean {
  const limit = rules.storm_threshold_per_minute;
  return limit !== undefined && createdLastMinute > limit;
}
