import type { Db } from '../src/platform/db/connect.ts';
import { newId } from '../src/platform/ids.ts';

/**
 * Public components, incidents and updates written with Kysely directly, for part C's tests
 * (subscribers, deadlines) until the status-page API's verbs (part A) are merged; then these
 * should go through them.
 */
export async function insertComponent(db: Db, name: string, now: number): Promise<string> {
  const id = newId('cmp', now);
  await db
    .insertInto('status_components')
    .values({
      id,
      name,
      description: '',
      group_id: null,
      service_id: null,
      position: 0,
      status: 'operational',
      showcase: 1,
      only_show_if_degraded: 0,
      start_date: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export async function insertPublicIncident(
  db: Db,
  opts: { name: string; components: string[]; incidentId?: string; now: number },
): Promise<string> {
  const id = newId('spi', opts.now);
  await db
    .insertInto('status_incidents')
    .values({
      id,
      kind: 'incident',
      name: opts.name,
      status: 'investigating',
      impact: 'major',
      incident_id: opts.incidentId ?? null,
      maintenance_window_id: null,
      scheduled_for: null,
      scheduled_until: null,
      auto_transition: 0,
      started_at: opts.now,
      monitoring_at: null,
      resolved_at: null,
      created_by: null,
      created_at: opts.now,
      updated_at: opts.now,
    })
    .execute();
  for (const component of opts.components) {
    await db
      .insertInto('status_incident_components')
      .values({ status_incident_id: id, component_id: component, status: 'major_outage' })
      .execute();
  }
  return id;
}

/** An update as posting one through the API leaves it: not fanned out yet. */
export async function insertPublicUpdate(
  db: Db,
  statusIncidentId: string,
  opts: {
    status?: 'investigating' | 'identified' | 'monitoring' | 'resolved';
    body: string;
    now: number;
    deliver?: boolean;
  },
): Promise<string> {
  const id = newId('spu', opts.now);
  await db
    .insertInto('status_incident_updates')
    .values({
      id,
      status_incident_id: statusIncidentId,
      status: opts.status ?? 'investigating',
      body: opts.body,
      display_at: opts.now,
      affected_components: '[]',
      deliver_notifications: opts.deliver === false ? 0 : 1,
      fanned_out_at: null,
      created_by: null,
      created_at: opts.now,
      updated_at: opts.now,
    })
    .execute();
  return id;
}
