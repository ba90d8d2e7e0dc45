import type { Queryable } from '../platform/db/connect.ts';
import type { Row } from '../platform/db/tables.ts';
import type { LayerSpec, LayerVersionSpec, Restriction, ScheduleSpec, TimeOffSpec } from './core/types.ts';
import {
  type VersionRotation,
  existingUserIds,
  layerVersionsOf,
  overridesOverlapping,
} from './repository.ts';
import { temporaryOverlapping, timeOffOverlapping } from './repository-plans.ts';
import type { RestrictionInput } from './schemas.ts';

/**
 * Reads what the pure core needs for some schedules over [from, to): layers with all their
 * versions, and the overrides, temporary schedules and time off that touch the period. A few
 * queries for any number of schedules, not a few per schedule.
 */
export function parseRestrictions(json: string): Restriction[] {
  return (JSON.parse(json) as RestrictionInput[]).map((r) =>
    r.type === 'weekly'
      ? {
          type: 'weekly',
          start_day: r.start_day ?? 'mon',
          start: r.start,
          end_day: r.end_day ?? 'mon',
          end: r.end,
        }
      : { type: 'daily', start: r.start, end: r.end },
  );
}

export function parseParticipants(json: string): string[] {
  return JSON.parse(json) as string[];
}

export function versionSpec(row: VersionRotation): LayerVersionSpec {
  return {
    effectiveFrom: row.effective_from,
    timeZone: row.time_zone,
    startDate: row.start_date,
    handoffTime: row.handoff_time,
    shiftLength: row.shift_length,
    shiftUnit: row.shift_unit,
    end: row.end_at,
    restrictions: parseRestrictions(row.restrictions),
    participants: parseParticipants(row.participants),
    rotationOffset: row.rotation_offset,
  };
}

interface PlannedShiftJson {
  user_id: string;
  start_at: number;
  end_at: number;
}

export function parsePlannedShifts(json: string): PlannedShiftJson[] {
  return JSON.parse(json) as PlannedShiftJson[];
}

export async function loadSpecs(
  db: Queryable,
  schedules: Row<'schedules'>[],
  from: number,
  to: number,
): Promise<Map<string, ScheduleSpec>> {
  const ids = schedules.map((s) => s.id);
  const specs = new Map<string, ScheduleSpec>(
    ids.map((id) => [
      id,
      { id, layers: [], overrides: [], temporarySchedules: [], timeOff: [], unavailable: [] },
    ]),
  );
  if (ids.length === 0) return specs;
  // Independent reads go out together: on PostgreSQL their round trips overlap (SQLite runs
  // them one after another as before).
  const [versions, overrides, temporary] = await Promise.all([
    layerVersionsOf(db, ids),
    overridesOverlapping(db, ids, from, to),
    temporaryOverlapping(db, ids, from, to),
  ]);
  const participants = new Set<string>();
  let layer: LayerSpec | undefined;
  // Rows come by schedule, layer position, then effective_from: a layer's versions are adjacent.
  for (const v of versions) {
    const spec = versionSpec(v);
    for (const p of spec.participants) participants.add(p);
    if (layer?.id === v.layer_id) layer.versions.push(spec);
    else {
      layer = { id: v.layer_id, versions: [spec] };
      specs.get(v.schedule_id)?.layers.push(layer);
    }
  }
  for (const o of overrides) {
    specs
      .get(o.schedule_id)
      ?.overrides.push({ id: o.id, userId: o.user_id, start: o.start_at, end: o.end_at });
  }
  for (const t of temporary) {
    specs.get(t.schedule_id)?.temporarySchedules.push({
      id: t.id,
      start: t.start_at,
      end: t.end_at,
      shifts: parsePlannedShifts(t.shifts).map((s) => ({
        userId: s.user_id,
        start: s.start_at,
        end: s.end_at,
      })),
    });
  }
  const users = [...participants];
  const [timeOff, existing] = await Promise.all([
    timeOffOverlapping(db, users, from, to),
    existingUserIds(db, users),
  ]);
  // Deleted users stay in rotations (history is not rewritten) but can never be on call.
  const unavailable = users.filter((u) => !existing.has(u));
  // By person, so each schedule looks up its own participants (a page of 500 schedules shares
  // a few thousand people: filtering all time off once per schedule cost milliseconds).
  const offByUser = new Map<string, TimeOffSpec[]>();
  for (const t of timeOff) {
    const entry = { userId: t.user_id, start: t.start_at, end: t.end_at };
    const list = offByUser.get(t.user_id);
    if (list) list.push(entry);
    else offByUser.set(t.user_id, [entry]);
  }
  for (const spec of specs.values()) {
    const mine = new Set(spec.layers.flatMap((l) => l.versions.flatMap((v) => v.participants)));
    for (const u of mine) {
      const off = offByUser.get(u);
      if (off) spec.timeOff.push(...off);
    }
    spec.unavailable = unavailable.filter((u) => mine.has(u));
  }
  return specs;
}
