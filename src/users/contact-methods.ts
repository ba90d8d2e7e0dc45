import { actorUserId, requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { isUniqueViolation } from '../platform/db/connect.ts';
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { getUser } from './get.ts';
import { presentContactMethod } from './presenter.ts';
import {
  deleteContactMethodRow,
  findContactMethod,
  findContactMethodByAddress,
  findUserById,
  insertContactMethod,
  updateContactMethodRow,
} from './repository.ts';
import type { ContactMethodInput, UpdateContactMethodInput } from './schemas.ts';
import { assertContactAddress } from './validate.ts';

/** People manage their own contact methods; admins manage anyone's. */
export function authorizeFor(ctx: Ctx, userId: string): void {
  if (actorUserId(ctx.actor) !== userId) requireRole(ctx.actor, 'admin');
}

export async function addContactMethod({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { userId: string } & ContactMethodInput;
}) {
  authorizeFor(ctx, input.userId);
  assertContactAddress('body', input, ctx.outbound);
  return inTransaction(ctx, async (ctx) => {
    if (!(await findUserById(ctx.db, input.userId))) throw NotFoundError.of('user', input.userId);
    const now = ctx.clock.now();
    const id = newId('cm', now);
    const row = {
      id,
      user_id: input.userId,
      type: input.type,
      address: input.address,
      label: input.label ?? '',
      created_at: now,
      // A webhook's signing secret is made on first need (signing-secrets.ts).
      signing_secret: null,
      previous_signing_secret: null,
      previous_signing_secret_until: null,
    };
    try {
      await insertContactMethod(ctx.db, row);
    } catch (e) {
      if (isUniqueViolation(e))
        throw new ConflictError(`this user already has ${input.type} contact ${input.address}`);
      throw e;
    }
    const view = presentContactMethod(row);
    await recordAudit(ctx, {
      action: 'contact_method.create',
      targetType: 'user',
      targetId: input.userId,
      after: view,
    });
    return view;
  });
}

/**
 * Changes a contact method in place, so the notification rules that point at it survive a new
 * address or label. The resulting type and address are validated together. A new address or
 * type drops the webhook signing secret (see signing-secrets.ts).
 */
export async function updateContactMethod({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { userId: string; id: string } & UpdateContactMethodInput;
}) {
  authorizeFor(ctx, input.userId);
  return inTransaction(ctx, async (ctx) => {
    await getUser(ctx.db, input.userId);
    const row = await findContactMethod(ctx.db, input.userId, input.id);
    if (row === undefined) throw NotFoundError.of('contact method', input.id);
    const type = input.type ?? row.type;
    const address = input.address ?? row.address;
    const label = input.label ?? row.label;
    assertContactAddress('body', { type, address }, ctx.outbound);
    const conflict = `this user already has ${type} contact ${address}`;
    const same = await findContactMethodByAddress(ctx.db, input.userId, type, address);
    if (same !== undefined && same.id !== row.id) throw new ConflictError(conflict);
    try {
      // A new receiver must not hold the old one's signing secret (it could sign requests the new
      // one trusts): a new address or type empties it, and a new one is made on first need.
      const moved = type !== row.type || address !== row.address;
      const unsigned = {
        signing_secret: null,
        previous_signing_secret: null,
        previous_signing_secret_until: null,
      };
      await updateContactMethodRow(ctx.db, row.id, { type, address, label, ...(moved ? unsigned : {}) });
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError(conflict);
      throw e;
    }
    const before = presentContactMethod(row);
    const after = presentContactMethod({ ...row, type, address, label });
    await recordAudit(ctx, {
      action: 'contact_method.update',
      targetType: 'user',
      targetId: input.userId,
      before,
      after,
    });
    return after;
  });
}

export async function removeContactMethod({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { userId: string; id: string };
}) {
  authorizeFor(ctx, input.userId);
  await inTransaction(ctx, async (ctx) => {
    await getUser(ctx.db, input.userId);
    const row = await findContactMethod(ctx.db, input.userId, input.id);
    if (row === undefined) throw NotFoundError.of('contact method', input.id);
    await deleteContactMethodRow(ctx.db, input.id);
    await recordAudit(ctx, {
      action: 'contact_method.delete',
      targetType: 'user',
      targetId: input.userId,
      before: presentContactMethod(row),
    });
  });
}
