import type { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Bounds on every time a client can send. JavaScript dates reach year 275760 and RFC 3339
 * allows 0000-9999, but a shift computed from a time near those ends overflows the response
 * format (year 10000), and nobody schedules on-call for 1850 or 2500. Refusing early, with the
 * field named, keeps every later computation inside years the whole stack can print and store.
 */
export const EARLIEST_YEAR = 1970;
export const LATEST_YEAR = 2200;
export const EARLIEST_TIME = Date.UTC(EARLIEST_YEAR, 0, 1);
/** The first instant after the allowed range (2201-01-01T00:00:00Z). */
export const AFTER_LATEST_TIME = Date.UTC(LATEST_YEAR + 1, 0, 1);

export const TIME_BOUNDS_TEXT = `from ${EARLIEST_YEAR} to ${LATEST_YEAR}`;

const DAY_MS = 86_400_000;
/**
 * The longest period (override, swap, time off, temporary schedule, silence, maintenance window)
 * one request may create: a leap year, the same as the longest shift query. Each of these expands
 * into per-shift work (a swap creates an override per shift), so an unbounded period turned one
 * request into thousands of rows.
 */
export const MAX_PERIOD_DAYS = 366;
export const MAX_PERIOD_MS = MAX_PERIOD_DAYS * DAY_MS;

export function withinTimeBounds(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_TIME && ms < AFTER_LATEST_TIME;
}

/**
 * `date-time` in request schemas: RFC 3339 as before, and within the supported years (see
 * time-bounds.ts). Shared by the HTTP validators and config as code, so both refuse alike.
 */
export function addBoundedDateTime(ajv: Ajv): Ajv {
  // ajv-formats' full date-time format is a {validate, compare} definition.
  const rfc3339 = addFormats.default.get('date-time') as { validate: (s: string) => boolean };
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (s: string) => rfc3339.validate(s) && withinTimeBounds(Date.parse(s)),
  });
  return ajv;
}

// Starts as Ajv's own words did, so clients matching on them keep working.
export const DATE_TIME_MESSAGE = `must match format "date-time": an RFC 3339 time such as 2026-01-31T09:00:00Z, in the years ${EARLIEST_YEAR} to ${LATEST_YEAR}`;
