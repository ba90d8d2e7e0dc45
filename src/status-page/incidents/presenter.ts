import type { Queryable } from '../../platform/db/connect.ts';
import type { Row } from '../../platform/db/tables.ts';
import { type Page, type PageQuery, mapPage } from '../../platform/db/paginate.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { iso } from '../../platform/http/schema.ts';
import { type ActorNames, loadActorNames, presentActorOrNull } from '../../users/actors.ts';
import {
  type PublicIncidentFilter,
  findPublicIncident,
  incidentComponents,
  listPublicIncidents,
  updatesOf,
} from './repository.ts';
import type { AffectedComponentView, PublicIncidentView, PublicUpdateView } from './schemas.ts';

export function presentPublicUpdate(r: Row<'status_incident_updates'>, names: ActorNames): PublicUpdateView {
  return {
    id: r.id,
    status: r.status,
    body: r.body,
    display_at: iso(r.display_at),
    affected_components: JSON.parse(r.affected_components) as AffectedComponentView[],
    deliver_notifications: r.deliver_notifications === 1,
    created_at: iso(r.created_at),
    created_by: presentActorOrNull(r.created_by, names),
  };
}

type Linked = Awaited<ReturnType<typeof incidentComponents>>[number];

function presentPublicIncident(
  r: Row<'status_incidents'>,
  components: Linked[],
  updates: Row<'status_incident_updates'>[],
  names: ActorNames,
): PublicIncidentView {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    status: r.status,
    impact: r.impact,
    incident_id: r.incident_id,
    maintenance_window_id: r.maintenance_window_id,
    scheduled_for: iso(r.scheduled_for),
    scheduled_until: iso(r.scheduled_until),
    auto_transition: r.auto_transition === 1,
    started_at: iso(r.started_at),
    monitoring_at: iso(r.monitoring_at),
    resolved_at: iso(r.resolved_at),
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
    components: components
      .filter((c) => c.status_incident_id === r.id)
      .map((c) => ({ id: c.component_id, name: c.name, status: c.status })),
    updates: updates.filter((u) => u.status_incident_id === r.id).map((u) => presentPublicUpdate(u, names)),
  };
}

/** The rows with their components and updates, read in three queries for the whole list. */
async function presentAll(db: Queryable, rows: Row<'status_incidents'>[]): Promise<PublicIncidentView[]> {
  const ids = rows.map((r) => r.id);
  const [components, updates] = await Promise.all([incidentComponents(db, ids), updatesOf(db, ids)]);
  const names = await loadActorNames(
    db,
    updates.map((u) => u.created_by),
  );
  return rows.map((r) => presentPublicIncident(r, components, updates, names));
}

export async function getPublicIncident(db: Queryable, id: string): Promise<PublicIncidentView> {
  const row = await findPublicIncident(db, id);
  if (row === undefined) throw NotFoundError.of('public incident', id);
  return (await presentAll(db, [row]))[0]!;
}

export async function listPublicIncidentViews(
  db: Queryable,
  filter: PublicIncidentFilter,
  page: PageQuery,
): Promise<Page<PublicIncidentView>> {
  const rows = await listPublicIncidents(db, filter, page);
  const views = await presentAll(db, rows.data);
  return mapPage(rows, (r) => views.find((v) => v.id === r.id)!);
}
