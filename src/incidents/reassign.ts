import { announceWork } from '../platform/wake.ts';
import { cancelPendingPages } from '../escalation/lifecycle.ts';
import { actorRef, addTimeline } from '../timeline/repository.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors.ts';
import { incidentActorRefs, presentEscalation, presentIncident } from './presenter.ts';
import { loadActorNames } from '../users/actors.ts';
import {
  findIncident,
  lockEscalation,
  policyById,
  retriggerIncident,
  upsertEscalation,
  usersByIds,
} from './repository.ts';
import type { IncidentView, ReassignBody } from './schemas.ts';
import { requireIncidentAccess } from '../teams/access.ts';
import { assertNotDeactivated } from '../users/active.ts';

type Target =
  | { kind: 'users'; users: { id: string; name: string }[] }
  | { kind: 'policy'; policy: { id: string; name: string } };

/**
 * Hand the incident to other people or another policy. Whoever was being paged stops being
 * paged (pending notifications are cancelled), the incident is triggered for its new owners and
 * the engine pages them now: people once, a policy from level 1.
 */
export async function reassignIncident({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & ReassignBody;
}): Promise<IncidentView> {
  requireRole(ctx.actor, 'responder');
  await requireIncidentAccess(ctx, input.id);
  return inTransaction(ctx, async (ctx) => {
    const before = await findIncident(ctx.db, input.id);
    if (before === undefined) throw NotFoundError.of('incident', input.id);
    const target = await resolveTarget(ctx, input);
    const ref = `INC-${before.number}`;
    const now = ctx.clock.now();
    const updated = await retriggerIncident(ctx.db, before.id, ['triggered', 'acknowledged'], now);
    if (updated === undefined)
      throw new ConflictError(`${ref} is resolved; a resolved incident cannot be reassigned`);
    const esc = await lockEscalation(ctx.db, ctx.dialect, before.id);
    const cancelled = await cancelPendingPages(ctx.db, [before.id], now);
    const assignment =
      target.kind === 'users'
        ? { policy_id: null, assignees: JSON.stringify(target.users.map((u) => u.id)) }
        : { policy_id: target.policy.id, assignees: null };
    await upsertEscalation(ctx.db, before.id, assignment, now);
    const to =
      target.kind === 'users'
        ? target.users.map((u) => u.name).join(', ')
        : `escalation policy ${target.policy.name}`;
    await addTimeline(ctx.db, now, [
      {
        incidentId: before.id,
        kind: 'reassigned',
        actor: actorRef(ctx.actor),
        message: `${ctx.actor.name} reassigned ${ref} to ${to}`,
        data: {
          ...(target.kind === 'users'
            ? { user_ids: target.users.map((u) => u.id) }
            : { policy_id: target.policy.id }),
          cancelled_notifications: cancelled,
        },
      },
    ]);
    await announceWork(ctx.db, ctx.dialect);
    const names = await loadActorNames(ctx.db, incidentActorRefs(before, updated));
    const after = presentIncident(updated, names);
    await recordAudit(ctx, {
      action: 'incident.reassign',
      targetType: 'incident',
      targetId: before.id,
      before: { incident: presentIncident(before, names), escalation: presentEscalation(esc) },
      after: {
        incident: after,
        escalation: presentEscalation({
          incident_id: before.id,
          ...assignment,
          state: 'active',
          level: 0,
          round: 0,
          step: esc?.step ?? 0,
          due_at: now,
          snoozed_until: null,
          updated_at: now,
        }),
      },
    });
    return after;
  });
}

/** Exactly one of user_ids and escalation_policy_id, naming only things that exist (and active people). */
async function resolveTarget(ctx: Ctx, input: ReassignBody): Promise<Target> {
  const { user_ids: userIds, escalation_policy_id: policyId } = input;
  if (policyId !== undefined && userIds === undefined) {
    const policy = await policyById(ctx.db, policyId);
    if (policy === undefined) {
      throw new ValidationError(`escalation_policy_id: no escalation policy ${JSON.stringify(policyId)}`);
    }
    return { kind: 'policy', policy };
  }
  if (userIds === undefined || policyId !== undefined) {
    throw new ValidationError('user_ids: give exactly one of user_ids and escalation_policy_id');
  }
  const ids = [...new Set(userIds)];
  const found = new Map((await usersByIds(ctx.db, ids)).map((u) => [u.id, u]));
  const missing = userIds.findIndex((id) => !found.has(id));
  if (missing >= 0)
    throw new ValidationError(`user_ids.${missing}: no user ${JSON.stringify(userIds[missing])}`);
  await assertNotDeactivated(
    ctx.db,
    userIds.map((id, i): [string, string] => [`user_ids.${i}`, id]),
  );
  return { kind: 'users', users: ids.map((id) => found.get(id)!) };
}
