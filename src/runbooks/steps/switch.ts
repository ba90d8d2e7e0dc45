import { recordAudit } from '../../platform/audit/record.ts';
import { actorRole, requireRole } from '../../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import { ForbiddenError, ValidationError } from '../../platform/errors.ts';
import { iso } from '../../platform/http/schema.ts';
import { findServiceById, findServicesByIds } from '../../services/repository.ts';
import { managesTeam } from '../../teams/access.ts';
import { actorRef, addTimeline } from '../../timeline/repository.ts';
import { loadActorNames, presentActorOrNull } from '../../users/actors.ts';
import { moveRun, putSwitch, stoppableRuns, switches } from './repository.ts';

/**
 * The kill switches: one global, one per service. On, they stop every automated step at once:
 * runs waiting for approval, queued or claimed are cancelled, new ones are refused and say why,
 * and the engine checks again right before sending. Anyone who may run steps (a responder) may
 * pull a switch; turning the global one off is an admin's, a service's an admin's or its team
 * manager's. Every change is audited.
 */
export async function killSwitches(db: Queryable) {
  const rows = await switches(db);
  const names = await loadActorNames(
    db,
    rows.map((r) => r.changed_by),
  );
  const state = (r: (typeof rows)[number] | undefined) => ({
    engaged: r?.engaged === 1,
    reason: r?.reason ?? '',
    changed_by: presentActorOrNull(r?.changed_by ?? null, names),
    changed_at: iso(r?.changed_at ?? null),
  });
  const services = new Map(
    (
      await findServicesByIds(
        db,
        rows.filter((r) => r.scope !== 'global').map((r) => r.scope),
      )
    ).map((s) => [s.id, s]),
  );
  return {
    global: state(rows.find((r) => r.scope === 'global')),
    services: rows
      .filter((r) => r.scope !== 'global' && services.has(r.scope))
      .map((r) => ({ service: services.get(r.scope)!, ...state(r) })),
  };
}

export async function setKillSwitch({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { engaged: boolean; reason?: string | undefined; service_id?: string | null | undefined };
}) {
  requireRole(ctx.actor, 'responder');
  const serviceId = input.service_id ?? null;
  await inTransaction(ctx, async (ctx) => {
    if (serviceId !== null) {
      const service = await findServiceById(ctx.db, serviceId);
      if (service === undefined)
        throw new ValidationError(`body.service_id: no service ${JSON.stringify(serviceId)}`);
      if (!input.engaged && !(await managesTeam(ctx, service.team_id))) {
        throw new ForbiddenError(
          "turning a service's kill switch off needs the admin role or the manager role on its team",
        );
      }
    } else if (!input.engaged && actorRole(ctx.actor) !== 'admin') {
      throw new ForbiddenError('turning the global kill switch off needs the admin role');
    }
    const now = ctx.clock.now();
    const by = actorRef(ctx.actor);
    const scope = serviceId ?? 'global';
    const before = (await switches(ctx.db)).find((r) => r.scope === scope);
    const reason = input.reason ?? '';
    await putSwitch(ctx.db, {
      scope,
      engaged: input.engaged ? 1 : 0,
      reason,
      changed_by: by,
      changed_at: now,
    });
    if (input.engaged) {
      const stopped = await stoppableRuns(ctx.db, serviceId);
      const why = `stopped by the ${serviceId === null ? 'global' : "service's"} kill switch${reason === '' ? '' : ` (${reason})`}`;
      const cancelled: typeof stopped = [];
      for (const r of stopped) {
        if (
          await moveRun(ctx.db, r.id, ['pending_approval', 'queued', 'claimed'], {
            status: 'cancelled',
            decided_by: by,
            decided_at: now,
            finished_at: now,
            error: why,
          })
        ) {
          cancelled.push(r);
        }
      }
      await addTimeline(
        ctx.db,
        now,
        cancelled.map((r) => ({
          incidentId: r.incident_id,
          kind: 'runbook_step_cancelled' as const,
          actor: by,
          message: `A runbook step did not run: ${why}`,
          data: { run_id: r.id, step_id: r.step_id },
        })),
      );
    }
    await recordAudit(ctx, {
      action: input.engaged ? 'runbook_kill_switch.on' : 'runbook_kill_switch.off',
      targetType: 'runbook_kill_switch',
      targetId: scope,
      before: before === undefined ? null : { engaged: before.engaged === 1, reason: before.reason },
      after: { engaged: input.engaged, reason },
    });
  });
  return killSwitches(ctx.db);
}
