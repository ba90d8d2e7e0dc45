import { DAY, HOUR, isValidTimeZone, toLocal, weekday, zone } from '../oncall/core/zone.ts';

/**
 * Calendar days and business hours in a person's time zone. Due dates are days, not instants:
 * "due 2026-12-07" means until the end of that day where the owner is, so whether an item is
 * overdue, and whether now is a good moment to say so, depend on the owner's zone.
 */

/** Wall-clock time in `timeZone` (UTC when the name is unknown to this Node) as local-timeline ms. */
function localTime(timeZone: string, now: number): number {
  return toLocal(zone(isValidTimeZone(timeZone) ? timeZone : 'UTC'), now);
}

/** `YYYY-MM-DD`: the date in `timeZone` at `now`. */
export function localDay(timeZone: string, now: number): string {
  return new Date(localTime(timeZone, now)).toISOString().slice(0, 10);
}

/** The latest date anywhere on Earth at `now` (UTC+14): every zone's today is at most this. */
export function latestDayOnEarth(now: number): string {
  return new Date(now + 14 * HOUR).toISOString().slice(0, 10);
}

/** Today in each zone, and in UTC (items without an owner): for the overdue filter. */
export function todayByZone(zones: string[], now: number): Map<string, string> {
  return new Map(['UTC', ...zones].map((z) => [z, localDay(z, now)]));
}

/** Whether a real calendar day (not 2026-02-30) shaped `YYYY-MM-DD`. */
export function isCalendarDay(day: string): boolean {
  const t = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === day;
}

export const BUSINESS_START_HOUR = 9;
export const BUSINESS_END_HOUR = 17;

/** Monday to Friday, 09:00 to 17:00 in `timeZone`: when a low-urgency reminder may interrupt. */
export function inBusinessHours(timeZone: string, now: number): boolean {
  const local = localTime(timeZone, now);
  if (weekday(local) >= 5) return false;
  const hour = Math.floor((((local % DAY) + DAY) % DAY) / HOUR);
  return hour >= BUSINESS_START_HOUR && hour < BUSINESS_END_HOUR;
}
