import { DateTime } from 'luxon';

/**
 * When a page reached someone, in their own time zone (SPEC §6 "on-call load"): the part of
 * the day, whether it was a weekend, and which night it broke. Worked out when the page is
 * written (src/escalation/page.ts), with the zone the person had then, so a report over two
 * years is a count of stored values and a later move to another zone does not rewrite history.
 * Lives in platform because escalation writes it and insights reads it.
 *
 * - `sleep`: 22:00 to 07:00, any day;
 * - `business`: Monday to Friday, 09:00 to 18:00;
 * - `after_hours`: the rest (evenings, early mornings, weekend days).
 * The local wall clock comes from the tz database, so a page at 01:30 on the night a DST change
 * repeats or skips an hour is still 01:30 and still sleep.
 */
export type DayPart = 'business' | 'after_hours' | 'sleep';

export const SLEEP_FROM_HOUR = 22;
export const SLEEP_UNTIL_HOUR = 7;
export const BUSINESS_FROM_HOUR = 9;
export const BUSINESS_UNTIL_HOUR = 18;

export interface LocalHours {
  part: DayPart;
  /** Saturday or Sunday where the person was. */
  weekend: boolean;
  /** For a sleep page: the local date (YYYY-MM-DD) of the evening the night began; else null. */
  night: string | null;
}

export function localHours(at: number, timeZone: string): LocalHours {
  let t = DateTime.fromMillis(at, { zone: timeZone });
  // A zone the tz database no longer knows is read as UTC rather than failing a page.
  if (!t.isValid) t = DateTime.fromMillis(at, { zone: 'UTC' });
  const hour = t.hour;
  const weekend = t.weekday >= 6;
  if (hour >= SLEEP_FROM_HOUR || hour < SLEEP_UNTIL_HOUR) {
    const evening = hour >= SLEEP_FROM_HOUR ? t : t.minus({ days: 1 });
    return { part: 'sleep', weekend, night: evening.toISODate() };
  }
  const business = !weekend && hour >= BUSINESS_FROM_HOUR && hour < BUSINESS_UNTIL_HOUR;
  return { part: business ? 'business' : 'after_hours', weekend, night: null };
}
