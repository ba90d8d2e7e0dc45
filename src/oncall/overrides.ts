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

/** Who an override or time-off entry is for: you by default; someone else needs an admin. */
export function subjectOf(ctx: Ctx, given: string | undefined, field: string): string {
  const self = actorUserId(ctx.actor);
  const subject = given ?? self;
  if (subject === null) throw new ValidationError(`${field}: required when acting as the system`);
  requireRole(ctx.actor, subject === self ? 'responder' : 'admin');
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
  const userId = subjectOf(ctx, input.user_id, 'user_id');
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

/** Admins remove any override; responders their own. */
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
    requireRole(ctx.actor, row.user_id === actorUserId(ctx.actor) ? 'responder' : 'admin');
    await deleteOverrideRow(ctx.db, row.id);
    await recordAudit(ctx, {
      action: 'schedule_override.delete',
      targetType: 'schedule',
      targetId: input.scheduleId,
      before: presentOverride(row, await namesOf(ctx.db, [row.user_id])),
    });
  });
}
