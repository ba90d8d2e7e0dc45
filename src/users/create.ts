import { requireRole } from '../platform/auth/actor.ts';
import { hashPassword } from '../platform/auth/secrets.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { isUniqueViolation } from '../platform/db/connect.ts';
import { ConflictError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { getUser } from './get.ts';
import { findUserByEmail, findUserByName, insertContactMethod, insertUser } from './repository.ts';
import type { CreateUserInput, UserView } from './schemas.ts';
import { assertContactAddress, assertTimeZone } from './validate.ts';

export async function createUser({ ctx, input }: { ctx: Ctx; input: CreateUserInput }): Promise<UserView> {
  requireRole(ctx.actor, 'admin');
  const timeZone = input.time_zone ?? 'UTC';
  assertTimeZone('time_zone', timeZone);
  const methods = input.contact_methods ?? [];
  methods.forEach((m, i) => assertContactAddress(`contact_methods.${i}`, m, ctx.outbound));
  // Hash outside the transaction: argon2 is deliberately slow and must not hold the writer.
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const email = input.email.toLowerCase();

  return inTransaction(ctx, async (ctx) => {
    if (await findUserByName(ctx.db, input.name))
      throw new ConflictError(`a user named ${JSON.stringify(input.name)} already exists`);
    if (await findUserByEmail(ctx.db, email))
      throw new ConflictError(`a user with email ${email} already exists`);
    const now = ctx.clock.now();
    const id = newId('usr', now);
    try {
      await insertUser(ctx.db, {
        id,
        name: input.name,
        email,
        role: input.role ?? 'responder',
        time_zone: timeZone,
        password_hash: passwordHash,
        created_at: now,
        updated_at: now,
      });
      for (const m of methods) {
        await insertContactMethod(ctx.db, {
          id: newId('cm', now),
          user_id: id,
          type: m.type,
          address: m.address,
          label: m.label ?? '',
          created_at: now,
        });
      }
    } catch (e) {
      if (isUniqueViolation(e))
        throw new ConflictError(
          'a user with that name or email, or a duplicate contact method, already exists',
        );
      throw e;
    }
    const user = await getUser(ctx.db, id);
    await recordAudit(ctx, { action: 'user.create', targetType: 'user', targetId: id, after: user });
    return user;
  });
}
