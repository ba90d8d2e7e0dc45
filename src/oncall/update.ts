import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { isUniqueViolation } from '../platform/db/connect.ts';
import type { Row, RowPatch } from '../platform/db/tables.ts';
import { duplicateScheduleName } from './create.ts';
import { getSchedule, requireSchedule } from './get.ts';
import { addVersion } from './layer-update.ts';
import { findScheduleByName, layersOf, updateScheduleRow, versionsOf } from './repository.ts';
import type { ScheduleView, UpdateScheduleInput } from './schemas.ts';
import { assertTeamExists, assertTimeZone } from './validate.ts';
import { requireTeamManager } from '../teams/access.ts';
import { requireScheduleManager } from './access.ts';

/**
 * A new time zone applies from now on to the layers that used the schedule's zone: each gets
 * a new version, so past shifts keep the wall-clock times they had.
 */
export async function updateSchedule({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & UpdateScheduleInput;
}): Promise<ScheduleView> {
  await requireScheduleManager(ctx, input.id);
  // Moving it to another team needs a say on that team too.
  if (input.team_id !== undefined) await requireTeamManager(ctx, input.team_id, 'schedules');
  if (input.time_zone !== undefined) assertTimeZone('time_zone', input.time_zone);
  return inTransaction(ctx, async (ctx) => {
    const row = await requireSchedule(ctx.db, input.id);
    const before = await getSchedule(ctx, input.id);
    const now = ctx.clock.now();
    const patch = await schedulePatch(ctx, row, input);
    if (input.time_zone !== undefined && input.time_zone !== row.time_zone) {
      patch.time_zone = input.time_zone;
      const layers = await layersOf(ctx.db, [row.id]);
      const versions = await versionsOf(
        ctx.db,
        layers.map((l) => l.id),
      );
      for (const layer of layers) {
        const current = versions.filter((v) => v.layer_id === layer.id && v.effective_from <= now).at(-1);
        if (current?.time_zone === row.time_zone) {
          await addVersion(ctx, row, layer, { time_zone: input.time_zone }, now);
        }
      }
    }
    await saveSchedulePatch(ctx, input.id, patch, input.name);
    const after = await getSchedule(ctx, input.id);
    await recordAudit(ctx, {
      action: 'schedule.update',
      targetType: 'schedule',
      targetId: input.id,
      before,
      after,
    });
    return after;
  });
}

/** The change to a schedule's own row (name, description, team), checked; the zone is the caller's. */
export async function schedulePatch(
  ctx: Ctx,
  row: Row<'schedules'>,
  input: Pick<UpdateScheduleInput, 'name' | 'description' | 'team_id'>,
): Promise<RowPatch<'schedules'>> {
  const patch: RowPatch<'schedules'> = { updated_at: ctx.clock.now() };
  if (input.name !== undefined && input.name !== row.name) {
    if (await findScheduleByName(ctx.db, input.name)) throw duplicateScheduleName(input.name);
    patch.name = input.name;
  }
  if (input.description !== undefined) patch.description = input.description;
  if (input.team_id !== undefined && input.team_id !== row.team_id) {
    await assertTeamExists(ctx, input.team_id);
    patch.team_id = input.team_id;
  }
  return patch;
}

/** Writes the patch; a concurrent save that took the name after the check is a 409 too. */
export async function saveSchedulePatch(
  ctx: Ctx,
  id: string,
  patch: RowPatch<'schedules'>,
  name: string | undefined,
): Promise<void> {
  try {
    await updateScheduleRow(ctx.db, id, patch);
  } catch (e) {
    if (isUniqueViolation(e) && name !== undefined) throw duplicateScheduleName(name);
    throw e;
  }
}
