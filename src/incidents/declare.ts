import { startEscalations } from '../escalation/lifecycle.ts';
import { actorRef, addTimeline } from '../timeline/repository.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { Queryable } from '../platform/db/connect.ts';
import type { NewRow } from '../platform/db/tables.ts';
import { ValidationError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { pickSeverity } from '../severities/known.ts';
import { listSeverities } from '../severities/repository.ts';
import { reserveIncidentNumbers } from './repository-opened.ts';
import { initializeIncidents, prepareIncidents } from './opened.ts';
import { addIncidentServices, extraServicesOf, insertIncident } from './repository.ts';
import { findServicesByIds } from '../services/repository.ts';
import { presentIncidentLoaded } from './presenter.ts';
import type { DeclareIncidentBody } from './schemas-declare.ts';
import type { IncidentView } from './schemas.ts';
import { requireServiceAccess } from '../teams/access.ts';

/** The services named by `ids`, in that order, or a 400 naming the first unknown one. */
export async function requireServices(db: Queryable, ids: string[], field: string) {
  const found = await findServicesByIds(db, ids);
  const byId = new Map(found.map((s) => [s.id, s]));
  return ids.map((id, i) => {
    const s = byId.get(id);
    if (s === undefined) throw new ValidationError(`${field}[${i}]: service ${JSON.stringify(id)} not found`);
    return s;
  });
}

/**
 * Opens an incident by hand. It is paged exactly like an alert-born one (the first service's
 * policy from level 1, by the engine) and starts with the same slug, checklist, update cadence
 * and recent changes. Its group key is its own id, which no alert's grouping key can equal, so
 * alerts never group into it.
 */
export async function declareIncident({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: DeclareIncidentBody;
}): Promise<IncidentView> {
  requireRole(ctx.actor, 'responder');
  return inTransaction(ctx, async (ctx) => {
    const severities = await listSeverities(ctx.db);
    const severity = pickSeverity(severities, input.severity, 'body.severity');
    const services = await requireServices(ctx.db, input.service_ids, 'body.service_ids');
    await requireServiceAccess(
      ctx,
      services.map((s) => s.id),
    );
    const primary = services[0]!;
    const now = ctx.clock.now();
    const by = actorRef(ctx.actor);
    const id = newId('inc', now);
    const row: NewRow<'incidents'> = {
      id,
      number: await reserveIncidentNumbers(ctx.db, 1),
      title: input.title,
      description: input.description ?? '',
      service_id: primary.id,
      severity: severity.name,
      urgency: input.urgency ?? (severity.pages ? 'high' : 'low'),
      status: 'triggered',
      origin: 'declared',
      declared_by: by,
      group_key: `declared:${id}`,
      alert_count: 0,
      created_at: now,
      updated_at: now,
      last_alert_at: now,
      acknowledged_at: null,
      acknowledged_by: null,
      resolved_at: null,
      resolved_by: null,
    };
    await prepareIncidents(ctx.db, [row], severities, new Map([[primary.id, primary.name]]));
    const inserted = await insertIncident(ctx.db, row);
    const extras = services.slice(1);
    if (extras.length > 0) {
      await addIncidentServices(
        ctx.db,
        id,
        extras.map((s) => s.id),
      );
    }
    const ref = `INC-${inserted.number}`;
    await addTimeline(ctx.db, now, [
      {
        incidentId: id,
        kind: 'declared',
        actor: by,
        message: `${ref} declared by ${ctx.actor.name}: ${inserted.title} (${severity.name})`,
        data: {
          severity: severity.name,
          urgency: inserted.urgency,
          service_ids: services.map((s) => s.id),
          slug: inserted.slug,
        },
      },
    ]);
    await startEscalations(
      ctx.db,
      ctx.dialect,
      [{ id, service_id: primary.id, number: inserted.number, title: inserted.title }],
      now,
      by,
    );
    await initializeIncidents(ctx.db, [inserted], now, by, {
      severities,
      extraServices: new Map([[id, extras.map((s) => s.id)]]),
    });
    const view = await presentIncidentLoaded(
      ctx.db,
      inserted,
      (await extraServicesOf(ctx.db, [id])).get(id) ?? [],
    );
    await recordAudit(ctx, { action: 'incident.declare', targetType: 'incident', targetId: id, after: view });
    return view;
  });
}
