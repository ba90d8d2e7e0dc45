import { actorUserId } from '../../platform/auth/actor.ts';
import type { Ctx } from '../../platform/context.ts';
import type { ComponentStatus, PublicIncidentStatus } from '../../platform/db/tables/status-page.ts';
import type { Row, RowPatch } from '../../platform/db/tables.ts';
import { ValidationError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { announceWork } from '../../platform/wake.ts';
import { actorRef, addTimeline } from '../../timeline/repository.ts';
import { findComponentsByIds } from '../components/repository.ts';
import { changeComponentStatus } from '../components/status.ts';
import { INCIDENT_STATUSES, MAINTENANCE_STATUSES, isClosingStatus, worstStatus } from '../statuses.ts';
import {
  incidentComponents,
  insertPublicUpdate,
  moveStatusIf,
  openStatusesOf,
  putIncidentComponents,
  updatePublicIncidentRow,
} from './repository.ts';
import type { AffectedComponentView } from './schemas.ts';

/**
 * Posting an update: the one way a public incident or maintenance changes status (Statuspage's
 * model). In the caller's transaction it moves the status (and its resolved/monitoring times),
 * sets the statuses it gives components, brings each affected component to the worst status
 * its open incidents give it (every change a history row), writes the update with the
 * components it changed, notes it on the internal incident's timeline, and wakes the engines
 * so subscribers hear of it. The caller authorises and audits.
 */
export interface UpdateRequest {
  status: PublicIncidentStatus;
  body: string;
  components?: Record<string, ComponentStatus> | undefined;
  deliver: boolean;
}

/** Open and started: a scheduled maintenance gives its components nothing until it starts. */
function affecting(r: Pick<Row<'status_incidents'>, 'status' | 'resolved_at'>): boolean {
  return r.resolved_at === null && r.status !== 'scheduled';
}

export async function checkUpdate(
  ctx: Ctx,
  kind: 'incident' | 'maintenance',
  req: Pick<UpdateRequest, 'status' | 'components'>,
): Promise<void> {
  const allowed: readonly string[] = kind === 'incident' ? INCIDENT_STATUSES : MAINTENANCE_STATUSES;
  if (!allowed.includes(req.status))
    throw new ValidationError(`body.status: a ${kind} takes one of: ${allowed.join(', ')}`);
  const ids = Object.keys(req.components ?? {});
  const found = new Set((await findComponentsByIds(ctx.db, ids)).map((c) => c.id));
  for (const id of ids)
    if (!found.has(id))
      throw new ValidationError(`body.components.${id}: no component ${JSON.stringify(id)}`);
}

/**
 * `from`: move only if the status is still one of these (the maintenance timer's claim); the
 * answer is then undefined when someone else moved it first. `first`: the incident was just
 * created (its timeline entry says published rather than updated).
 */
export async function applyPublicUpdate(
  ctx: Ctx,
  incident: Row<'status_incidents'>,
  req: UpdateRequest,
  opts: { from?: PublicIncidentStatus[]; first?: boolean } = {},
): Promise<Row<'status_incident_updates'> | undefined> {
  await checkUpdate(ctx, incident.kind, req);
  const now = ctx.clock.now();
  const closing = isClosingStatus(req.status);
  const patch: RowPatch<'status_incidents'> = {
    status: req.status,
    resolved_at: closing ? (incident.resolved_at ?? now) : null,
    monitoring_at: req.status === 'monitoring' ? (incident.monitoring_at ?? now) : incident.monitoring_at,
    updated_at: now,
  };
  if (opts.from !== undefined) {
    if (!(await moveStatusIf(ctx.db, incident.id, opts.from, patch))) return undefined;
  } else {
    await updatePublicIncidentRow(ctx.db, incident.id, patch);
  }
  const after = { ...incident, ...patch };
  await putIncidentComponents(ctx.db, incident.id, Object.entries(req.components ?? {}));

  let affected: AffectedComponentView[] = [];
  if (affecting(incident) || affecting(after)) {
    const mine = (await incidentComponents(ctx.db, [incident.id])).map((c) => c.component_id);
    affected = await settleComponents(ctx, mine, incident.id, now);
  }

  const row: Row<'status_incident_updates'> = {
    id: newId('spu', now),
    status_incident_id: incident.id,
    status: req.status,
    body: req.body,
    display_at: now,
    affected_components: JSON.stringify(affected),
    deliver_notifications: req.deliver ? 1 : 0,
    fanned_out_at: null,
    created_by: actorUserId(ctx.actor),
    created_at: now,
    updated_at: now,
  };
  await insertPublicUpdate(ctx.db, row);
  if (incident.incident_id !== null) {
    await addTimeline(ctx.db, now, [
      {
        incidentId: incident.incident_id,
        kind: opts.first === true ? 'status_page_published' : 'status_page_updated',
        actor: actorRef(ctx.actor),
        message:
          opts.first === true
            ? `Published on the status page as ${JSON.stringify(after.name)} (${req.status})`
            : `Status page update: ${req.status}`,
        data: { status_incident_id: incident.id, update_id: row.id, status: req.status },
      },
    ]);
  }
  if (req.deliver) await announceWork(ctx.db, ctx.dialect);
  return row;
}

/**
 * Brings each component to the worst status its open incidents and started maintenances give
 * it (operational when none does) and returns those that changed, in page order.
 */
export async function settleComponents(
  ctx: Ctx,
  componentIds: string[],
  statusIncidentId: string | null,
  now: number,
): Promise<AffectedComponentView[]> {
  const components = (await findComponentsByIds(ctx.db, componentIds)).sort(
    (a, b) => a.position - b.position || (a.id < b.id ? -1 : 1),
  );
  const open = await openStatusesOf(ctx.db, componentIds);
  const affected: AffectedComponentView[] = [];
  for (const component of components) {
    const status = worstStatus(open.filter((o) => o.component_id === component.id).map((o) => o.status));
    const old = await changeComponentStatus(ctx.db, {
      component,
      status,
      now,
      statusIncidentId,
      changedBy: actorUserId(ctx.actor),
    });
    if (old !== undefined)
      affected.push({ code: component.id, name: component.name, old_status: old, new_status: status });
  }
  return affected;
}
