import { recordAudit } from '../platform/audit/record.ts';
import { requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { type Queryable, isUniqueViolation } from '../platform/db/connect.ts';
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import { presentRoleType } from './presenter.ts';
import {
  countHeldRoleAssignments,
  deleteRoleTypeRow,
  findRoleTypeRow,
  heldRoleCounts,
  insertRoleType,
  lastRoleTypePosition,
  listRoleTypeRows,
  roleTypeExists,
  updateRoleTypeRow,
} from './repository.ts';
import type { CreateRoleTypeBody, RoleTypeInUseView, RoleTypeView, UpdateRoleTypeBody } from './schemas.ts';

/**
 * The incident roles an organisation uses (commander, tech lead, comms lead, scribe by default).
 * Lives beside severities because both are per-organisation incident settings.
 */

/** With how many incidents hold each now, so a client can say so before offering to delete. */
export async function listRoleTypes(db: Queryable): Promise<RoleTypeInUseView[]> {
  const rows = await listRoleTypeRows(db);
  const held = await heldRoleCounts(db);
  return rows.map((r) => ({ ...presentRoleType(r), held: held.get(r.slug) ?? 0 }));
}

function duplicate(slug: string): ConflictError {
  return new ConflictError(`an incident role ${JSON.stringify(slug)} already exists`);
}

/** A new role goes to the end of the list. */
export async function createRoleType({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreateRoleTypeBody;
}): Promise<RoleTypeView> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    if (await roleTypeExists(ctx.db, input.slug)) throw duplicate(input.slug);
    const last = await lastRoleTypePosition(ctx.db);
    const row = {
      slug: input.slug,
      name: input.name,
      description: input.description ?? '',
      position: last + 1,
      created_at: ctx.clock.now(),
    };
    try {
      await insertRoleType(ctx.db, row);
    } catch (e) {
      // A concurrent create of the same slug can pass the check above.
      if (isUniqueViolation(e)) throw duplicate(input.slug);
      throw e;
    }
    const view = presentRoleType(row);
    await recordAudit(ctx, {
      action: 'incident_role.create',
      targetType: 'incident_role',
      targetId: row.slug,
      after: view,
    });
    return view;
  });
}

/**
 * Renames or re-describes a role. The slug stays: assignments and their history name the role by
 * it, so incidents holding the role show the new name at once.
 */
export async function updateRoleType({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: UpdateRoleTypeBody & { slug: string };
}): Promise<RoleTypeView> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    const row = await findRoleTypeRow(ctx.db, input.slug);
    if (row === undefined) throw NotFoundError.of('incident role', input.slug);
    const patch = {
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.description === undefined ? {} : { description: input.description }),
    };
    await updateRoleTypeRow(ctx.db, input.slug, patch);
    const before = presentRoleType(row);
    const after = presentRoleType({ ...row, ...patch });
    await recordAudit(ctx, {
      action: 'incident_role.update',
      targetType: 'incident_role',
      targetId: row.slug,
      before,
      after,
    });
    return after;
  });
}

/**
 * Refused while someone holds the role on an incident: their assignment would name a role that
 * no longer exists. Past assignments stay in the incidents' role history.
 */
export async function deleteRoleType({ ctx, input }: { ctx: Ctx; input: { slug: string } }): Promise<void> {
  requireRole(ctx.actor, 'admin');
  await inTransaction(ctx, async (ctx) => {
    const row = await findRoleTypeRow(ctx.db, input.slug);
    if (row === undefined) throw NotFoundError.of('incident role', input.slug);
    const n = await countHeldRoleAssignments(ctx.db, input.slug);
    if (n > 0) {
      throw new ConflictError(
        `${row.name} is held on ${n} incident${n === 1 ? '' : 's'}; unassign it there before deleting it`,
      );
    }
    await deleteRoleTypeRow(ctx.db, input.slug);
    await recordAudit(ctx, {
      action: 'incident_role.delete',
      targetType: 'incident_role',
      targetId: row.slug,
      before: presentRoleType(row),
    });
  });
}
