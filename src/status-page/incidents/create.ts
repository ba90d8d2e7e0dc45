import { actorUserId } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import { isUniqueViolation } from '../../platform/db/connect.ts';
import type { ComponentStatus } from '../../platform/db/tables/status-page.ts';
import type { Row } from '../../platform/db/tables.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { findIncident } from '../../incidents/repository.ts';
import { incidentScope } from '../../teams/repository.ts';
import { componentsOfServices } from '../components/repository.ts';
import { impactOf } from '../statuses.ts';
import { requirePublishAccess } from './access.ts';
import { applyPublicUpdate, checkUpdate } from './apply-update.ts';
import { getPublicIncident } from './presenter.ts';
import { findPublicIncidentOf, insertPublicIncident } from './repository.ts';
import type { CreatePublicIncidentInput, PublicIncidentView } from './schemas.ts';

/**
 * Opening a public incident, on its own or published from an internal one (`incident_id`, at
 * most once). Its name is always given: public text never comes from the internal incident.
 * Published from an internal incident without `components`, it affects the components standing
 * for that incident's services, each given a status from the incident's severity.
 */

const STATUS_OF_SEVERITY: Record<string, ComponentStatus> = {
  SEV1: 'major_outage',
  SEV2: 'partial_outage',
};

function alreadyPublished(ref: string, existing: Row<'status_incidents'>): ConflictError {
  return new ConflictError(
    `${ref} is already on the status page as public incident ${existing.id}; post updates to it instead`,
  );
}

export async function createPublicIncident({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreatePublicIncidentInput;
}): Promise<PublicIncidentView> {
  return inTransaction(ctx, async (ctx) => {
    let internal: Row<'incidents'> | undefined;
    if (input.incident_id !== undefined) {
      internal = await findIncident(ctx.db, input.incident_id);
      if (internal === undefined)
        throw new ValidationError(`body.incident_id: no incident ${JSON.stringify(input.incident_id)}`);
    }
    await requirePublishAccess(ctx, { kind: 'incident', incident_id: internal?.id ?? null });
    const ref = internal === undefined ? '' : `INC-${internal.number}`;
    if (internal !== undefined) {
      const existing = await findPublicIncidentOf(ctx.db, internal.id);
      if (existing !== undefined) throw alreadyPublished(ref, existing);
    }
    const components = input.components ?? (internal ? await defaultComponents(ctx, internal) : {});
    const status = input.status ?? 'investigating';
    await checkUpdate(ctx, 'incident', { status, components });

    const now = ctx.clock.now();
    const row: Row<'status_incidents'> = {
      id: newId('spi', now),
      kind: 'incident',
      name: input.name,
      status,
      impact: input.impact ?? impactOf(Object.values(components)),
      incident_id: internal?.id ?? null,
      maintenance_window_id: null,
      scheduled_for: null,
      scheduled_until: null,
      auto_transition: 0,
      started_at: now,
      monitoring_at: null,
      resolved_at: null,
      created_by: actorUserId(ctx.actor),
      created_at: now,
      updated_at: now,
    };
    try {
      await insertPublicIncident(ctx.db, row);
    } catch (e) {
      // Two publishes of one incident racing: the unique index lets one through.
      if (isUniqueViolation(e) && internal !== undefined) {
        const existing = await findPublicIncidentOf(ctx.db, internal.id);
        if (existing !== undefined) throw alreadyPublished(ref, existing);
      }
      throw e;
    }
    await applyPublicUpdate(
      ctx,
      row,
      { status, body: input.body, components, deliver: input.deliver_notifications ?? true },
      { first: true },
    );
    const view = await getPublicIncident(ctx.db, row.id);
    await recordAudit(ctx, {
      action: 'status_page.incident.create',
      targetType: 'status_incident',
      targetId: row.id,
      after: view,
    });
    return view;
  });
}

async function defaultComponents(
  ctx: Ctx,
  internal: Row<'incidents'>,
): Promise<Record<string, ComponentStatus>> {
  const scope = await incidentScope(ctx.db, internal.id);
  const status = STATUS_OF_SEVERITY[internal.severity] ?? 'degraded_performance';
  const linked = await componentsOfServices(ctx.db, scope?.serviceIds ?? [internal.service_id]);
  return Object.fromEntries(linked.map((c) => [c.id, status]));
}
