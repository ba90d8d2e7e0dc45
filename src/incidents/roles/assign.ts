import { actorRef, addTimeline } from '../../timeline/repository.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { actorUserId, requireRole } from '../../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import type { Row } from '../../platform/db/tables.ts';
import { ValidationError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { findUserById } from '../../users/repository.ts';
import { lockIncidentForRoles, requireRoleType, rolesView, touchIncident } from './common.ts';
import { roleInSentence } from './presenter.ts';
import { currentHolder, endAssignment, findRoleType, insertAssignment } from './repository.ts';
import type { IncidentRolesView } from './schemas.ts';
import { requireIncidentAccess } from '../../teams/access.ts';

export const COMMANDER = 'commander';

/**
 * Gives a role to a user; whoever held it hands it over (their assignment ends, so the history
 * shows both). Giving it to its current holder changes nothing.
 */
export async function assignRole({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; role: string; user_id: string };
}): Promise<IncidentRolesView> {
  requireRole(ctx.actor, 'responder');
  await requireIncidentAccess(ctx, input.id);
  return inTransaction(ctx, async (ctx) => {
    const now = ctx.clock.now();
    const type = await requireRoleType(ctx.db, input.role);
    const user = await findUserById(ctx.db, input.user_id);
    if (user === undefined) {
      throw new ValidationError(`body.user_id: user ${JSON.stringify(input.user_id)} not found`);
    }
    const incident = await lockIncidentForRoles(ctx, input.id);
    const holder = await currentHolder(ctx.db, incident.id, type.slug);
    if (holder?.user_id === user.id) return rolesView(ctx.db, incident.id);

    const by = actorRef(ctx.actor);
    await touchIncident(ctx, incident.id, now);
    let previousName: string | undefined;
    if (holder !== undefined) {
      await endAssignment(ctx.db, holder.id, now, by);
      previousName = (await findUserById(ctx.db, holder.user_id))?.name ?? holder.user_id;
    }
    await insertAssignment(ctx.db, {
      id: newId('rol', now),
      incident_id: incident.id,
      role: type.slug,
      user_id: user.id,
      assigned_at: now,
      assigned_by: by,
      ended_at: null,
      ended_by: null,
    });
    const was = previousName === undefined ? '' : ` (was ${previousName})`;
    await addTimeline(ctx.db, now, [
      {
        incidentId: incident.id,
        kind: 'role_assigned',
        actor: by,
        message: `${user.name} is now ${roleInSentence(type.name)}${was}`,
        data: { role: type.slug, user_id: user.id, previous_user_id: holder?.user_id ?? null },
      },
    ]);
    await recordAudit(ctx, {
      action: 'incident.role.assign',
      targetType: 'incident',
      targetId: incident.id,
      before: { role: type.slug, user_id: holder?.user_id ?? null },
      after: { role: type.slug, user_id: user.id },
    });
    return rolesView(ctx.db, incident.id);
  });
}

/**
 * The first person to acknowledge becomes incident commander when nobody is; the engine and
 * alert sources acknowledging assign nobody. Runs in the acknowledging transaction, after the
 * incident row was updated (and so locked on PostgreSQL).
 */
export async function commanderIfFirst(ctx: Ctx, incident: Row<'incidents'>, now: number): Promise<void> {
  const userId = actorUserId(ctx.actor);
  if (userId === null) return;
  const type = await findRoleType(ctx.db, COMMANDER);
  // An organisation that removed the commander role wants nobody made one.
  if (type === undefined) return;
  if ((await currentHolder(ctx.db, incident.id, COMMANDER)) !== undefined) return;
  const by = actorRef(ctx.actor);
  await insertAssignment(ctx.db, {
    id: newId('rol', now),
    incident_id: incident.id,
    role: COMMANDER,
    user_id: userId,
    assigned_at: now,
    assigned_by: by,
    ended_at: null,
    ended_by: null,
  });
  await addTimeline(ctx.db, now, [
    {
      incidentId: incident.id,
      kind: 'role_assigned',
      actor: by,
      message: `${ctx.actor.name} acknowledged first and is ${roleInSentence(type.name)}`,
      data: { role: COMMANDER, user_id: userId, previous_user_id: null },
    },
  ]);
}
