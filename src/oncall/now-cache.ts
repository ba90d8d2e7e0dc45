import type { Queryable } from '../platform/db/connect.ts';
import type { Shift } from './core/types.ts';

/** A schedule's shift at some instant, and the name of the user on it. */
export interface OnCallAnswer {
  shift: Shift;
  userName: string | null;
}

/**
 * Who-is-on-call answers this node already computed, per database handle (tests run several
 * apps in one process). An answer is kept with the on-call epoch it was computed under
 * (migration 0018: every write to schedules, layers, versions, overrides, temporary schedules,
 * time off and users (added, renamed, deleted) moves the epoch, in the writer's transaction) and the instants it holds
 * for; a request reads the epoch once, and a changed epoch drops everything, whichever node or
 * writer changed what. Gaps are not kept: they are computed again each time.
 */
export class OnCallNowCache {
  private epoch: number | undefined;
  private readonly shifts = new Map<string, { answer: OnCallAnswer; from: number; to: number }>();

  /** Called with the epoch a request read before reading anything else. */
  sync(epoch: number): void {
    if (epoch === this.epoch) return;
    this.epoch = epoch;
    this.shifts.clear();
  }

  get(scheduleId: string, at: number): OnCallAnswer | undefined {
    const e = this.shifts.get(scheduleId);
    return e !== undefined && e.from <= at && at < e.to ? e.answer : undefined;
  }

  /**
   * Keeps `answer`, its shift computed at `at` under `epoch` with its start and end looked for `reach`
   * either side. A shift clipped by that search is not kept (its true bounds are unknown). One
   * that is not is the answer for every instant whose own search still reaches both its ends;
   * an answer computed under an older epoch than the cache now holds is not kept.
   */
  put(epoch: number, scheduleId: string, at: number, answer: OnCallAnswer, reach: number): void {
    const { shift } = answer;
    if (epoch !== this.epoch || shift.start <= at - reach || shift.end >= at + reach) return;
    const from = Math.max(shift.start, shift.end - reach + 1);
    const to = Math.min(shift.end, shift.start + reach);
    this.shifts.set(scheduleId, { answer, from, to });
  }
}

const caches = new WeakMap<Queryable, OnCallNowCache>();

/** The cache of the app whose database handle this is; none inside a transaction. */
export function onCallNowCache(db: Queryable): OnCallNowCache | undefined {
  if (db.isTransaction) return undefined;
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = new OnCallNowCache();
    caches.set(db, cache);
  }
  return cache;
}
