import { actorUserId, requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { NotFoundError, ValidationError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { findUserById } from '../users/repository.ts';
import { subjectOf } from './overrides.ts';
import { presentTimeOff } from './presenter.ts';
import { deleteTimeOffRow, findTimeOff, insertTimeOff } from './repository-plans.ts';
import type { CreateTimeOffInput, TimeOffView } from './schemas-plans.ts';
import { period } from './validate.ts';

/**
 * Time off is a user's, not a schedule's: every layer of every schedule skips them for that
 * period and the next participant covers. Recorded against the user.
 */
export async function createTimeOff({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreateTimeOffInput;
}): Promise<TimeOffView> {
  const userId = subjectOf(ctx, input.user_id, 'user_id');
  const { start, end } = period(input);
  return inTransaction(ctx, async (ctx) => {
    if (!(await findUserById(ctx.db, userId)))
      throw new ValidationError(`user_id: no user ${JSON.stringify(userId)}`);
    const now = ctx.clock.now();
    const row = {
      id: newId('tof', now),
      user_id: userId,
      start_at: start,
      end_at: end,
      reason: input.reason ?? '',
      created_at: now,
    };
    await insertTimeOff(ctx.db, row);
    const view = presentTimeOff(row);
    await recordAudit(ctx, { action: 'time_off.create', targetType: 'user', targetId: userId, after: view });
    return view;
  });
}

/** People remove their own time off; admins anyone's. */
export async function deleteTimeOff({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> {
  await inTransaction(ctx, async (ctx) => {
    const row = await findTimeOff(ctx.db, input.id);
    if (row === undefined) throw NotFoundError.of('time off', input.id);
    requireRole(ctx.actor, row.user_id === actorUserId(ctx.actor) ? 'responder' : 'admin');
    await deleteTimeOffRow(ctx.db, row.id);
    await recordAudit(ctx, {
      action: 'time_off.delete',
      targetType: 'user',
      targetId: row.user_id,
      before: presentTimeOff(row),
    });
  });
}
