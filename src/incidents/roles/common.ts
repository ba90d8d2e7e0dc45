import type { Ctx } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import type { Row } from '../../platform/db/tables.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { loadActorNames } from '../../users/actors.ts';
import {
  findIncident,
  incidentNumber,
  lockIncidentRow,
  touchIncident as touchIncidentRow,
} from '../repository.ts';
import { presentRoles, roleActorRefs } from './presenter.ts';
import { assignmentsOf, roleTypes } from './repository.ts';
import type { IncidentRolesView } from './schemas.ts';

/**
 * The incident, locked on PostgreSQL until the transaction ends so concurrent role changes on
 * one incident queue up instead of both seeing no holder (SQLite has one writer already). A
 * merged incident takes no changes; its survivor does.
 */
export async function lockIncidentForRoles(ctx: Ctx, idOrRef: string): Promise<Row<'incidents'>> {
  const found = await findIncident(ctx.db, idOrRef);
  if (found === undefined) throw NotFoundError.of('incident', idOrRef);
  const locked = await lockIncidentRow(ctx.db, ctx.dialect, found.id);
  // Unreachable while incidents are never deleted; answered like an unknown incident.
  if (locked === undefined) throw NotFoundError.of('incident', idOrRef);
  if (locked.merged_into_id !== null) {
    const survivor = await survivorRef(ctx.db, locked.merged_into_id);
    throw new ConflictError(`INC-${locked.number} is merged into ${survivor}; change its roles there`);
  }
  return locked;
}

/** A role change is a change of the incident. */
export async function touchIncident(ctx: Ctx, id: string, now: number): Promise<void> {
  await touchIncidentRow(ctx.db, id, now);
}

export async function survivorRef(db: Queryable, id: string | null): Promise<string> {
  if (id === null) return 'another incident';
  const number = await incidentNumber(db, id);
  return number === undefined ? 'another incident' : `INC-${number}`;
}

/** The role type, or a 400 naming the parameter and the roles that exist. */
export async function requireRoleType(db: Queryable, slug: string): Promise<Row<'incident_role_types'>> {
  const types = await roleTypes(db);
  const type = types.find((t) => t.slug === slug);
  if (type === undefined) {
    throw new ValidationError(
      `params.role: unknown role ${JSON.stringify(slug)}; known: ${types.map((t) => t.slug).join(', ')}`,
    );
  }
  return type;
}

export async function rolesView(db: Queryable, incidentId: string): Promise<IncidentRolesView> {
  const rows = await assignmentsOf(db, incidentId);
  return presentRoles(rows, await loadActorNames(db, roleActorRefs(rows)));
}
