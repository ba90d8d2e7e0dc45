import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { policiesTargeting } from '../platform/db/references-repository.ts';
import { stillReferenced } from '../platform/db/references.ts';
import { getSchedule } from './get.ts';
import { requireLayer } from './layer-update.ts';
import { deleteLayerRow, deleteScheduleRow } from './repository.ts';
import { requireScheduleManager } from './access.ts';

/**
 * Removes the schedule with its layers, overrides, swaps, temporary schedules and feeds. Refused
 * while an escalation policy pages it: that level would silently page nobody.
 */
export async function deleteSchedule({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> {
  await requireScheduleManager(ctx, input.id);
  await inTransaction(ctx, async (ctx) => {
    const before = await getSchedule(ctx, input.id);
    const policies = await policiesTargeting(ctx.db, ['schedule', 'schedule_round_robin'], input.id);
    if (policies.length > 0) {
      throw stillReferenced(
        `schedule ${JSON.stringify(before.name)}`,
        'escalation policies',
        policies,
        'remove it from their levels first',
      );
    }
    await deleteScheduleRow(ctx.db, input.id);
    await recordAudit(ctx, { action: 'schedule.delete', targetType: 'schedule', targetId: input.id, before });
  });
}

/**
 * Removes a layer and its history. To stop a layer from some moment on while keeping its past,
 * set its `end` instead.
 */
export async function deleteLayer({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { scheduleId: string; layerId: string };
}): Promise<void> {
  await requireScheduleManager(ctx, input.scheduleId);
  await inTransaction(ctx, async (ctx) => {
    const schedule = await getSchedule(ctx, input.scheduleId);
    await requireLayer(ctx, input.scheduleId, input.layerId);
    const before = schedule.layers.find((l) => l.id === input.layerId);
    await deleteLayerRow(ctx.db, input.layerId);
    await recordAudit(ctx, {
      action: 'schedule_layer.delete',
      targetType: 'schedule',
      targetId: input.scheduleId,
      before,
    });
  });
}
