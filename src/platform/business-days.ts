import { DateTime } from 'luxon';

/**
 * The instant `days` business days (Monday to Friday, in `timeZone`) after `from`, at the same
 * wall-clock time: resolved on Friday 15:00, five business days is the next Friday 15:00; on a
 * Saturday, the Friday after. Wall-clock arithmetic keeps the time across a DST change. Public
 * holidays are not known. Lives in platform because both incidents (resolve) and postmortems
 * (create, edit) set a postmortem's due date with it.
 */
export function addBusinessDays(from: number, days: number, timeZone: string): number {
  let t = DateTime.fromMillis(from, { zone: timeZone });
  let counted = 0;
  while (counted < days) {
    t = t.plus({ days: 1 });
    if (t.weekday <= 5) counted++;
  }
  return t.toMillis();
}
