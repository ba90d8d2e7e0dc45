import { findIncident } from '../incidents/repository.ts';
import { survivorRef } from '../incidents/roles/common.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { requireRole } from '../platform/auth/actor.ts';
import { addBusinessDays } from '../platform/business-days.ts';
import type { Ctx } from '../platform/context.ts';
import type { Queryable } from '../platform/db/connect.ts';
import type { Row, RowPatch } from '../platform/db/tables.ts';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors.ts';
import { findSeverity } from '../severities/repository.ts';
import { requireIncidentAccess } from '../teams/access.ts';
import { findUserById } from '../users/repository.ts';
import { presentPostmortem } from './presenter.ts';
import { type PostmortemRow, findPostmortem, updatePostmortemIfRevision } from './repository.ts';
import type { PostmortemView } from './schemas.ts';

/** What the postmortem verbs share: loading, who may write, checks of people and zones, committing a change. */

export async function loadPostmortem(db: Queryable, id: string): Promise<PostmortemRow> {
  const row = await findPostmortem(db, id);
  if (row === undefined) throw NotFoundError.of('postmortem', id);
  return row;
}

export async function loadIncident(db: Queryable, id: string): Promise<Row<'incidents'>> {
  const incident = await findIncident(db, id);
  if (incident === undefined) throw NotFoundError.of('incident', id);
  return incident;
}

/** Writing a postmortem is acting on its incident: responders of its teams, people working on it, admins. */
export async function requireWriter(ctx: Ctx, incidentId: string): Promise<void> {
  requireRole(ctx.actor, 'responder');
  await requireIncidentAccess(ctx, incidentId);
}

/** A merged incident's postmortem is its survivor's. */
export async function refuseMerged(db: Queryable, incident: Row<'incidents'>): Promise<void> {
  if (incident.merged_into_id === null) return;
  const survivor = await survivorRef(db, incident.merged_into_id);
  throw new ConflictError(
    `INC-${incident.number} is merged into ${survivor}; its postmortem is ${survivor}'s`,
    { survivor },
  );
}

/** A user who can own or review a postmortem: exists, is active and may act (responder or admin). */
export async function requireActiveUser(db: Queryable, userId: string, field: string): Promise<Row<'users'>> {
  const user = await findUserById(db, userId);
  if (user === undefined || user.deactivated_at !== null) {
    throw new ValidationError(`${field}: no active user ${JSON.stringify(userId)}`);
  }
  if (user.role === 'viewer') {
    throw new ValidationError(`${field}: ${user.name} is a viewer; this needs the responder role or above`);
  }
  return user;
}

/** Business days after the incident resolved, per its severity; null while open or without a setting. */
export async function dueDateFor(
  db: Queryable,
  incident: Row<'incidents'>,
  timeZone: string,
): Promise<number | null> {
  if (incident.resolved_at === null) return null;
  const days = (await findSeverity(db, incident.severity))?.postmortemDueBusinessDays ?? null;
  return days === null ? null : addBusinessDays(incident.resolved_at, days, timeZone);
}

function stale(before: PostmortemRow, given: number | undefined): ConflictError {
  return new ConflictError(
    `the postmortem changed since revision ${given ?? before.revision}; reload it and apply your change again`,
    { revision: before.revision },
  );
}

/**
 * Writes `patch` if the postmortem is still at the revision read (and at `ifRevision` when the
 * client named one), raises the revision and records the audit entry, all in the caller's
 * transaction. A due date the incident's resolve could not set (alerts resolved it) is filled in.
 */
export async function commitChange(
  ctx: Ctx,
  before: PostmortemRow,
  patch: RowPatch<'postmortems'>,
  opts: { action: string; ifRevision?: number | undefined; incident?: Row<'incidents'> },
): Promise<PostmortemView> {
  if (opts.ifRevision !== undefined && opts.ifRevision !== before.revision)
    throw stale(before, opts.ifRevision);
  const beforeView = await presentPostmortem(ctx.db, before);
  const full: RowPatch<'postmortems'> = { ...patch, updated_at: ctx.clock.now() };
  if (before.due_at === null && patch.due_at === undefined) {
    const incident = opts.incident ?? (await loadIncident(ctx.db, before.incident_id));
    const due = await dueDateFor(ctx.db, incident, patch.time_zone ?? before.time_zone);
    if (due !== null) full.due_at = due;
  }
  if (!(await updatePostmortemIfRevision(ctx.db, before.id, before.revision, full))) {
    throw stale(before, opts.ifRevision);
  }
  const after = await presentPostmortem(ctx.db, await loadPostmortem(ctx.db, before.id));
  await recordAudit(ctx, {
    action: opts.action,
    targetType: 'postmortem',
    targetId: before.id,
    before: beforeView,
    after,
  });
  return after;
}
