import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { isUniqueViolation } from '../platform/db/connect.ts';
import type { Row } from '../platform/db/tables.ts';
import { ConflictError, ValidationError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { localOf, toInstant, zone } from './core/zone.ts';
import { getLayer, requireSchedule } from './get.ts';
import { insertLayer, insertVersion, layersOf } from './repository.ts';
import type { CreateLayerInput, LayerView } from './schemas.ts';
import { assertDate, assertTeamMembers, assertTimeZone, instant, restrictionsFromInput } from './validate.ts';
import { requireScheduleManager } from './access.ts';

/** The settings a layer version stores, checked; everything except when it applies and the offset. */
export interface VersionConfig {
  time_zone: string;
  start_date: string;
  handoff_time: string;
  shift_length: number;
  shift_unit: 'hours' | 'days' | 'weeks';
  end_at: number | null;
  restrictions: string;
  participants: string[];
}

/** Checks a layer's configuration; `prefix` names where it sits in the body (`layers.0.`). */
export async function checkVersionConfig(
  ctx: Ctx,
  schedule: Pick<Row<'schedules'>, 'team_id'>,
  c: Omit<VersionConfig, 'restrictions'> & { restrictions: CreateLayerInput['restrictions'] },
  prefix: string,
  alreadyListed: ReadonlySet<string> = new Set(),
): Promise<VersionConfig> {
  assertTimeZone(`${prefix}time_zone`, c.time_zone);
  assertDate(`${prefix}start_date`, c.start_date);
  const restrictions = restrictionsFromInput(`${prefix}restrictions`, c.restrictions ?? []);
  if (c.end_at !== null) {
    const start = toInstant(zone(c.time_zone), localOf(c.start_date, c.handoff_time));
    if (!(c.end_at > start))
      throw new ValidationError(`${prefix}end: must be after the first handoff (start_date)`);
  }
  // Participants already on the layer are not checked again: someone who left the team or was
  // deleted stays in the history and must not block an unrelated change.
  await assertTeamMembers(
    ctx,
    schedule.team_id,
    c.participants
      .map((id, i): [string, string] => [`${prefix}participants.${i}`, id])
      .filter(([, id]) => !alreadyListed.has(id)),
  );
  return { ...c, restrictions: JSON.stringify(restrictions.map((r) => ({ ...r }))) };
}

export function duplicateLayerName(name: string): ConflictError {
  return new ConflictError(`this schedule already has a layer named ${JSON.stringify(name)}`);
}

/**
 * Adds a layer to a schedule inside the caller's transaction. Its first version applies from
 * now: a layer never rewrites who was on call before it existed.
 */
export async function addLayer(
  ctx: Ctx,
  schedule: Row<'schedules'>,
  input: CreateLayerInput,
  prefix: string,
): Promise<string> {
  const existing = await layersOf(ctx.db, [schedule.id]);
  const order = input.order ?? Math.max(0, ...existing.map((l) => l.position)) + 1;
  const taken = existing.find((l) => l.position === order);
  if (taken)
    throw new ValidationError(
      `${prefix}order: layer ${JSON.stringify(taken.name)} already has order ${order}`,
    );
  const name = input.name ?? `Layer ${order}`;
  if (existing.some((l) => l.name === name)) throw duplicateLayerName(name);
  const config = await checkVersionConfig(
    ctx,
    schedule,
    {
      time_zone: input.time_zone ?? schedule.time_zone,
      start_date: input.start_date,
      handoff_time: input.handoff_time ?? '09:00',
      shift_length: input.shift_length,
      shift_unit: input.shift_unit,
      end_at: input.end === undefined || input.end === null ? null : instant(`${prefix}end`, input.end),
      restrictions: input.restrictions,
      participants: input.participants,
    },
    prefix,
  );
  const now = ctx.clock.now();
  const id = newId('lyr', now);
  try {
    await insertLayer(ctx.db, {
      id,
      schedule_id: schedule.id,
      name,
      position: order,
      created_at: now,
      updated_at: now,
    });
  } catch (e) {
    // A concurrent create can take the same order after the check above.
    if (isUniqueViolation(e))
      throw new ValidationError(`${prefix}order: another layer already has order ${order}`);
    throw e;
  }
  await insertVersion(ctx.db, {
    id: newId('lyv', now),
    layer_id: id,
    effective_from: now,
    ...config,
    participants: JSON.stringify(config.participants),
    rotation_offset: 0,
    created_at: now,
  });
  return id;
}

export async function createLayer({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { scheduleId: string } & CreateLayerInput;
}): Promise<LayerView> {
  await requireScheduleManager(ctx, input.scheduleId);
  return inTransaction(ctx, async (ctx) => {
    const schedule = await requireSchedule(ctx.db, input.scheduleId);
    const id = await addLayer(ctx, schedule, input, '');
    const layer = await getLayer(ctx, schedule.id, id);
    await recordAudit(ctx, {
      action: 'schedule_layer.create',
      targetType: 'schedule',
      targetId: schedule.id,
      after: layer,
    });
    return layer;
  });
}
