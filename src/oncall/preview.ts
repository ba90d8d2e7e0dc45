import type { Ctx } from '../platform/context.ts';
import { ValidationError } from '../platform/errors.ts';
import { iso } from '../platform/http/schema.ts';
import { continuityOffset } from './core/layer.ts';
import { compileSchedule, complement, shifts } from './core/schedule.ts';
import type { LayerSpec, LayerVersionSpec, ScheduleSpec } from './core/types.ts';
import { namesOf, requireSchedule } from './get.ts';
import { checkVersionConfig } from './layer-create.ts';
import { loadSpecs, versionSpec } from './load.ts';
import { presentShift } from './presenter.ts';
import { queryPeriod } from './query.ts';
import { usersByIds } from './repository.ts';
import { timeOffOverlapping } from './repository-plans.ts';
import type { PreviewInput, PreviewLayer, PreviewShiftsView } from './schemas-preview.ts';
import { assertTeamExists, assertTimeZone, instant, restrictionsFromInput } from './validate.ts';

/**
 * The shifts a schedule would have if its layers were saved as given, without saving anything:
 * the editor's live preview. It runs the same checks and the same rules as saving (a changed
 * layer gets a new version from now that carries the rotation on, a new layer applies from now,
 * an unchanged layer keeps its history), then the same pure core as GET .../shifts, so what the
 * editor shows is what the schedule will have once saved.
 */
export async function previewSchedule(ctx: Ctx, input: PreviewInput): Promise<PreviewShiftsView> {
  const asked = queryPeriod(input.from, input.to, 'body.');
  const now = ctx.clock.now();
  // Saving changes nothing before now, so the preview starts there at the earliest (a new layer
  // would otherwise show a gap between `from` and the moment it applies).
  const from = Math.min(Math.max(asked.from, now), asked.to);
  const to = asked.to;
  const existing =
    input.schedule_id === undefined ? undefined : await requireSchedule(ctx.db, input.schedule_id);
  const teamId = input.team_id ?? existing?.team_id;
  if (teamId === undefined) throw new ValidationError('team_id: required without schedule_id');
  if (teamId !== existing?.team_id) await assertTeamExists(ctx, teamId);
  // With schedule_id, a team or zone given is the one the edit moves the schedule to.
  const zone = input.time_zone ?? existing?.time_zone ?? 'UTC';
  assertTimeZone('time_zone', zone);
  const base: ScheduleSpec = existing
    ? (await loadSpecs(ctx.db, [existing], from, to)).get(existing.id)!
    : { id: 'preview', layers: [], overrides: [], temporarySchedules: [], timeOff: [], unavailable: [] };
  const current = new Map(base.layers.map((l) => [l.id, l]));

  // Layers without an order go after the highest given one, in list order (as on create).
  let next = Math.max(0, ...input.layers.flatMap((l) => (l.order === undefined ? [] : [l.order])));
  const ranked: { order: number; layer: LayerSpec }[] = [];
  for (const [i, l] of input.layers.entries()) {
    const prefix = `layers.${i}.`;
    const old = l.id === undefined ? undefined : current.get(l.id);
    if (l.id !== undefined && old === undefined)
      throw new ValidationError(`${prefix}id: no layer ${JSON.stringify(l.id)} on this schedule`);
    const layer = await proposedLayer(ctx, { teamId, zone, now, prefix, id: l.id ?? `new:${i}` }, l, old);
    ranked.push({ order: l.order ?? ++next, layer });
  }
  const orders = new Map<number, number>();
  ranked.forEach((r, i) => {
    const first = orders.get(r.order);
    if (first !== undefined)
      throw new ValidationError(`layers.${i}.order: layers.${first} already has order ${r.order}`);
    orders.set(r.order, i);
  });
  const layers = ranked.sort((a, b) => a.order - b.order).map((r) => r.layer);

  // Time off and deleted users of the proposed participants, who may not be on the schedule yet.
  const people = [...new Set(layers.flatMap((l) => l.versions.flatMap((v) => v.participants)))];
  const known = new Set((await usersByIds(ctx.db, people)).map((u) => u.id));
  const spec: ScheduleSpec = {
    ...base,
    layers,
    timeOff: (await timeOffOverlapping(ctx.db, people, from, to)).map((t) => ({
      userId: t.user_id,
      start: t.start_at,
      end: t.end_at,
    })),
    unavailable: people.filter((p) => !known.has(p)),
  };
  const list = shifts(compileSchedule(spec), from, to);
  const names = await namesOf(
    ctx.db,
    list.map((s) => s.userId),
  );
  return {
    schedule_id: existing?.id ?? null,
    from: iso(from),
    to: iso(to),
    data: list.map((s) => presentShift(s, names)),
    gaps: complement(list, from, to).map((g) => ({ start: iso(g.start), end: iso(g.end) })),
  };
}

/** One layer's versions as saving `l` would leave them (layer-create.ts, layer-update.ts). */
async function proposedLayer(
  ctx: Ctx,
  at: ProposalPlace,
  l: PreviewLayer,
  old: LayerSpec | undefined,
): Promise<LayerSpec> {
  const versions = [...(old?.versions ?? [])].sort((a, b) => a.effectiveFrom - b.effectiveFrom);
  const { proposed, previous, unchanged } = await proposedVersion(ctx, at, l, versions);
  if (previous === undefined) return { id: at.id, versions: [proposed] };
  // The editor saves only the layers it changed: an unchanged one keeps its versions.
  if (unchanged) return { id: at.id, versions };
  proposed.rotationOffset = continuityOffset(previous, proposed, at.now);
  return { id: at.id, versions: [...versions.filter((v) => v.effectiveFrom < at.now), proposed] };
}

/** Where a proposed layer sits: its schedule's team and zone, the save moment, its place in the body. */
export interface ProposalPlace {
  teamId: string;
  zone: string;
  now: number;
  prefix: string;
  id: string;
}

/**
 * The version saving `l` from `at.now` would add, checked as saving checks it, and whether it
 * changes nothing (PUT /schedules/:id then keeps the layer's versions as they are).
 */
export async function proposedVersion(
  ctx: Ctx,
  at: ProposalPlace,
  l: PreviewLayer,
  versions: LayerVersionSpec[],
): Promise<{ proposed: LayerVersionSpec; previous: LayerVersionSpec | undefined; unchanged: boolean }> {
  const previous = versions.filter((v) => v.effectiveFrom < at.now).at(-1) ?? versions[0];
  const config = await checkVersionConfig(
    ctx,
    { team_id: at.teamId },
    {
      time_zone: l.time_zone ?? previous?.timeZone ?? at.zone,
      start_date: l.start_date,
      handoff_time: l.handoff_time ?? previous?.handoffTime ?? '09:00',
      shift_length: l.shift_length,
      shift_unit: l.shift_unit,
      end_at:
        l.end === undefined
          ? (previous?.end ?? null)
          : l.end === null
            ? null
            : instant(`${at.prefix}end`, l.end),
      restrictions: l.restrictions ?? previous?.restrictions ?? [],
      participants: l.participants,
    },
    at.prefix,
    new Set(previous?.participants ?? []),
  );
  const proposed: LayerVersionSpec = versionSpec({
    effective_from: at.now,
    ...config,
    participants: JSON.stringify(config.participants),
    rotation_offset: 0,
  });
  return { proposed, previous, unchanged: previous !== undefined && sameSettings(previous, proposed) };
}

function sameSettings(a: LayerVersionSpec, b: LayerVersionSpec): boolean {
  const settings = (v: LayerVersionSpec) =>
    JSON.stringify([
      v.timeZone,
      v.startDate,
      v.handoffTime,
      v.shiftLength,
      v.shiftUnit,
      v.end,
      restrictionsFromInput('', v.restrictions),
      v.participants,
    ]);
  return settings(a) === settings(b);
}
