import { announceWork } from '../platform/wake.ts';
import { loadPolicy } from '../escalation/policy.ts';
import { actorRef, addTimeline } from '../timeline/repository.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors.ts';
import { incidentActorRefs, presentEscalation, presentIncident } from './presenter.ts';
import { loadActorNames } from '../users/actors.ts';
import { findIncident, lockEscalation, retriggerIncident } from './repository.ts';
import { updateEscalation } from '../escalation/repository.ts';
import type { EscalateBody, IncidentView } from './schemas.ts';
import { requireIncidentAccess } from '../teams/access.ts';

/**
 * Page the next level of the incident's policy now instead of waiting out the current level's
 * delay, or a chosen level. Like PagerDuty, escalating an acknowledged incident re-triggers it:
 * someone asked for more help, so the acknowledgement no longer stands. The engine does the
 * paging (the row is made due now), so the firing, its timeline and its pages are the same as
 * for a level reached by time.
 */
export async function escalateIncident({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & EscalateBody;
}): Promise<IncidentView> {
  requireRole(ctx.actor, 'responder');
  await requireIncidentAccess(ctx, input.id);
  return inTransaction(ctx, async (ctx) => {
    const before = await findIncident(ctx.db, input.id);
    if (before === undefined) throw NotFoundError.of('incident', input.id);
    const ref = `INC-${before.number}`;
    const now = ctx.clock.now();
    const updated = await retriggerIncident(ctx.db, before.id, ['triggered', 'acknowledged'], now);
    if (updated === undefined)
      throw new ConflictError(`${ref} is resolved; a resolved incident cannot be escalated`);
    const esc = await lockEscalation(ctx.db, ctx.dialect, before.id);
    if (esc !== undefined && esc.assignees !== null) {
      throw new ConflictError(
        `${ref} is assigned to people, not an escalation policy; reassign it to a policy to escalate it`,
      );
    }
    const policyId = esc?.policy_id ?? null;
    const policy = policyId === null ? undefined : await loadPolicy(ctx.db, policyId);
    if (esc === undefined || policy === undefined || policy.levels.length === 0) {
      throw new ConflictError(`${ref} has no escalation policy to escalate through; reassign it instead`);
    }
    const count = policy.levels.length;
    let level: number;
    if (input.level !== undefined) {
      if (input.level > count) {
        throw new ValidationError(
          `level: ${policy.name} has ${count} level${count === 1 ? '' : 's'}; give 1 to ${count}`,
        );
      }
      level = input.level - 1;
    } else {
      // level/round name the position that fires next; an exhausted policy has none left.
      if (esc.state !== 'active') {
        throw new ConflictError(
          `${ref} has been through every level of ${policy.name}; give a level to page one of them again`,
        );
      }
      level = Math.min(esc.level, count - 1);
    }
    const round = Math.min(esc.round, policy.repeatCount);
    await updateEscalation(ctx.db, before.id, {
      state: 'active',
      level,
      round,
      due_at: now,
      snoozed_until: null,
      updated_at: now,
    });
    await addTimeline(ctx.db, now, [
      {
        incidentId: before.id,
        kind: 'escalation_requested',
        actor: actorRef(ctx.actor),
        message: `${ctx.actor.name} escalated ${ref} to level ${level + 1} of ${policy.name}${
          before.status === 'acknowledged' ? ' (it is triggered again)' : ''
        }`,
        data: { level: level + 1, round, policy_id: policy.id, from_status: before.status },
      },
    ]);
    await announceWork(ctx.db, ctx.dialect);
    const names = await loadActorNames(ctx.db, incidentActorRefs(before, updated));
    const after = presentIncident(updated, names);
    await recordAudit(ctx, {
      action: 'incident.escalate',
      targetType: 'incident',
      targetId: before.id,
      before: { incident: presentIncident(before, names), escalation: presentEscalation(esc) },
      after: {
        incident: after,
        escalation: presentEscalation({
          ...esc,
          state: 'active',
          level,
          round,
          due_at: now,
          snoozed_until: null,
        }),
      },
    });
    return after;
  });
}
