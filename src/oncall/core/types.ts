/**
 * Plain data the pure core computes over. Times are epoch milliseconds; wall-clock values
 * (dates, times of day) are strings interpreted in the layer's time zone.
 */
export type ShiftUnit = 'hours' | 'days' | 'weeks';
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * When a layer may have someone on call. `daily`: every day from `start` to `end` (an `end` at or
 * before `start` crosses midnight, e.g. 18:00-09:00). `weekly`: from `start_day start` to
 * `end_day end`, wrapping over the weekend when the end comes first (fri 18:00 - mon 09:00).
 */
export type Restriction =
  | { type: 'daily'; start: string; end: string }
  | { type: 'weekly'; start_day: Weekday; start: string; end_day: Weekday; end: string };

/** One configuration of a layer, in force from `effectiveFrom` until the next version's. */
export interface LayerVersionSpec {
  effectiveFrom: number;
  timeZone: string;
  /** The rotation's first handoff: local date and wall-clock time. */
  startDate: string;
  handoffTime: string;
  shiftLength: number;
  shiftUnit: ShiftUnit;
  /** Nobody is on call from this layer from `end` on. */
  end: number | null;
  restrictions: Restriction[];
  /** User ids in rotation order; the same user may appear more than once. */
  participants: string[];
  /** Shift k (0 = the one starting at the first handoff) goes to participants[(k + offset) mod n]. */
  rotationOffset: number;
}

export interface LayerSpec {
  id: string;
  /** Ascending by effectiveFrom. */
  versions: LayerVersionSpec[];
}

export interface OverrideSpec {
  id: string;
  userId: string;
  start: number;
  end: number;
}

export interface TemporaryScheduleSpec {
  id: string;
  start: number;
  end: number;
  shifts: { userId: string; start: number; end: number }[];
}

export interface TimeOffSpec {
  userId: string;
  start: number;
  end: number;
}

export interface ScheduleSpec {
  id: string;
  /** Lowest priority first: a later layer wins wherever it has someone on call. */
  layers: LayerSpec[];
  /** Oldest first: a later override wins where overrides overlap. */
  overrides: OverrideSpec[];
  temporarySchedules: TemporaryScheduleSpec[];
  timeOff: TimeOffSpec[];
  /** Users who can never be on call (deleted accounts): layers skip them like time off. */
  unavailable: string[];
}

export type ShiftSource = 'layer' | 'override' | 'temporary';

export interface Shift {
  userId: string;
  start: number;
  end: number;
  source: ShiftSource;
  /** The layer, override or temporary schedule that put the user on call. */
  sourceId: string;
}

export interface Interval {
  start: number;
  end: number;
}
