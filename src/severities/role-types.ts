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
  insertRoleType,
  lastRoleTypePosition,
  listRoleTypeRows,
  roleTypeExists,
} from './repository.ts';
import type { CreateRoleTypeBody, RoleTypeView } from './schemas.ts';

/**
 * The incident roles an organisation uses (commander, tech lead, comms lead, scribe by default).
 * Lives beside severities because both are per-organisation incident settings.
 */

export async function listRoleTypes(db: Queryable): Promise<RoleTypeView[]> {
  const rows = await listRoleTypeRows(db);
  return rows.map(presentRoleType);
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
