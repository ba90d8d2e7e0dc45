import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { isUniqueViolation } from '../platform/db/connect.ts';
import type { Row, RowPatch } from '../platform/db/tables.ts';
import { NotFoundError, ValidationError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { continuityOffset } from './core/layer.ts';
import { getLayer, requireSchedule } from './get.ts';
import { type VersionConfig, checkVersionConfig, duplicateLayerName } from './layer-create.ts';
import { parseParticipants, versionSpec } from './load.ts';
import {
  deleteVersionsFrom,
  findLayer,
  insertVersion,
  layersOf,
  updateLayerRow,
  versionsOf,
} from './repository.ts';
import type { LayerView, RestrictionInput, UpdateLayerInput } from './schemas.ts';
import { instant } from './validate.ts';
import { requireScheduleManager } from './access.ts';

export type ConfigChanges = Partial<Omit<VersionConfig, 'restrictions'>> & {
  restrictions?: RestrictionInput[];
};

export async function requireLayer(
  ctx: Ctx,
  scheduleId: string,
  layerId: string,
): Promise<Row<'schedule_layers'>> {
  const row = await findLayer(ctx.db, scheduleId, layerId);
  if (row === undefined) throw NotFoundError.of('layer', layerId);
  return row;
}

export function effectiveTime(ctx: Ctx, given: string | undefined): number {
  const now = ctx.clock.now();
  if (given === undefined) return now;
  const t = instant('effective_from', given);
  if (t < now)
    throw new ValidationError('effective_from: must not be in the past; past shifts stay as they were');
  return t;
}

/**
 * Records a new configuration of the layer from `effectiveFrom` on. Earlier versions are kept,
 * so shifts before that moment do not change; planned versions from that moment on are
 * replaced. The rotation carries on: whoever is on call then stays on call if still listed.
 */
export async function addVersion(
  ctx: Ctx,
  schedule: Row<'schedules'>,
  layer: Row<'schedule_layers'>,
  changes: ConfigChanges,
  effectiveFrom: number,
): Promise<void> {
  const versions = await versionsOf(ctx.db, [layer.id]);
  const previous = versions.filter((v) => v.effective_from < effectiveFrom).at(-1) ?? versions[0];
  if (previous === undefined) throw new Error(`layer ${layer.id} has no versions`);
  const config = await checkVersionConfig(
    ctx,
    schedule,
    {
      time_zone: changes.time_zone ?? previous.time_zone,
      start_date: changes.start_date ?? previous.start_date,
      handoff_time: changes.handoff_time ?? previous.handoff_time,
      shift_length: changes.shift_length ?? previous.shift_length,
      shift_unit: changes.shift_unit ?? previous.shift_unit,
      end_at: changes.end_at !== undefined ? changes.end_at : previous.end_at,
      restrictions: changes.restrictions ?? (JSON.parse(previous.restrictions) as RestrictionInput[]),
      participants: changes.participants ?? parseParticipants(previous.participants),
    },
    '',
    new Set(parseParticipants(previous.participants)),
  );
  const now = ctx.clock.now();
  const row = {
    id: newId('lyv', now),
    layer_id: layer.id,
    effective_from: effectiveFrom,
    ...config,
    participants: JSON.stringify(config.participants),
    rotation_offset: 0,
    created_at: now,
  };
  const next = versionSpec(row);
  row.rotation_offset = continuityOffset(versionSpec(previous), next, effectiveFrom);
  await deleteVersionsFrom(ctx.db, layer.id, effectiveFrom);
  await insertVersion(ctx.db, row);
  await updateLayerRow(ctx.db, layer.id, { updated_at: now });
}

async function audited(
  ctx: Ctx,
  scheduleId: string,
  layerId: string,
  action: string,
  change: (ctx: Ctx, schedule: Row<'schedules'>, layer: Row<'schedule_layers'>) => Promise<void>,
): Promise<LayerView> {
  await requireScheduleManager(ctx, scheduleId);
  return inTransaction(ctx, async (ctx) => {
    const schedule = await requireSchedule(ctx.db, scheduleId);
    const layer = await requireLayer(ctx, scheduleId, layerId);
    const before = await getLayer(ctx, scheduleId, layerId);
    await change(ctx, schedule, layer);
    const after = await getLayer(ctx, scheduleId, layerId);
    await recordAudit(ctx, { action, targetType: 'schedule', targetId: scheduleId, before, after });
    return after;
  });
}

/** Name and order change at once; the rotation settings apply from `effective_from` (default now). */
export function updateLayer({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { scheduleId: string; layerId: string } & UpdateLayerInput;
}): Promise<LayerView> {
  return audited(
    ctx,
    input.scheduleId,
    input.layerId,
    'schedule_layer.update',
    async (ctx, schedule, layer) => {
      const patch: RowPatch<'schedule_layers'> = { updated_at: ctx.clock.now() };
      const others = (await layersOf(ctx.db, [schedule.id])).filter((l) => l.id !== layer.id);
      if (input.name !== undefined && input.name !== layer.name) {
        if (others.some((l) => l.name === input.name)) throw duplicateLayerName(input.name);
        patch.name = input.name;
      }
      if (input.order !== undefined && input.order !== layer.position) {
        const taken = others.find((l) => l.position === input.order);
        if (taken)
          throw new ValidationError(
            `order: layer ${JSON.stringify(taken.name)} already has order ${input.order}`,
          );
        patch.position = input.order;
      }
      try {
        await updateLayerRow(ctx.db, layer.id, patch);
      } catch (e) {
        if (isUniqueViolation(e))
          throw new ValidationError(`order: another layer already has order ${input.order}`);
        throw e;
      }
      const changes: ConfigChanges = {
        ...(input.time_zone !== undefined ? { time_zone: input.time_zone } : {}),
        ...(input.start_date !== undefined ? { start_date: input.start_date } : {}),
        ...(input.handoff_time !== undefined ? { handoff_time: input.handoff_time } : {}),
        ...(input.shift_length !== undefined ? { shift_length: input.shift_length } : {}),
        ...(input.shift_unit !== undefined ? { shift_unit: input.shift_unit } : {}),
        ...(input.end !== undefined ? { end_at: input.end === null ? null : instant('end', input.end) } : {}),
        ...(input.restrictions !== undefined ? { restrictions: input.restrictions } : {}),
        ...(input.participants !== undefined ? { participants: input.participants } : {}),
      };
      if (Object.keys(changes).length > 0) {
        await addVersion(ctx, schedule, layer, changes, effectiveTime(ctx, input.effective_from));
      } else if (input.effective_from !== undefined) {
        throw new ValidationError(
          'effective_from: only rotation settings and participants take an effective time',
        );
      }
    },
  );
}

/** Replaces the participant list from `effective_from` (default now) on. */
export function setParticipants({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { scheduleId: string; layerId: string; participants: string[]; effective_from?: string | undefined };
}): Promise<LayerView> {
  return audited(
    ctx,
    input.scheduleId,
    input.layerId,
    'schedule_layer.participants',
    (ctx, schedule, layer) =>
      addVersion(
        ctx,
        schedule,
        layer,
        { participants: input.participants },
        effectiveTime(ctx, input.effective_from),
      ),
  );
}

/** Takes a user out of the rotation (every place they hold) from `effective_from` on. */
export function removeParticipant({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { scheduleId: string; layerId: string; userId: string; effective_from?: string | undefined };
}): Promise<LayerView> {
  return audited(
    ctx,
    input.scheduleId,
    input.layerId,
    'schedule_layer.participants',
    async (ctx, schedule, layer) => {
      const at = effectiveTime(ctx, input.effective_from);
      const versions = await versionsOf(ctx.db, [layer.id]);
      const current = versions.filter((v) => v.effective_from <= at).at(-1) ?? versions[0];
      const list = current === undefined ? [] : parseParticipants(current.participants);
      if (!list.includes(input.userId)) throw NotFoundError.of('participant', input.userId);
      await addVersion(ctx, schedule, layer, { participants: list.filter((id) => id !== input.userId) }, at);
    },
  );
}
