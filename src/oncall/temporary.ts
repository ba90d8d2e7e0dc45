import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { PageQuery } from '../platform/db/paginate.ts';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { iso } from '../platform/http/schema.ts';
import { namesOf, requireSchedule } from './get.ts';
import { parsePlannedShifts } from './load.ts';
import { presentTemporary } from './presenter.ts';
import {
  deleteTemporaryRow,
  findTemporary,
  insertTemporary,
  listTemporary,
  temporaryOverlapping,
} from './repository-plans.ts';
import type { CreateTemporaryInput, TemporaryView } from './schemas-plans.ts';
import { assertTeamMembers, period } from './validate.ts';
import { requireScheduleManager } from './access.ts';

/**
 * A temporary schedule is a hand-made plan (a holiday week) that replaces the computed
 * schedule for its period; the parts of the period its shifts leave open are gaps. Overrides
 * still apply on top.
 */
export async function createTemporary({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { scheduleId: string } & CreateTemporaryInput;
}): Promise<TemporaryView> {
  await requireScheduleManager(ctx, input.scheduleId);
  const { start, end } = period(input);
  const planned = input.shifts.map((s, i) => ({ ...period(s, `shifts.${i}.`), userId: s.user_id, i }));
  for (const s of planned) {
    if (s.start < start || s.end > end) {
      throw new ValidationError(`shifts.${s.i}.start: must be within the temporary schedule's start and end`);
    }
  }
  const sorted = [...planned].sort((a, b) => a.start - b.start);
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k]!.start < sorted[k - 1]!.end) {
      throw new ValidationError(`shifts.${sorted[k]!.i}: overlaps shifts.${sorted[k - 1]!.i}`);
    }
  }
  return inTransaction(ctx, async (ctx) => {
    const schedule = await requireSchedule(ctx.db, input.scheduleId);
    await assertTeamMembers(
      ctx,
      schedule.team_id,
      planned.map((s) => [`shifts.${s.i}.user_id`, s.userId]),
    );
    const clash = (await temporaryOverlapping(ctx.db, [schedule.id], start, end))[0];
    if (clash) {
      throw new ConflictError(
        `overlaps temporary schedule ${JSON.stringify(clash.name)} (${iso(clash.start_at)} to ${iso(clash.end_at)})`,
      );
    }
    const now = ctx.clock.now();
    const row = {
      id: newId('tmp', now),
      schedule_id: schedule.id,
      name: input.name ?? `Temporary schedule from ${iso(start)}`,
      start_at: start,
      end_at: end,
      shifts: JSON.stringify(sorted.map((s) => ({ user_id: s.userId, start_at: s.start, end_at: s.end }))),
      created_at: now,
      updated_at: now,
    };
    await insertTemporary(ctx.db, row);
    const view = presentTemporary(
      row,
      await namesOf(
        ctx.db,
        planned.map((s) => s.userId),
      ),
    );
    await recordAudit(ctx, {
      action: 'schedule_temporary.create',
      targetType: 'schedule',
      targetId: schedule.id,
      after: view,
    });
    return view;
  });
}

export async function deleteTemporary({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { scheduleId: string; id: string };
}): Promise<void> {
  await requireScheduleManager(ctx, input.scheduleId);
  await inTransaction(ctx, async (ctx) => {
    await requireSchedule(ctx.db, input.scheduleId);
    const row = await findTemporary(ctx.db, input.scheduleId, input.id);
    if (row === undefined) throw NotFoundError.of('temporary schedule', input.id);
    await deleteTemporaryRow(ctx.db, row.id);
    const before = presentTemporary(
      row,
      await namesOf(
        ctx.db,
        parsePlannedShifts(row.shifts).map((s) => s.user_id),
      ),
    );
    await recordAudit(ctx, {
      action: 'schedule_temporary.delete',
      targetType: 'schedule',
      targetId: input.scheduleId,
      before,
    });
  });
}

export async function listTemporaryViews(ctx: Ctx, scheduleId: string, page: PageQuery) {
  await requireSchedule(ctx.db, scheduleId);
  const rows = await listTemporary(ctx.db, scheduleId, page);
  const names = await namesOf(
    ctx.db,
    rows.data.flatMap((r) => parsePlannedShifts(r.shifts).map((s) => s.user_id)),
  );
  return { data: rows.data.map((r) => presentTemporary(r, names)), next_cursor: rows.next_cursor };
}

export async function getTemporary(ctx: Ctx, scheduleId: string, id: string): Promise<TemporaryView> {
  await requireSchedule(ctx.db, scheduleId);
  const row = await findTemporary(ctx.db, scheduleId, id);
  if (row === undefined) throw NotFoundError.of('temporary schedule', id);
  return presentTemporary(
    row,
    await namesOf(
      ctx.db,
      parsePlannedShifts(row.shifts).map((s) => s.user_id),
    ),
  );
}
