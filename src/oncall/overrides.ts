import { actorUserId, requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { NotFoundError, ValidationError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { namesOf, requireSchedule } from './get.ts';
import { presentOverride } from './presenter.ts';
import { deleteOverrideRow, findOverride, insertOverride } from './repository.ts';
import type { CreateOverrideInput, OverrideView } from './schemas.ts';
import { assertTeamMembers, period } from './validate.ts';
import { requireScheduleManager } from './access.ts';

/** Who an override or time-off entry is for: you by default; someone else needs an admin. */
export function subjectOf(ctx: Ctx, given: string | undefined, field: string): string {
  const subject = subjectOrSelf(ctx, given, field);
  requireRole(ctx.actor, subject === actorUserId(ctx.actor) ? 'responder' : 'admin');
  return subject;
}

function subjectOrSelf(ctx: Ctx, given: string | undefined, field: string): string {
  const subject = given ?? actorUserId(ctx.actor);
  if (subject === null) throw new ValidationError(`${field}: required when acting as the system`);
  return subject;
}

/** Puts a team member on call instead of whoever the schedule has, for [start, end). */
export async function createOverride({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { scheduleId: string } & CreateOverrideInput;
}): Promise<OverrideView> {
  // Yourself: any responder; a teammate: the schedule team's managers (and admins).
  const userId = subjectOrSelf(ctx, input.user_id, 'user_id');
  if (userId === actorUserId(ctx.actor)) requireRole(ctx.actor, 'responder');
  else await requireScheduleManager(ctx, input.scheduleId);
  const { start, end } = period(input);
  return inTransaction(ctx, async (ctx) => {
    const schedule = await requireSchedule(ctx.db, input.scheduleId);
    await assertTeamMembers(ctx, schedule.team_id, [['user_id', userId]]);
    const now = ctx.clock.now();
    const row = {
      id: newId('ovr', now),
      schedule_id: schedule.id,
      user_id: userId,
      start_at: start,
      end_at: end,
      swap_id: null,
      created_by: ctx.actor.name,
      created_at: now,
    };
    await insertOverride(ctx.db, row);
    const view = presentOverride(row, await namesOf(ctx.db, [userId]));
    await recordAudit(ctx, {
      action: 'schedule_override.create',
      targetType: 'schedule',
      targetId: schedule.id,
      after: view,
    });
    return view;
  });
}

/** Admins and the schedule team's managers remove any override; responders their own. */
export async function deleteOverride({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { scheduleId: string; id: string };
}): Promise<void> {
  await inTransaction(ctx, async (ctx) => {
    await requireSchedule(ctx.db, input.scheduleId);
    const row = await findOverride(ctx.db, input.scheduleId, input.id);
    if (row === undefined) throw NotFoundError.of('override', input.id);
    if (row.user_id === actorUserId(ctx.actor)) requireRole(ctx.actor, 'responder');
    else await requireScheduleManager(ctx, input.scheduleId);
    await deleteOverrideRow(ctx.db, row.id);
    await recordAudit(ctx, {
      action: 'schedule_override.delete',
      targetType: 'schedule',
      targetId: input.scheduleId,
      before: presentOverride(row, await namesOf(ctx.db, [row.user_id])),
    });
  });
}
