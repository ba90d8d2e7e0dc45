import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { Row } from '../platform/db/tables.ts';
import { ConflictError, ValidationError } from '../platform/errors.ts';
import { requireTeamManager } from '../teams/access.ts';
import { requireScheduleManager } from './access.ts';
import { getSchedule, requireSchedule } from './get.ts';
import { addLayer, duplicateLayerName } from './layer-create.ts';
import { addVersion, type ConfigChanges } from './layer-update.ts';
import { versionSpec } from './load.ts';
import { proposedVersion } from './preview.ts';
import {
  deleteLayerRow,
  findScheduleById,
  layersOf,
  lockScheduleRow,
  updateLayerRow,
  versionsOf,
} from './repository.ts';
import type { ScheduleView } from './schemas.ts';
import type { PreviewLayer, ReplaceScheduleInput } from './schemas-preview.ts';
import { schedulePatch, saveSchedulePatch } from './update.ts';
import { assertTimeZone, instant } from './validate.ts';

/**
 * Saves a schedule as the editor has it, all of it or nothing, with one audit record: name, team,
 * time zone, and every layer (a layer left out is deleted). The rules are the preview's
 * (preview.ts), so what the editor showed is what is saved: a changed layer gets a new version
 * from now on that carries its rotation on, an unchanged one keeps its versions, a new one applies
 * from now.
 */
export async function replaceSchedule({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & ReplaceScheduleInput;
}): Promise<ScheduleView> {
  await requireScheduleManager(ctx, input.id);
  const current = await findScheduleById(ctx.db, input.id);
  // Moving it to another team needs a say on that team too.
  if (input.team_id !== undefined && input.team_id !== current?.team_id)
    await requireTeamManager(ctx, input.team_id, 'schedules');
  if (input.time_zone !== undefined) assertTimeZone('time_zone', input.time_zone);
  const orders = ordersOf(input.layers);
  assertDistinctIds(input.layers);
  return inTransaction(ctx, async (ctx) => {
    if (ctx.dialect === 'postgres') await lockScheduleRow(ctx.db, input.id);
    const before = await getSchedule(ctx, input.id);
    // An editor opened before someone else's save would delete or overwrite what they saved.
    if (input.if_revision !== undefined && input.if_revision !== before.revision) {
      throw new ConflictError(
        `schedule ${JSON.stringify(before.name)} was changed by someone else since you opened it; ` +
          'reload it to see their changes, then make yours again',
      );
    }
    const previous = await requireSchedule(ctx.db, input.id);
    const row = await patchSchedule(ctx, previous, input);
    const zoneMoved = row.time_zone !== previous.time_zone;
    const now = ctx.clock.now();
    const layers = await layersOf(ctx.db, [row.id]);
    const byId = new Map(layers.map((l) => [l.id, l]));
    input.layers.forEach((l, i) => {
      if (l.id !== undefined && !byId.has(l.id))
        throw new ValidationError(`layers.${i}.id: no layer ${JSON.stringify(l.id)} on this schedule`);
    });
    const names = namesOf(input.layers, orders, byId);
    const kept = new Set(input.layers.map((l) => l.id));
    // Deleted first and the kept ones moved aside, so orders can be exchanged under the unique
    // (schedule, position) without a layer ever meeting another's old place.
    for (const l of layers) if (!kept.has(l.id)) await deleteLayerRow(ctx.db, l.id);
    for (const [i, l] of input.layers.entries())
      if (l.id !== undefined) await updateLayerRow(ctx.db, l.id, { position: -(i + 1) });
    const versions = await versionsOf(
      ctx.db,
      input.layers.flatMap((l) => (l.id === undefined ? [] : [l.id])),
    );
    for (const [i, l] of input.layers.entries()) {
      const layer = l.id === undefined ? undefined : byId.get(l.id);
      if (layer === undefined) continue;
      const prefix = `layers.${i}.`;
      await updateLayerRow(ctx.db, layer.id, { position: orders[i]!, name: names[i]!, updated_at: now });
      const own = versions.filter((v) => v.layer_id === layer.id);
      // As PATCH does: a layer sent without a zone that followed the schedule's zone follows it
      // to the new one (one meaning of the schedule's time_zone for both verbs).
      const current = own.filter((v) => v.effective_from <= now).at(-1);
      const wanted =
        l.time_zone === undefined && zoneMoved && current?.time_zone === previous.time_zone
          ? { ...l, time_zone: row.time_zone }
          : l;
      const { unchanged } = await proposedVersion(
        ctx,
        { teamId: row.team_id, zone: row.time_zone, now, prefix, id: layer.id },
        wanted,
        own.map(versionSpec),
      );
      if (!unchanged) await addVersion(ctx, row, layer, changesOf(wanted, prefix), now);
    }
    // Added last: they then meet the kept layers' final names and orders only.
    for (const [i, l] of input.layers.entries()) {
      if (l.id !== undefined) continue;
      const { id: _, ...body } = l;
      await addLayer(ctx, row, { ...body, name: names[i]!, order: orders[i]! }, `layers.${i}.`);
    }
    const after = await getSchedule(ctx, input.id);
    await recordAudit(ctx, {
      action: 'schedule.replace',
      targetType: 'schedule',
      targetId: input.id,
      before,
      after,
    });
    return after;
  });
}

/** One entry per existing layer: two would update the same row twice, the second silently winning. */
function assertDistinctIds(layers: PreviewLayer[]): void {
  const seen = new Map<string, number>();
  layers.forEach((l, i) => {
    if (l.id === undefined) return;
    const first = seen.get(l.id);
    if (first !== undefined)
      throw new ValidationError(`layers.${i}.id: layers.${first} already edits this layer`);
    seen.set(l.id, i);
  });
}

/** Each layer's order: as given, or after the highest given one in list order (as preview and create). */
function ordersOf(layers: PreviewLayer[]): number[] {
  let next = Math.max(0, ...layers.flatMap((l) => (l.order === undefined ? [] : [l.order])));
  const orders = layers.map((l) => l.order ?? ++next);
  const seen = new Map<number, number>();
  orders.forEach((o, i) => {
    const first = seen.get(o);
    if (first !== undefined)
      throw new ValidationError(`layers.${i}.order: layers.${first} already has order ${o}`);
    seen.set(o, i);
  });
  return orders;
}

/** Each layer's name once saved, refused when two would share one. */
function namesOf(
  layers: PreviewLayer[],
  orders: number[],
  existing: Map<string, Row<'schedule_layers'>>,
): string[] {
  const names = layers.map(
    (l, i) => l.name ?? (l.id === undefined ? undefined : existing.get(l.id)?.name) ?? `Layer ${orders[i]}`,
  );
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i) throw duplicateLayerName(n);
  });
  return names;
}

function changesOf(l: PreviewLayer, prefix: string): ConfigChanges {
  return {
    start_date: l.start_date,
    shift_length: l.shift_length,
    shift_unit: l.shift_unit,
    participants: l.participants,
    ...(l.time_zone !== undefined ? { time_zone: l.time_zone } : {}),
    ...(l.handoff_time !== undefined ? { handoff_time: l.handoff_time } : {}),
    ...(l.restrictions !== undefined ? { restrictions: l.restrictions } : {}),
    ...(l.end !== undefined ? { end_at: l.end === null ? null : instant(`${prefix}end`, l.end) } : {}),
  };
}

/** Name, description, team and zone; the row as it is then, for the layers' checks. */
async function patchSchedule(
  ctx: Ctx,
  row: Row<'schedules'>,
  input: ReplaceScheduleInput,
): Promise<Row<'schedules'>> {
  const patch = await schedulePatch(ctx, row, input);
  if (input.time_zone !== undefined) patch.time_zone = input.time_zone;
  await saveSchedulePatch(ctx, row.id, patch, input.name);
  return requireSchedule(ctx.db, row.id);
}
