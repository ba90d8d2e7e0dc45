import { DateTime } from 'luxon';

/** A time as the person reads it: in their browser's zone, with how long ago. */
export function when(iso: string): string {
  const t = DateTime.fromISO(iso);
  return `${t.toLocaleString(DateTime.DATETIME_MED_WITH_SECONDS)} (${t.toRelative() ?? ''})`;
}

export function shortWhen(iso: string): string {
  return DateTime.fromISO(iso).toRelative() ?? iso;
}

export const STATUS_COLOR: Record<string, string> = {
  triggered: 'red',
  acknowledged: 'orange',
  mitigated: 'yellow',
  resolved: 'green',
  closed: 'gray',
};
