import type { Queryable } from '../../platform/db/connect.ts';
import { type PublicSettings, readPublicSettings } from './page-settings.ts';
import {
  type ChangeRow,
  type IncidentRow,
  findIncident,
  listChangesSince,
  listComponents,
  listGroups,
  listHistoryPage,
  listIncidentComponents,
  listOpen,
  listRecent,
  listUpdates,
} from './repository.ts';
import {
  type V2Component,
  type V2Incident,
  type V2Page,
  type V2Status,
  pageStatus,
  presentComponents,
  presentIncident,
  presentPage,
} from './statuspage-v2.ts';
import { UPTIME_DAYS, type Uptime, computeUptime, trackedFrom } from './uptime.ts';

/**
 * Everything the public page shows, read in one go and presented as Statuspage's objects: the
 * HTML, the JSON and the feeds are all rendered from this, so none of them can show a field the
 * JSON does not (nothing internal is ever loaded into it).
 */
export interface PageData {
  settings: PublicSettings;
  page: V2Page;
  status: V2Status;
  /** Statuspage's list: groups followed by their components, by position. */
  components: V2Component[];
  /** Unresolved incidents, newest first. */
  unresolved: V2Incident[];
  /** Maintenance still `scheduled`, soonest first. */
  upcoming: V2Incident[];
  /** Maintenance `in_progress` or `verifying`, soonest first. */
  active: V2Incident[];
  /** The RECENT newest incidents (and any older unresolved one), newest first. */
  incidents: V2Incident[];
  /** The RECENT newest maintenances (and any older open one), newest first. */
  maintenances: V2Incident[];
  /** 90-day uptime per (non-group) component id. */
  uptime: Map<string, Uptime>;
}

/** Statuspage's incidents.json and scheduled-maintenances.json list the 50 most recent. */
export const RECENT = 50;
const DAY_MS = 86_400_000;

export interface LoadArgs {
  db: Queryable;
  /** TOCSIN_PUBLIC_URL: the page's URL defaults to it + /status. */
  tocsinPublicUrl: string;
  now: number;
}

function uniqueById(rows: IncidentRow[]): IncidentRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.id) && seen.add(r.id));
}

async function presentMany(
  db: Queryable,
  rows: IncidentRow[],
  components: Map<string, V2Component>,
  settings: PublicSettings,
): Promise<Map<string, V2Incident>> {
  const ids = rows.map((r) => r.id);
  const parts = {
    updates: await listUpdates(db, ids),
    links: await listIncidentComponents(db, ids),
    components,
  };
  return new Map(rows.map((r) => [r.id, presentIncident(r, parts, settings)]));
}

const bySchedule = (a: V2Incident, b: V2Incident) =>
  (a.scheduled_for ?? '').localeCompare(b.scheduled_for ?? '') || a.id.localeCompare(b.id);

export async function loadPageData({ db, tocsinPublicUrl, now }: LoadArgs): Promise<PageData> {
  const settings = await readPublicSettings(db, tocsinPublicUrl, now);
  const [componentRows, groups] = [await listComponents(db), await listGroups(db)];
  const components = presentComponents(componentRows, groups, settings.page_id);
  const byId = new Map(components.map((c) => [c.id, c]));

  const openIncidents = await listOpen(db, 'incident');
  const openMaintenance = await listOpen(db, 'maintenance');
  const incidentRows = uniqueById([...(await listRecent(db, 'incident', RECENT)), ...openIncidents]);
  const maintenanceRows = uniqueById([...(await listRecent(db, 'maintenance', RECENT)), ...openMaintenance]);
  const presented = await presentMany(db, [...incidentRows, ...maintenanceRows], byId, settings);
  const pick = (rows: IncidentRow[]) => rows.map((r) => presented.get(r.id)!);
  const maintenance = pick(openMaintenance);
  const unresolved = pick(openIncidents);

  const since = (Math.floor(now / DAY_MS) - UPTIME_DAYS + 1) * DAY_MS;
  const history = new Map<string, ChangeRow[]>();
  for (const x of await listChangesSince(db, since)) {
    const list = history.get(x.component_id);
    if (list === undefined) history.set(x.component_id, [x]);
    else list.push(x);
  }
  const uptime = new Map<string, Uptime>();
  for (const c of componentRows) {
    const from = trackedFrom(c.start_date, c.created_at);
    uptime.set(c.id, computeUptime({ changes: history.get(c.id) ?? [], from, now }));
  }

  const updatedAt = Math.max(
    settings.updated_at,
    ...componentRows.map((c) => c.updated_at),
    ...groups.map((g) => g.updated_at),
    ...[...incidentRows, ...maintenanceRows].map((r) => r.updated_at),
  );
  return {
    settings,
    page: presentPage(settings, updatedAt),
    status: pageStatus(components, unresolved),
    components,
    unresolved,
    upcoming: maintenance.filter((m) => m.status === 'scheduled').sort(bySchedule),
    active: maintenance.filter((m) => m.status !== 'scheduled').sort(bySchedule),
    incidents: pick(incidentRows),
    maintenances: pick(maintenanceRows),
    uptime,
  };
}

/** One page of the history (incidents and maintenance together, newest first). */
export async function loadHistoryPage(
  db: Queryable,
  data: PageData,
  page: number,
  perPage: number,
): Promise<{ items: V2Incident[]; hasNext: boolean }> {
  const rows = await listHistoryPage(db, (page - 1) * perPage, perPage + 1);
  const shown = rows.slice(0, perPage);
  const byId = new Map(data.components.map((c) => [c.id, c]));
  const presented = await presentMany(db, shown, byId, data.settings);
  return { items: shown.map((r) => presented.get(r.id)!), hasNext: rows.length > perPage };
}

export async function loadIncident(
  db: Queryable,
  data: PageData,
  id: string,
): Promise<V2Incident | undefined> {
  const row = await findIncident(db, id);
  if (row === undefined) return undefined;
  const byId = new Map(data.components.map((c) => [c.id, c]));
  return (await presentMany(db, [row], byId, data.settings)).get(row.id);
}

/** Is this incident object a scheduled maintenance? (Only maintenances carry scheduled_for.) */
export const isMaintenance = (i: V2Incident): boolean => i.scheduled_for !== undefined;
