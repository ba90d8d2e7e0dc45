import { actorUserId, requireRole } from '../platform/auth/actor.ts';
import { hashPassword } from '../platform/auth/secrets.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { RowPatch } from '../platform/db/tables.ts';
import { ConflictError } from '../platform/errors.ts';
import { getUser } from './get.ts';
import { deleteOpenInvitesOf, findUserByEmail, findUserByName, updateUserRow } from './repository.ts';
import type { UpdateUserInput, UserView } from './schemas.ts';
import { assertTimeZone } from './validate.ts';
import { assertNotLastAdmin } from './last-admin.ts';

/** Admins change anyone; everyone else may change their own profile but not their role. */
export async function updateUser({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & UpdateUserInput;
}): Promise<UserView> {
  const self = actorUserId(ctx.actor) === input.id;
  if (!self || input.role !== undefined) requireRole(ctx.actor, 'admin');
  if (input.time_zone !== undefined) assertTimeZone('time_zone', input.time_zone);
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);

  return inTransaction(ctx, async (ctx) => {
    const before = await getUser(ctx.db, input.id);
    const patch: RowPatch<'users'> = { updated_at: ctx.clock.now() };
    if (input.name !== undefined && input.name !== before.name) {
      if (await findUserByName(ctx.db, input.name))
        throw new ConflictError(`a user named ${JSON.stringify(input.name)} already exists`);
      patch.name = input.name;
    }
    if (input.email !== undefined && input.email.toLowerCase() !== before.email) {
      const email = input.email.toLowerCase();
      if (await findUserByEmail(ctx.db, email))
        throw new ConflictError(`a user with email ${email} already exists`);
      patch.email = email;
    }
    if (input.role !== undefined && input.role !== before.role) {
      await assertNotLastAdmin(ctx, before, 'cannot demote the last admin; make someone else admin first');
      patch.role = input.role;
    }
    if (input.time_zone !== undefined) patch.time_zone = input.time_zone;
    if (passwordHash !== undefined) patch.password_hash = passwordHash;
    await updateUserRow(ctx.db, input.id, patch);
    // With a password set, an open invite link could only reset it: void it.
    if (passwordHash !== undefined) await deleteOpenInvitesOf(ctx.db, input.id);
    const after = await getUser(ctx.db, input.id);
    await recordAudit(ctx, { action: 'user.update', targetType: 'user', targetId: input.id, before, after });
    return after;
  });
}
