import type { Queryable } from '../platform/db/connect.ts';
import { NotFoundError } from '../platform/errors.ts';
import { iso } from '../platform/http/schema.ts';
import { DAY, HOUR, burnRate, hourOf } from './burn.ts';
import { findSlo, hourBuckets } from './repository.ts';

/**
 * The SLO page's chart: one point per hour over the window, each with that hour's error ratio
 * and burn rate, and the budget left over the rolling window ending with that hour (so the line
 * shows the budget as it stood then, errors leaving the window giving budget back).
 */
export async function sloChart(db: Queryable, id: string, now: number) {
  const slo = await findSlo(db, id);
  if (slo === undefined) throw NotFoundError.of('SLO', id);
  const objective = Number(slo.objective);
  const window = slo.window_days * DAY;
  const end = hourOf(now) + HOUR;
  const first = end - window;
  const rows = await hourBuckets(db, id, first - window, end);
  const byHour = new Map(rows.map((r) => [r.at, r]));
  // Running sums over the last `window` of hours, moved one hour at a time.
  let good = 0;
  let total = 0;
  const hours = window / HOUR;
  const at = (h: number) => byHour.get(h) ?? { good: 0, total: 0 };
  for (let h = first - window; h < first; h += HOUR) {
    good += at(h).good;
    total += at(h).total;
  }
  const points = [];
  for (let h = first; h < end; h += HOUR) {
    const b = at(h);
    good += b.good;
    total += b.total;
    const leaving = at(h - hours * HOUR);
    good -= leaving.good;
    total -= leaving.total;
    const hourRate = burnRate(b, objective);
    const windowRate = burnRate({ good, total }, objective);
    points.push({
      at: iso(h),
      good: b.good / 1000,
      total: b.total / 1000,
      error_ratio: hourRate === null ? null : round(hourRate * (1 - objective)),
      burn_rate: round(hourRate),
      budget_remaining: windowRate === null ? null : round(1 - windowRate),
    });
  }
  return { objective, window_days: slo.window_days, points };
}

const round = (n: number | null) => (n === null ? null : Number(n.toPrecision(6)));
