import { DateTime } from 'luxon';

/** `datetime-local` values (the browser's zone) to and from the API's ISO times. */
const LOCAL = "yyyy-MM-dd'T'HH:mm";

export const toLocal = (iso: string | null) => (iso === null ? '' : DateTime.fromISO(iso).toFormat(LOCAL));

/** '' stays '' so the API names the missing field; anything else goes as ISO UTC. */
export const fromLocal = (local: string) =>
  local === '' ? '' : (DateTime.fromISO(local).toUTC().toISO({ suppressMilliseconds: true }) ?? local);

/** A new maintenance's default: the next full hour, for two hours. */
export function defaultPeriod(): { from: string; until: string } {
  const start = DateTime.now().startOf('hour').plus({ hours: 1 });
  return { from: start.toFormat(LOCAL), until: start.plus({ hours: 2 }).toFormat(LOCAL) };
}
