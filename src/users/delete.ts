import { actorUserId, requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { ConflictError } from '../platform/errors.ts';
import { policiesTargeting } from '../platform/db/references-repository.ts';
import { stillReferenced } from '../platform/db/references.ts';
import { getUser } from './get.ts';
import { deleteUserRow, schedulesRotating } from './repository.ts';
import { assertNotLastAdmin } from './last-admin.ts';

/**
 * Removes the user with their tokens, sessions, contact methods, memberships and overrides.
 * Refused while an escalation policy pages them directly or a schedule's current or planned
 * rotation includes them: those would page nobody (a skipped level, a gap in the rotation).
 */
export async function deleteUser({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> {
  requireRole(ctx.actor, 'admin');
  if (actorUserId(ctx.actor) === input.id) throw new ConflictError('you cannot delete your own account');
  await inTransaction(ctx, async (ctx) => {
    const before = await getUser(ctx.db, input.id);
    await assertNotLastAdmin(ctx, before, 'cannot delete the last admin');
    const who = `user ${JSON.stringify(before.email)}`;
    const policies = await policiesTargeting(ctx.db, ['user'], input.id);
    if (policies.length > 0) {
      throw stillReferenced(who, 'escalation policies', policies, 'remove them from their levels first');
    }
    const schedules = await schedulesRotating(ctx.db, input.id, ctx.clock.now());
    if (schedules.length > 0) {
      throw stillReferenced(who, 'schedules', schedules, 'take them out of those rotations first');
    }
    await deleteUserRow(ctx.db, input.id);
    await recordAudit(ctx, { action: 'user.delete', targetType: 'user', targetId: input.id, before });
  });
}
