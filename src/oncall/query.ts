import type { Ctx } from '../platform/context.ts';
import type { Page, PageQuery } from '../platform/db/paginate.ts';
import type { Row } from '../platform/db/tables.ts';
import { ValidationError } from '../platform/errors.ts';
import { iso } from '../platform/http/schema.ts';
import { compileSchedule, complement, shiftAt, shifts } from './core/schedule.ts';
import type { Shift } from './core/types.ts';
import { DAY } from './core/zone.ts';
import { namesOf, requireSchedule } from './get.ts';
import { loadSpecs } from './load.ts';
import { presentShift } from './presenter.ts';
import { type OnCallAnswer, onCallNowCache } from './now-cache.ts';
import { type ScheduleFilter, listSchedules, onCallEpoch } from './repository.ts';
import type { OnCallEntryView, ShiftsView } from './schemas.ts';
import { instant } from './validate.ts';

/** Longest period one request may compute, so a careless query cannot pin a CPU. */
export const MAX_PERIOD_DAYS = 366;
// How far around `at` the on-call answer looks for the start and end of the current shift.
const SHIFT_SEARCH = 31 * DAY;
// The period whose overrides and time off are read first: a weekly shift fits in it whole, so
// only schedules with a longer shift (or one clipped at this reach) read the full search.
const FIRST_READ = 8 * DAY;

/** `at` names where the period was given (`querystring.` or `body.`), for the error's field. */
export function queryPeriod(from: string, to: string, at = 'querystring.'): { from: number; to: number } {
  const f = instant(`${at}from`, from);
  const t = instant(`${at}to`, to);
  if (!(t > f)) throw new ValidationError(`${at}to: must be after from`);
  if (t - f > MAX_PERIOD_DAYS * DAY) {
    throw new ValidationError(`${at}to: at most ${MAX_PERIOD_DAYS} days after from`);
  }
  return { from: f, to: t };
}

/** Shifts of several schedules over [from, to), computed in one pass over the database. */
export async function shiftsOf(
  ctx: Ctx,
  schedules: Row<'schedules'>[],
  from: number,
  to: number,
): Promise<Map<string, Shift[]>> {
  const specs = await loadSpecs(ctx.db, schedules, from, to);
  return new Map([...specs].map(([id, spec]) => [id, shifts(compileSchedule(spec), from, to)]));
}

export async function scheduleShifts(
  ctx: Ctx,
  input: { id: string; from: string; to: string },
): Promise<ShiftsView> {
  const { from, to } = queryPeriod(input.from, input.to);
  const schedule = await requireSchedule(ctx.db, input.id);
  const list = (await shiftsOf(ctx, [schedule], from, to)).get(schedule.id) ?? [];
  const names = await namesOf(
    ctx.db,
    list.map((s) => s.userId),
  );
  return {
    schedule_id: schedule.id,
    from: iso(from),
    to: iso(to),
    data: list.map((s) => presentShift(s, names)),
    gaps: complement(list, from, to).map((g) => ({ start: iso(g.start), end: iso(g.end) })),
  };
}

export async function scheduleGaps(ctx: Ctx, input: { id: string; days?: number | undefined }) {
  const schedule = await requireSchedule(ctx.db, input.id);
  const from = ctx.clock.now();
  const to = from + (input.days ?? 14) * DAY;
  const list = (await shiftsOf(ctx, [schedule], from, to)).get(schedule.id) ?? [];
  return {
    schedule_id: schedule.id,
    from: iso(from),
    to: iso(to),
    data: complement(list, from, to).map((g) => ({ start: iso(g.start), end: iso(g.end) })),
  };
}

/**
 * The shift in force at `at` on each schedule, its start and end looked for up to SHIFT_SEARCH
 * either side (the answer of computing all of that, which cost 100+ ms per page): first with
 * what touches FIRST_READ around `at`, then, for the schedules whose shift reaches that far,
 * with what touches the whole search. Three to six queries per round, not per schedule.
 */
async function currentShifts(
  ctx: Ctx,
  schedules: Row<'schedules'>[],
  at: number,
): Promise<Map<string, Shift | undefined>> {
  const out = new Map<string, Shift | undefined>();
  let todo = schedules;
  for (const reach of [FIRST_READ, SHIFT_SEARCH]) {
    if (todo.length === 0) break;
    const specs = await loadSpecs(ctx.db, todo, at - reach, at + reach);
    const further: Row<'schedules'>[] = [];
    for (const s of todo) {
      const spec = specs.get(s.id);
      const shift = spec && shiftAt(spec, at, reach);
      const clipped = shift !== undefined && (shift.start <= at - reach || shift.end >= at + reach);
      if (clipped && reach < SHIFT_SEARCH) further.push(s);
      else out.set(s.id, shift);
    }
    todo = further;
  }
  return out;
}

/**
 * Each schedule's shift at `at` with the name of the user on it: from this node's cache where
 * the on-call epoch says nothing changed (now-cache.ts), computed for the rest. The epoch is
 * read before any schedule data, so a kept answer is never newer than the epoch it is kept under.
 */
async function answersAt(
  ctx: Ctx,
  pageOf: () => Promise<Page<Row<'schedules'>>>,
  at: number,
): Promise<{ page: Page<Row<'schedules'>>; answers: Map<string, OnCallAnswer> }> {
  const cache = onCallNowCache(ctx.db);
  const [page, epoch] = await Promise.all([pageOf(), cache ? onCallEpoch(ctx.db) : undefined]);
  const answers = new Map<string, OnCallAnswer>();
  let todo = page.data;
  if (cache && epoch !== undefined) {
    cache.sync(epoch);
    todo = todo.filter((s) => {
      const hit = cache.get(s.id, at);
      if (hit) answers.set(s.id, hit);
      return hit === undefined;
    });
  }
  if (todo.length === 0) return { page, answers };
  const shifts = await currentShifts(ctx, todo, at);
  const names = await namesOf(
    ctx.db,
    [...shifts.values()].flatMap((s) => (s ? [s.userId] : [])),
  );
  for (const [id, shift] of shifts) {
    if (shift === undefined) continue;
    const answer = { shift, userName: names.get(shift.userId) ?? null };
    answers.set(id, answer);
    if (epoch !== undefined) cache?.put(epoch, id, at, answer, SHIFT_SEARCH);
  }
  return { page, answers };
}

/** Who is on call at `at` (default now) on every schedule, a page of schedules at a time. */
export async function onCallNow(
  ctx: Ctx,
  input: { at?: string | undefined; filter: ScheduleFilter; page: PageQuery },
) {
  const at = input.at === undefined ? ctx.clock.now() : instant('querystring.at', input.at);
  const { page, answers } = await answersAt(ctx, () => listSchedules(ctx.db, input.filter, input.page), at);
  const data: OnCallEntryView[] = page.data.map((s) => {
    const a = answers.get(s.id);
    return {
      schedule_id: s.id,
      schedule_name: s.name,
      team_id: s.team_id,
      user_id: a?.shift.userId ?? null,
      user_name: a?.userName ?? null,
      source: a?.shift.source ?? null,
      source_id: a?.shift.sourceId ?? null,
      shift_start: a ? iso(a.shift.start) : null,
      shift_end: a ? iso(a.shift.end) : null,
    };
  });
  return { at: iso(at), data, next_cursor: page.next_cursor };
}
