import type { Ctx } from '../platform/context.ts';
import { readingAs } from './repository.ts';
import { iso } from '../platform/http/schema.ts';
import type { Interval } from '../oncall/core/types.ts';
import { shiftsOf } from '../oncall/query.ts';
import { pageCounts, pagesByWeek, peopleOf, schedulesOf } from './repository-people.ts';
import type { OnCallHealthAnswer, OnCallHealthQuery } from './schemas.ts';
import { WEEK, resolveScope, weekStart } from './scope.ts';

/** More sleep-hour pages a week than this flags a person (a query or a digest may set another). */
export const NIGHT_PAGES_PER_WEEK = 2;

const HOUR = 3_600_000;
const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;

/** The length of the union of intervals: two schedules at once are one hour on call, not two. */
export function coveredLength(intervals: Interval[]): number {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  let total = 0;
  let end = -Infinity;
  for (const { start, end: e } of sorted) {
    if (e <= end) continue;
    total += e - Math.max(start, end);
    end = e;
  }
  return total;
}

/**
 * On-call load per person (SPEC §6): pages in business hours, after hours and sleep hours in
 * their own time zone, weekend pages, nights broken, hours on call from the computed schedules,
 * and their share of the pages. Someone paged in their sleep more often than the threshold a
 * week is flagged, for the team's managers (the weekly digest names them).
 */
export function onCallHealth({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: OnCallHealthQuery;
}): Promise<OnCallHealthAnswer> {
  return readingAs(ctx, (ctx) => onCallHealthIn(ctx, input));
}

async function onCallHealthIn(ctx: Ctx, input: OnCallHealthQuery): Promise<OnCallHealthAnswer> {
  const scope = await resolveScope(ctx, input);
  const threshold = input.night_pages_per_week ?? NIGHT_PAGES_PER_WEEK;
  const people = await peopleOf(ctx.db, scope);
  const ids = people.map((p) => p.id);
  const counts = new Map((await pageCounts(ctx.db, scope, ids)).map((c) => [c.user_id, c]));
  const onCall = new Map<string, Interval[]>();
  const schedules = await schedulesOf(ctx.db, scope);
  for (const shifts of (await shiftsOf(ctx, schedules, scope.from, scope.to)).values()) {
    for (const s of shifts) {
      const list = onCall.get(s.userId) ?? [];
      list.push(s);
      onCall.set(s.userId, list);
    }
  }
  const weeks = (scope.to - scope.from) / WEEK;
  let total = 0;
  for (const c of counts.values()) total += c.pages;
  const rows = people.map((p) => {
    const c = counts.get(p.id);
    const pages = c?.pages ?? 0;
    const nightPerWeek = (c?.sleep ?? 0) / weeks;
    return {
      user_id: p.id,
      name: p.name,
      time_zone: p.time_zone,
      pages,
      pages_per_week: round(pages / weeks),
      business_hours: c?.business ?? 0,
      after_hours: c?.after ?? 0,
      sleep_hours: c?.sleep ?? 0,
      weekend: c?.weekend ?? 0,
      nights_interrupted: c?.nights ?? 0,
      night_pages_per_week: round(nightPerWeek),
      hours_on_call: round(coveredLength(onCall.get(p.id) ?? []) / HOUR),
      share_of_pages: total === 0 ? 0 : round(pages / total, 4),
      flagged: nightPerWeek > threshold,
    };
  });
  // The rotation: who was on call or paged. Max share over an even share.
  const participants = rows.filter((r) => r.pages > 0 || r.hours_on_call > 0);
  const maxShare = Math.max(0, ...participants.map((r) => r.pages / (total || 1)));
  const weekly = new Map<number, OnCallHealthAnswer['weekly'][number]>();
  for (let w = weekStart(scope.from); w < scope.to; w += WEEK) {
    weekly.set(w, { week_start: iso(w), business_hours: 0, after_hours: 0, sleep_hours: 0 });
  }
  for (const r of await pagesByWeek(ctx.db, scope, ids)) {
    const week = weekly.get(r.week);
    if (week === undefined) continue;
    if (r.day_part === 'business') week.business_hours += r.n;
    else if (r.day_part === 'sleep') week.sleep_hours += r.n;
    else week.after_hours += r.n;
  }
  return {
    period: { from: iso(scope.from), to: iso(scope.to) },
    weeks: round(weeks, 4),
    night_pages_per_week_threshold: threshold,
    people: rows,
    imbalance: total === 0 || participants.length === 0 ? null : round(maxShare * participants.length),
    weekly: [...weekly.values()],
  };
}
