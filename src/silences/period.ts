import { ValidationError } from '../platform/errors.ts';
import {
  MAX_PERIOD_DAYS,
  MAX_PERIOD_MS,
  TIME_BOUNDS_TEXT,
  withinTimeBounds,
} from '../platform/time-bounds.ts';

/**
 * Time rules shared by silences and maintenance windows. Pure; `now` is passed in.
 * A period is active on [starts_at, ends_at): at ends_at it has already ended.
 */
export const LIFECYCLES = ['active', 'pending', 'expired'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

export interface Period {
  starts_at: number;
  ends_at: number;
}

export interface PeriodInput {
  starts_at?: string | undefined;
  ends_at?: string | undefined;
  duration_minutes?: number | undefined;
}

export function lifecycleAt(p: Period, now: number): Lifecycle {
  if (now >= p.ends_at) return 'expired';
  return now < p.starts_at ? 'pending' : 'active';
}

function parseTime(value: string, field: string): number {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new ValidationError(`${field}: not a valid RFC 3339 time`);
  if (!withinTimeBounds(t)) throw new ValidationError(`${field}: the year must be ${TIME_BOUNDS_TEXT}`);
  return t;
}

function requestedEnd(input: PeriodInput, start: number): number | undefined {
  if (input.ends_at !== undefined && input.duration_minutes !== undefined)
    throw new ValidationError('duration_minutes: give ends_at or duration_minutes, not both');
  if (input.ends_at !== undefined) return parseTime(input.ends_at, 'ends_at');
  if (input.duration_minutes !== undefined) return start + input.duration_minutes * 60_000;
  return undefined;
}

/** A silence for longer than MAX_PERIOD_DAYS is a deleted integration in disguise; say so. */
function checkEnd(start: number, end: number, now: number): void {
  if (end <= start) throw new ValidationError('ends_at: must be after starts_at');
  if (end <= now) throw new ValidationError('ends_at: must be in the future');
  if (end - Math.max(start, now) > MAX_PERIOD_MS)
    throw new ValidationError(
      `ends_at: must be at most ${MAX_PERIOD_DAYS} days after starts_at (or after now, once started)`,
    );
}

/**
 * starts_at defaults to now. A start in the past becomes now, as in Alertmanager: alerts that
 * came in before the silence existed were not suppressed, and the record must not claim they were.
 * duration_minutes counts from the requested start.
 */
export function periodForCreate(input: PeriodInput, now: number): Period {
  const start = input.starts_at !== undefined ? parseTime(input.starts_at, 'starts_at') : now;
  const end = requestedEnd(input, start);
  if (end === undefined) throw new ValidationError('ends_at: is required (or give duration_minutes)');
  checkEnd(start, end, now);
  return { starts_at: Math.max(start, now), ends_at: end };
}

/**
 * The caller refuses expired periods first. An active period keeps its start (it already
 * suppressed alerts from then on); to end one now, delete it rather than setting a past end.
 */
export function periodForUpdate(current: Period, input: PeriodInput, now: number): Period {
  const start = input.starts_at !== undefined ? parseTime(input.starts_at, 'starts_at') : current.starts_at;
  if (start !== current.starts_at && lifecycleAt(current, now) === 'active')
    throw new ValidationError('starts_at: cannot change once it has started');
  const end = requestedEnd(input, start) ?? current.ends_at;
  checkEnd(start, end, now);
  return { starts_at: start === current.starts_at ? start : Math.max(start, now), ends_at: end };
}
