import { type Availability, type CompiledLayer, compileLayer, layerShifts } from './layer.ts';
import type { Interval, OverrideSpec, ScheduleSpec, Shift, TemporaryScheduleSpec } from './types.ts';

/**
 * The final schedule, computed (never stored): layers from lowest to highest, each winning
 * where it has someone; a temporary schedule replaces all layers for its period; overrides
 * replace whoever is on call (a later override wins over an earlier one). Everything here is a
 * pure function of its arguments: no I/O, no clock.
 */
export interface CompiledSchedule {
  readonly compiled: true;
  id: string;
  layers: CompiledLayer[];
  overrides: OverrideSpec[];
  temporarySchedules: TemporaryScheduleSpec[];
  availability: Availability;
}

export type ScheduleInput = ScheduleSpec | CompiledSchedule;

function mergeIntervals(list: Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else if (i.start < i.end) out.push({ start: i.start, end: i.end });
  }
  return out;
}

/** Precomputes what does not depend on the queried period; pass the result to the functions below. */
export function compileSchedule(spec: ScheduleSpec): CompiledSchedule {
  const byUser = new Map<string, Interval[]>();
  for (const t of spec.timeOff) {
    const list = byUser.get(t.userId);
    if (list) list.push({ start: t.start, end: t.end });
    else byUser.set(t.userId, [{ start: t.start, end: t.end }]);
  }
  for (const [user, list] of byUser) if (list.length > 1) byUser.set(user, mergeIntervals(list));
  return {
    compiled: true,
    id: spec.id,
    layers: spec.layers.map(compileLayer),
    overrides: spec.overrides.filter((o) => o.start < o.end),
    temporarySchedules: spec.temporarySchedules.filter((t) => t.start < t.end),
    availability: { off: byUser, unavailable: new Set(spec.unavailable) },
  };
}

function compiled(s: ScheduleInput): CompiledSchedule {
  return 'compiled' in s ? s : compileSchedule(s);
}

/** A claim on time by one track: someone on call, or nobody (which still hides lower tracks). */
type Claim = Shift | { start: number; end: number; userId: null };

function temporaryTrack(temps: TemporaryScheduleSpec[], from: number, to: number): Claim[] {
  const claims: Claim[] = [];
  for (const tmp of temps) {
    const ps = Math.max(from, tmp.start);
    const pe = Math.min(to, tmp.end);
    if (ps >= pe) continue;
    // The period hides the layers even where the plan has nobody: that is a gap, reported as one.
    const planned = tmp.shifts
      .map((s) => ({ userId: s.userId, start: Math.max(s.start, ps), end: Math.min(s.end, pe) }))
      .filter((s) => s.start < s.end)
      .sort((a, b) => a.start - b.start);
    let cursor = ps;
    for (const s of planned) {
      const start = Math.max(s.start, cursor);
      if (start > cursor) claims.push({ start: cursor, end: start, userId: null });
      if (start < s.end) {
        claims.push({ userId: s.userId, start, end: s.end, source: 'temporary', sourceId: tmp.id });
        cursor = s.end;
      }
    }
    if (cursor < pe) claims.push({ start: cursor, end: pe, userId: null });
  }
  return claims.sort((a, b) => a.start - b.start);
}

function overrideTrack(o: OverrideSpec, from: number, to: number): Claim[] | undefined {
  const start = Math.max(from, o.start);
  const end = Math.min(to, o.end);
  return start < end ? [{ userId: o.userId, start, end, source: 'override', sourceId: o.id }] : undefined;
}

/**
 * Stacks tracks (lowest priority first; each sorted and internally disjoint), keeps for every
 * instant the claim of the highest track that has one, and joins adjacent pieces of the same
 * user from the same source into one shift.
 */
function overlay(tracks: Claim[][]): Shift[] {
  let total = 0;
  for (const t of tracks) total += t.length;
  const points = new Float64Array(total * 2);
  let np = 0;
  for (const t of tracks)
    for (const c of t) {
      points[np++] = c.start;
      points[np++] = c.end;
    }
  points.sort();
  const pos = new Int32Array(tracks.length);
  const out: Shift[] = [];
  for (let p = 0; p < np - 1; p++) {
    const x = points[p]!;
    const y = points[p + 1]!;
    if (x === y) continue;
    for (let ti = tracks.length - 1; ti >= 0; ti--) {
      const track = tracks[ti]!;
      let i = pos[ti]!;
      while (i < track.length && track[i]!.end <= x) i++;
      pos[ti] = i;
      const c = track[i];
      if (c === undefined || c.start > x) continue;
      if (c.userId !== null) {
        const last = out[out.length - 1];
        if (
          last !== undefined &&
          last.end === x &&
          last.userId === c.userId &&
          last.source === c.source &&
          last.sourceId === c.sourceId
        )
          last.end = y;
        else out.push({ userId: c.userId, start: x, end: y, source: c.source, sourceId: c.sourceId });
      }
      break;
    }
  }
  return out;
}

/**
 * Who is on call in [from, to), in time order, clipped to the period. Adjacent pieces with the
 * same user and the same source (layer, override or temporary schedule) are one shift.
 */
export function shifts(schedule: ScheduleInput, from: number, to: number): Shift[] {
  const s = compiled(schedule);
  if (!(from < to)) return [];
  const tracks: Claim[][] = [];
  for (const layer of s.layers) tracks.push(layerShifts(layer, from, to, s.availability));
  if (s.temporarySchedules.length > 0) tracks.push(temporaryTrack(s.temporarySchedules, from, to));
  const overrides: Claim[][] = [];
  for (const o of s.overrides) {
    const t = overrideTrack(o, from, to);
    if (t !== undefined) overrides.push(t);
  }
  // Overrides are resolved among themselves first, so the main stacking scans one track for
  // them instead of one per override.
  if (overrides.length > 0) tracks.push(overrides.length === 1 ? overrides[0]! : overlay(overrides));
  return overlay(tracks);
}

/** The first window `shiftAt` looks in, either side of the instant; each widening multiplies it by 4. */
const NEAR = 24 * 3_600_000;

/**
 * The shift in force at `at` (undefined: a gap), exactly as `shifts(schedule, at - reach,
 * at + reach)` has it: a shift running past `reach` is clipped there. Computing all of that
 * window for every schedule is what made who-is-on-call slow, so this looks a day either side
 * first and widens only a side where the shift touches the window's edge (a clipped shift may
 * go on): most shifts are settled by a day or two of computation, not 2 x reach.
 */
export function shiftAt(schedule: ScheduleInput, at: number, reach: number): Shift | undefined {
  const s = compiled(schedule);
  let back = Math.min(NEAR, reach);
  let ahead = Math.min(NEAR, reach);
  for (;;) {
    const from = at - back;
    const to = at + ahead;
    const shift = shifts(s, from, to).find((x) => x.start <= at && at < x.end);
    if (shift === undefined) return undefined;
    const wider = shift.start === from && back < reach;
    const further = shift.end === to && ahead < reach;
    if (!wider && !further) return shift;
    if (wider) back = Math.min(back * 4, reach);
    if (further) ahead = Math.min(ahead * 4, reach);
  }
}

export type OnCall = Omit<Shift, 'start' | 'end'>;

const onCall = (s: Shift): OnCall => ({ userId: s.userId, source: s.source, sourceId: s.sourceId });

/**
 * Who is on call at instant t (null: nobody, a gap), and through which layer, override or plan.
 * The same stacking as `shifts` looked at in [t, t + 1 ms), top down, stopping at the first
 * track with a claim; the tests check the two never disagree.
 */
export function onCallAt(schedule: ScheduleInput, t: number): OnCall | null {
  const s = compiled(schedule);
  for (let i = s.overrides.length - 1; i >= 0; i--) {
    const o = s.overrides[i]!;
    if (o.start <= t && t < o.end) return { userId: o.userId, source: 'override', sourceId: o.id };
  }
  if (s.temporarySchedules.length > 0) {
    const claim = temporaryTrack(s.temporarySchedules, t, t + 1)[0];
    if (claim !== undefined) return claim.userId === null ? null : onCall(claim);
  }
  for (let i = s.layers.length - 1; i >= 0; i--) {
    const hit = layerShifts(s.layers[i]!, t, t + 1, s.availability)[0];
    if (hit !== undefined) return onCall(hit);
  }
  return null;
}

/** The parts of [from, to) where nobody is on call. */
export function coverageGaps(schedule: ScheduleInput, from: number, to: number): Interval[] {
  return complement(shifts(schedule, from, to), from, to);
}

export function complement(covered: Interval[], from: number, to: number): Interval[] {
  const gaps: Interval[] = [];
  let cursor = from;
  for (const c of covered) {
    if (c.start > cursor) gaps.push({ start: cursor, end: c.start });
    cursor = Math.max(cursor, c.end);
  }
  if (cursor < to) gaps.push({ start: cursor, end: to });
  return gaps;
}
