import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { isUniqueViolation } from '../platform/db/connect.ts';
import { ConflictError, ValidationError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { getSchedule, requireSchedule } from './get.ts';
import { addLayer } from './layer-create.ts';
import { findScheduleByName, insertSchedule } from './repository.ts';
import type { CreateScheduleInput, ScheduleView } from './schemas.ts';
import { assertTeamExists, assertTimeZone } from './validate.ts';
import { requireTeamManager } from '../teams/access.ts';

export function duplicateScheduleName(name: string): ConflictError {
  return new ConflictError(`a schedule named ${JSON.stringify(name)} already exists`);
}

/** Creates a schedule, with its layers when given, in one transaction and one audit record. */
export async function createSchedule({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreateScheduleInput;
}): Promise<ScheduleView> {
  await requireTeamManager(ctx, input.team_id, 'schedules');
  const timeZone = input.time_zone ?? 'UTC';
  assertTimeZone('time_zone', timeZone);
  const layers = input.layers ?? [];
  const orders = new Map<number, number>();
  layers.forEach((l, i) => {
    if (l.order === undefined) return;
    const first = orders.get(l.order);
    if (first !== undefined)
      throw new ValidationError(`layers.${i}.order: layers.${first} already has order ${l.order}`);
    orders.set(l.order, i);
  });
  return inTransaction(ctx, async (ctx) => {
    await assertTeamExists(ctx, input.team_id);
    if (await findScheduleByName(ctx.db, input.name)) throw duplicateScheduleName(input.name);
    const now = ctx.clock.now();
    const id = newId('sch', now);
    try {
      await insertSchedule(ctx.db, {
        id,
        name: input.name,
        description: input.description ?? '',
        team_id: input.team_id,
        time_zone: timeZone,
        created_at: now,
        updated_at: now,
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw duplicateScheduleName(input.name);
      throw e;
    }
    const row = await requireSchedule(ctx.db, id);
    // Layers without an order go after the highest given one, in list order.
    let next = Math.max(0, ...orders.keys());
    for (const [i, layer] of layers.entries()) {
      await addLayer(ctx, row, { ...layer, order: layer.order ?? ++next }, `layers.${i}.`);
    }
    const schedule = await getSchedule(ctx, id);
    await recordAudit(ctx, {
      action: 'schedule.create',
      targetType: 'schedule',
      targetId: id,
      after: schedule,
    });
    return schedule;
  });
}
