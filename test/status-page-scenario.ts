import { putSetting } from '../src/platform/db/settings-repository.ts';
import { buildIncident, buildMaintenanceWindow, buildService } from './factories.ts';
import type { TestServer } from './harness.ts';

/** What seeding needs of a server: its app (for internal objects) and database. */
type Seedable = Pick<TestServer, 'app' | 'tdb'>;
import { changeStatus, insertComponent, insertGroup, insertPublicIncident } from './status-page-factories.ts';

/**
 * One status page the public side's tests read, at NOW (a fixed clock): a group "Core" with API
 * (in a partial outage since 11:00, linked to a service) and Web, an ungrouped Billing (under
 * maintenance, no uptime bars) and Docs (shown only when degraded); an unresolved incident
 * published from an internal one, a resolved one, maintenance in progress and upcoming.
 * Internal things are attached everywhere they can be (internal incident, maintenance window,
 * authors, a service), so the tests can check none of them shows.
 */
export const NOW = Date.parse('2026-12-05T12:00:00Z');
export const at = (iso: string): number => Date.parse(iso);
export const PAGE_ID = 'acme12345678';
export const PUBLIC_URL = 'https://status.acme.test';

export interface Scenario {
  groupId: string;
  api: string;
  web: string;
  billing: string;
  docs: string;
  open: string;
  resolved: string;
  active: string;
  upcoming: string;
  /** Values that must never appear on the public side. */
  internal: { label: string; value: string }[];
}

export async function seedScenario(s: Seedable): Promise<Scenario> {
  const db = s.tdb.db;
  await putSetting(
    db,
    'status_page',
    JSON.stringify({
      name: 'Acme',
      logo_url: null,
      brand_color: '#0b7285',
      public_url: PUBLIC_URL,
      time_zone: 'Europe/Paris',
      page_id: PAGE_ID,
      updated_at: at('2026-09-01T00:00:00Z'),
    }),
    at('2026-09-01T00:00:00Z'),
  );
  const service = await buildService(s.app);
  const internal = await buildIncident(s.app, {
    from: 'declared',
    serviceId: service.id,
    title: 'INTERNAL db-primary-7 disk full',
  });
  const window = await buildMaintenanceWindow(s.app, { service_ids: [service.id] });
  const admin = await db
    .selectFrom('users')
    .select(['id', 'email'])
    .orderBy('created_at')
    .executeTakeFirstOrThrow();

  const created = at('2026-10-01T10:00:00Z');
  const groupId = await insertGroup(db, { name: 'Core', position: 1, at: created });
  const api = await insertComponent(db, {
    name: 'API',
    description: 'Public REST API',
    groupId,
    serviceId: service.id,
    position: 1,
    at: created,
  });
  const web = await insertComponent(db, { name: 'Web', groupId, position: 2, at: created });
  const billing = await insertComponent(db, { name: 'Billing', position: 0, showcase: false, at: created });
  const docs = await insertComponent(db, {
    name: 'Docs',
    position: 2,
    onlyShowIfDegraded: true,
    at: created,
  });

  await changeStatus(db, api, 'partial_outage', at('2026-12-05T11:00:00Z'), { userId: admin.id });
  const open = await insertPublicIncident(db, {
    name: 'Elevated API errors',
    status: 'identified',
    impact: 'major',
    components: { [api]: 'partial_outage' },
    incidentId: internal.incident.id,
    createdBy: admin.id,
    at: at('2026-12-05T11:00:00Z'),
    updates: [
      {
        status: 'investigating',
        body: 'We are **investigating** errors. <script>alert(1)</script> [more](javascript:alert(1))',
        at: at('2026-12-05T11:00:00Z'),
        affected: [{ code: api, name: 'API', old_status: 'operational', new_status: 'partial_outage' }],
      },
      {
        status: 'identified',
        body: 'The cause is a bad deploy; rolling back.',
        at: at('2026-12-05T11:30:00Z'),
      },
    ],
  });
  const resolved = await insertPublicIncident(db, {
    name: 'Login failures',
    status: 'resolved',
    impact: 'minor',
    components: { [web]: 'degraded_performance' },
    at: at('2026-12-01T08:00:00Z'),
    updates: [
      { status: 'investigating', body: 'Some logins fail.', at: at('2026-12-01T08:00:00Z') },
      { status: 'resolved', body: 'Fixed.', at: at('2026-12-01T09:00:00Z') },
    ],
  });
  await changeStatus(db, billing, 'under_maintenance', at('2026-12-05T11:00:00Z'));
  const active = await insertPublicIncident(db, {
    kind: 'maintenance',
    name: 'Billing database upgrade',
    status: 'in_progress',
    components: { [billing]: 'under_maintenance' },
    scheduledFor: at('2026-12-05T11:00:00Z'),
    scheduledUntil: at('2026-12-05T13:00:00Z'),
    maintenanceWindowId: window.id,
    at: at('2026-12-04T09:00:00Z'),
    updates: [
      { status: 'scheduled', body: 'Billing will be read-only.', at: at('2026-12-04T09:00:00Z') },
      { status: 'in_progress', body: 'Under way.', at: at('2026-12-05T11:00:00Z') },
    ],
  });
  const upcoming = await insertPublicIncident(db, {
    kind: 'maintenance',
    name: 'Web server patching',
    status: 'scheduled',
    components: { [web]: 'under_maintenance' },
    scheduledFor: at('2026-12-06T02:00:00Z'),
    scheduledUntil: at('2026-12-06T04:00:00Z'),
    at: at('2026-12-05T09:00:00Z'),
    updates: [{ status: 'scheduled', body: 'Short interruptions.', at: at('2026-12-05T09:00:00Z') }],
  });
  return {
    groupId,
    api,
    web,
    billing,
    docs,
    open,
    resolved,
    active,
    upcoming,
    internal: [
      { label: 'internal incident id', value: internal.incident.id },
      { label: 'internal incident title', value: 'INTERNAL db-primary-7' },
      { label: 'maintenance window id', value: window.id },
      { label: 'maintenance window name', value: window.name },
      { label: 'author id', value: admin.id },
      { label: 'author email', value: admin.email },
      { label: 'service id', value: service.id },
      { label: 'service name', value: service.name },
    ],
  };
}
