import { recordAudit } from '../platform/audit/record.ts';
import { requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { type Queryable, isUniqueViolation } from '../platform/db/connect.ts';
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import { presentRoleType } from './presenter.ts';
import type { CreateRoleTypeBody, RoleTypeView } from './schemas.ts';

/**
 * The incident roles an organisation uses (commander, tech lead, comms lead, scribe by default).
 * Lives beside severities because both are per-organisation incident settings.
 */

export async function listRoleTypes(db: Queryable): Promise<RoleTypeView[]> {
  const rows = await db.selectFrom('incident_role_types').selectAll().orderBy('position').execute();
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
    const existing = await ctx.db
      .selectFrom('incident_role_types')
      .select('slug')
      .where('slug', '=', input.slug)
      .executeTakeFirst();
    if (existing !== undefined) throw duplicate(input.slug);
    const last = await ctx.db
      .selectFrom('incident_role_types')
      .select((eb) => eb.fn.max('position').as('position'))
      .executeTakeFirst();
    const row = {
      slug: input.slug,
      name: input.name,
      description: input.description ?? '',
      position: Number(last?.position ?? 0) + 1,
      created_at: ctx.clock.now(),
    };
    try {
      await ctx.db.insertInto('incident_role_types').values(row).execute();
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
    const row = await ctx.db
      .selectFrom('incident_role_types')
      .selectAll()
      .where('slug', '=', input.slug)
      .executeTakeFirst();
    if (row === undefined) throw NotFoundError.of('incident role', input.slug);
    const held = await ctx.db
      .selectFrom('incident_role_assignments')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('role', '=', input.slug)
      .where('ended_at', 'is', null)
      .executeTakeFirstOrThrow();
    const n = Number(held.n);
    if (n > 0) {
      throw new ConflictError(
        `${row.name} is held on ${n} incident${n === 1 ? '' : 's'}; unassign it there before deleting it`,
      );
    }
    await ctx.db.deleteFrom('incident_role_types').where('slug', '=', input.slug).execute();
    await recordAudit(ctx, {
      action: 'incident_role.delete',
      targetType: 'incident_role',
      targetId: row.slug,
      before: presentRoleType(row),
    });
  });
}
