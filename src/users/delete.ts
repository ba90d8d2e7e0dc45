import { actorUserId, requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { ConflictError } from '../platform/errors.ts';
import { getUser } from './get.ts';
import { countAdmins, deleteUserRow } from './repository.ts';

/** Removes the user with their tokens, sessions, contact methods and memberships. */
export async function deleteUser({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> {
  requireRole(ctx.actor, 'admin');
  if (actorUserId(ctx.actor) === input.id) throw new ConflictError('you cannot delete your own account');
  await inTransaction(ctx, async (ctx) => {
    const before = await getUser(ctx.db, input.id);
    if (before.role === 'admin' && (await countAdmins(ctx.db)) <= 1) {
      throw new ConflictError('cannot delete the last admin');
    }
    await deleteUserRow(ctx.db, input.id);
    await recordAudit(ctx, { action: 'user.delete', targetType: 'user', targetId: input.id, before });
  });
}
