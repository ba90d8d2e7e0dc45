/**
 * Chat channel names for incidents: `inc-YYYYMMDD-<service>`, and `-<n>` for the n-th incident
 * of that service on that UTC day, so responders can guess the channel from the page alone.
 * Slack allows 80 characters; we stay at 60 so tools that prefix or suffix the name still fit.
 */
export const MAX_SLUG_LENGTH = 60;

/** Stands in for a service name with no Latin letters or digits at all. */
const FALLBACK = 'service';

/** `Checkout API (EU)` -> `checkout-api-eu`; accents are dropped (`Café` -> `cafe`). */
export function serviceSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? FALLBACK : slug;
}

/** YYYYMMDD of the UTC day: the same incident gets the same name wherever it is read. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
}

/** Start of the UTC day `ms` falls in. */
export function utcDayStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/**
 * `nth`: 1 for the service's first incident of the day (no suffix), 2 for the second ...
 * The service part is cut, never the date or the suffix, so names stay distinct when cut.
 */
export function channelSlug(createdAt: number, serviceName: string, nth: number): string {
  if (!Number.isInteger(nth) || nth < 1) throw new RangeError(`nth must be a positive integer, not ${nth}`);
  const prefix = `inc-${utcDay(createdAt)}-`;
  const suffix = nth >= 2 ? `-${nth}` : '';
  const room = MAX_SLUG_LENGTH - prefix.length - suffix.length;
  const service = serviceSlug(serviceName).slice(0, room).replace(/-+$/, '');
  return `${prefix}${service === '' ? FALLBACK.slice(0, room) : service}${suffix}`;
}
