import { createHash } from 'node:crypto';
import type { Row } from '../platform/db/tables.ts';
import { iso } from '../platform/http/schema.ts';
import type { Shift } from './core/types.ts';
import { parseParticipants, parsePlannedShifts } from './load.ts';
import type { CalendarFeedView, SwapView, TemporaryView, TimeOffView } from './schemas-plans.ts';
import type {
  LayerVersionView,
  LayerView,
  OverrideView,
  RestrictionInput,
  ScheduleView,
  ShiftView,
} from './schemas.ts';

export type Names = Map<string, string>;

export function presentVersion(row: Row<'schedule_layer_versions'>): LayerVersionView {
  return {
    effective_from: iso(row.effective_from),
    time_zone: row.time_zone,
    start_date: row.start_date,
    handoff_time: row.handoff_time,
    shift_length: row.shift_length,
    shift_unit: row.shift_unit,
    end: iso(row.end_at),
    restrictions: JSON.parse(row.restrictions) as RestrictionInput[],
    participants: parseParticipants(row.participants),
  };
}

/**
 * The layer as configured at `now` (the first version when all are still to come), with every
 * version listed so past and planned changes stay visible.
 */
export function presentLayer(
  row: Row<'schedule_layers'>,
  versions: Row<'schedule_layer_versions'>[],
  names: Names,
  now: number,
): LayerView {
  const current = versions.filter((v) => v.effective_from <= now).at(-1) ?? versions[0];
  if (current === undefined) throw new Error(`layer ${row.id} has no versions`);
  const v = presentVersion(current);
  return {
    id: row.id,
    schedule_id: row.schedule_id,
    name: row.name,
    order: row.position,
    ...v,
    participants: v.participants.map((id) => ({ user_id: id, name: names.get(id) ?? null })),
    versions: versions.map(presentVersion),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export function presentSchedule(row: Row<'schedules'>, layers: LayerView[]): ScheduleView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    team_id: row.team_id,
    time_zone: row.time_zone,
    layers,
    revision: revisionOf(row, layers),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export function presentOverride(row: Row<'schedule_overrides'>, names: Names): OverrideView {
  return {
    id: row.id,
    schedule_id: row.schedule_id,
    user_id: row.user_id,
    user_name: names.get(row.user_id) ?? row.user_id,
    start: iso(row.start_at),
    end: iso(row.end_at),
    swap_id: row.swap_id,
    created_by: row.created_by,
    created_at: iso(row.created_at),
  };
}

export function presentShift(s: Shift, names: Names): ShiftView {
  return {
    user_id: s.userId,
    user_name: names.get(s.userId) ?? null,
    start: iso(s.start),
    end: iso(s.end),
    source: s.source,
    source_id: s.sourceId,
  };
}

export function presentTimeOff(row: Row<'time_off'>): TimeOffView {
  return {
    id: row.id,
    user_id: row.user_id,
    start: iso(row.start_at),
    end: iso(row.end_at),
    reason: row.reason,
    created_at: iso(row.created_at),
  };
}

export function presentSwap(row: Row<'schedule_swaps'>, overrideIds: string[]): SwapView {
  return {
    id: row.id,
    schedule_id: row.schedule_id,
    requester_id: row.requester_id,
    to_user_id: row.to_user_id,
    accepted_by: row.accepted_by,
    start: iso(row.start_at),
    end: iso(row.end_at),
    status: row.status,
    note: row.note,
    override_ids: overrideIds,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export function presentTemporary(row: Row<'schedule_temporary'>, names: Names): TemporaryView {
  return {
    id: row.id,
    schedule_id: row.schedule_id,
    name: row.name,
    start: iso(row.start_at),
    end: iso(row.end_at),
    shifts: parsePlannedShifts(row.shifts).map((s) => ({
      user_id: s.user_id,
      user_name: names.get(s.user_id) ?? null,
      start: iso(s.start_at),
      end: iso(s.end_at),
    })),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

/** Never includes the token or its hash. */
export function presentFeed(row: Row<'calendar_feeds'>): CalendarFeedView {
  return {
    id: row.id,
    kind: row.kind,
    schedule_id: row.schedule_id,
    user_id: row.user_id,
    owner_id: row.owner_id,
    token_prefix: row.token_prefix,
    created_at: iso(row.created_at),
    revoked_at: iso(row.revoked_at),
  };
}

/**
 * A digest of everything a schedule save replaces: the schedule's row and each layer's name,
 * order and every version (not the fields derived from the clock, which change by themselves).
 * Any write to the schedule, a layer or a version changes it, whichever endpoint made it, and a
 * deleted or added layer does too; so PUT can tell a stale editor from a current one.
 */
function revisionOf(row: Row<'schedules'>, layers: LayerView[]): string {
  const stable = {
    schedule: [row.name, row.description, row.team_id, row.time_zone, row.updated_at],
    layers: layers.map((l) => [l.id, l.name, l.order, l.updated_at, l.versions]),
  };
  return createHash('sha256').update(JSON.stringify(stable)).digest('base64url').slice(0, 22);
}
