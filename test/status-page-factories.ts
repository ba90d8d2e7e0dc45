import { randomBytes } from 'node:crypto';
import type { Db } from '../src/platform/db/connect.ts';
import type {
  ComponentStatus,
  PublicImpact,
  PublicIncidentStatus,
} from '../src/platform/db/tables/status-page.ts';
import { newId } from '../src/platform/ids.ts';

/**
 * Status page rows for the public side's tests, written straight with Kysely the way part A's
 * verbs write them (a component's status and a status_component_changes row together; an
 * incident with its components and updates), so the public side can be tested on its own.
 * Names get a random suffix: the tests of one file share a database.
 */

const suffix = () => randomBytes(3).toString('hex');

export async function insertGroup(
  db: Db,
  opts: { name?: string; position?: number; description?: string; at: number },
): Promise<string> {
  const id = newId('cgr', opts.at);
  await db
    .insertInto('status_component_groups')
    .values({
      id,
      name: opts.name ?? `Group ${suffix()}`,
      description: opts.description ?? '',
      position: opts.position ?? 1,
      created_at: opts.at,
      updated_at: opts.at,
    })
    .execute();
  return id;
}

export interface ComponentOptions {
  name?: string;
  description?: string;
  groupId?: string | null;
  serviceId?: string | null;
  position?: number;
  status?: ComponentStatus;
  showcase?: boolean;
  onlyShowIfDegraded?: boolean;
  startDate?: string | null;
  at: number;
}

/** A component and its first change row (the status it was created in), as creating one writes. */
export async function insertComponent(db: Db, opts: ComponentOptions): Promise<string> {
  const id = newId('cmp', opts.at);
  const status = opts.status ?? 'operational';
  await db
    .insertInto('status_components')
    .values({
      id,
      name: opts.name ?? `Component ${suffix()}`,
      description: opts.description ?? '',
      group_id: opts.groupId ?? null,
      service_id: opts.serviceId ?? null,
      position: opts.position ?? 1,
      status,
      showcase: opts.showcase === false ? 0 : 1,
      only_show_if_degraded: opts.onlyShowIfDegraded ? 1 : 0,
      start_date: opts.startDate ?? null,
      created_at: opts.at,
      updated_at: opts.at,
    })
    .execute();
  await db
    .insertInto('status_component_changes')
    .values({
      id: newId('cch', opts.at),
      component_id: id,
      status,
      at: opts.at,
      status_incident_id: null,
      changed_by: null,
    })
    .execute();
  return id;
}

/** A change of status at `at`: the component's status and a history row, as part A's verbs do. */
export async function changeStatus(
  db: Db,
  componentId: string,
  status: ComponentStatus,
  at: number,
  by: { incidentId?: string; userId?: string } = {},
): Promise<void> {
  await db
    .updateTable('status_components')
    .set({ status, updated_at: at })
    .where('id', '=', componentId)
    .execute();
  await db
    .insertInto('status_component_changes')
    .values({
      id: newId('cch', at),
      component_id: componentId,
      status,
      at,
      status_incident_id: by.incidentId ?? null,
      changed_by: by.userId ?? null,
    })
    .execute();
}

export interface UpdateOptions {
  status: PublicIncidentStatus;
  body: string;
  at: number;
  affected?: { code: string; name: string; old_status: ComponentStatus; new_status: ComponentStatus }[];
  deliver?: boolean;
}

export interface IncidentOptions {
  kind?: 'incident' | 'maintenance';
  name?: string;
  status: PublicIncidentStatus;
  impact?: PublicImpact;
  /** Component id -> the status this incident gives it. */
  components?: Record<string, ComponentStatus>;
  updates: UpdateOptions[];
  /** Internal links that must never show publicly. */
  incidentId?: string | null;
  maintenanceWindowId?: string | null;
  createdBy?: string | null;
  scheduledFor?: number | null;
  scheduledUntil?: number | null;
  resolvedAt?: number | null;
  monitoringAt?: number | null;
  at: number;
}

export async function insertPublicIncident(db: Db, opts: IncidentOptions): Promise<string> {
  const id = newId('spi', opts.at);
  const last = Math.max(opts.at, ...opts.updates.map((u) => u.at));
  await db
    .insertInto('status_incidents')
    .values({
      id,
      kind: opts.kind ?? 'incident',
      name: opts.name ?? `Incident ${suffix()}`,
      status: opts.status,
      impact: opts.impact ?? (opts.kind === 'maintenance' ? 'maintenance' : 'minor'),
      incident_id: opts.incidentId ?? null,
      maintenance_window_id: opts.maintenanceWindowId ?? null,
      scheduled_for: opts.scheduledFor ?? null,
      scheduled_until: opts.scheduledUntil ?? null,
      auto_transition: 1,
      started_at: opts.at,
      monitoring_at: opts.monitoringAt ?? null,
      resolved_at: opts.resolvedAt ?? null,
      created_by: opts.createdBy ?? null,
      created_at: opts.at,
      updated_at: last,
    })
    .execute();
  for (const [componentId, status] of Object.entries(opts.components ?? {})) {
    await db
      .insertInto('status_incident_components')
      .values({ status_incident_id: id, component_id: componentId, status })
      .execute();
  }
  for (const u of opts.updates) await insertUpdate(db, id, { ...u, createdBy: opts.createdBy ?? null });
  return id;
}

/** One more update; the incident takes its status and its updated_at moves, as posting one does. */
export async function insertUpdate(
  db: Db,
  incidentId: string,
  u: UpdateOptions & { createdBy?: string | null },
): Promise<string> {
  const id = newId('spu', u.at);
  await db
    .insertInto('status_incident_updates')
    .values({
      id,
      status_incident_id: incidentId,
      status: u.status,
      body: u.body,
      display_at: u.at,
      affected_components: JSON.stringify(u.affected ?? []),
      deliver_notifications: u.deliver === false ? 0 : 1,
      fanned_out_at: null,
      created_by: u.createdBy ?? null,
      created_at: u.at,
      updated_at: u.at,
    })
    .execute();
  const resolved = u.status === 'resolved' || u.status === 'completed';
  await db
    .updateTable('status_incidents')
    .set({ status: u.status, updated_at: u.at, ...(resolved ? { resolved_at: u.at } : {}) })
    .where('id', '=', incidentId)
    .execute();
  return id;
}

/** Removes every status page row, so a test starts from an empty page. */
export async function clearStatusPage(db: Db): Promise<void> {
  for (const table of [
    'status_incident_updates',
    'status_incident_components',
    'status_component_changes',
    'status_incidents',
    'status_components',
    'status_component_groups',
  ] as const) {
    await db.deleteFrom(table).execute();
  }
}
