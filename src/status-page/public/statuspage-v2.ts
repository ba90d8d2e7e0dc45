import type { ComponentStatus, PublicImpact } from '../../platform/db/tables/status-page.ts';
import { iso } from '../../platform/http/schema.ts';
import type { PublicSettings } from './page-settings.ts';
import type { ComponentRow, GroupRow, IncidentComponentRow, IncidentRow, UpdateRow } from './repository.ts';
import { worstStatus } from './uptime.ts';

/**
 * Atlassian Statuspage's public API v2 objects (https://<page>.statuspage.io/api/v2/...), built
 * from our rows with every public field named here and nothing else: the internal incident,
 * maintenance window, authors and services never leave (the public test checks every endpoint).
 * Field order follows Statuspage's answers, so a diff against one reads cleanly.
 */

export interface V2Page {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  updated_at: string;
}

export interface V2Component {
  id: string;
  name: string;
  status: ComponentStatus;
  created_at: string;
  updated_at: string;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: string | null;
  page_id: string;
  group: boolean;
  only_show_if_degraded: boolean;
  /** Groups only: their components' ids, in order. */
  components?: string[];
}

export interface V2AffectedComponent {
  code: string;
  name: string;
  old_status: ComponentStatus;
  new_status: ComponentStatus;
}

export interface V2IncidentUpdate {
  id: string;
  status: IncidentRow['status'];
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  /** Null when the update changed no component, as Statuspage answers. */
  affected_components: V2AffectedComponent[] | null;
  deliver_notifications: boolean;
}

export interface V2Incident {
  id: string;
  name: string;
  status: IncidentRow['status'];
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  impact: PublicImpact;
  shortlink: string;
  started_at: string;
  page_id: string;
  incident_updates: V2IncidentUpdate[];
  components: V2Component[];
  /** Scheduled maintenances only. */
  scheduled_for?: string | null;
  scheduled_until?: string | null;
}

export type Indicator = 'none' | 'minor' | 'major' | 'critical';
export interface V2Status {
  indicator: Indicator;
  description: string;
}

export function presentPage(s: PublicSettings, updatedAt: number): V2Page {
  return {
    id: s.page_id,
    name: s.name,
    url: s.public_url,
    time_zone: s.time_zone,
    updated_at: iso(updatedAt),
  };
}

function presentComponent(c: ComponentRow, pageId: string): V2Component {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    created_at: iso(c.created_at),
    updated_at: iso(c.updated_at),
    position: c.position,
    description: c.description === '' ? null : c.description,
    showcase: c.showcase === 1,
    start_date: c.start_date,
    group_id: c.group_id,
    page_id: pageId,
    group: false,
    only_show_if_degraded: c.only_show_if_degraded === 1,
  };
}

/**
 * Components as Statuspage lists them: top-level entries (groups and ungrouped components) by
 * position, each group followed by its components. A group is a component object with
 * `group: true`, its components' ids, and the worst of their statuses.
 */
export function presentComponents(rows: ComponentRow[], groups: GroupRow[], pageId: string): V2Component[] {
  const members = new Map<string, ComponentRow[]>();
  const known = new Set(groups.map((g) => g.id));
  const top: { position: number; name: string; entries: V2Component[] }[] = [];
  for (const c of rows) {
    if (c.group_id !== null && known.has(c.group_id)) {
      members.set(c.group_id, [...(members.get(c.group_id) ?? []), c]);
    } else {
      top.push({
        position: c.position,
        name: c.name,
        entries: [presentComponent({ ...c, group_id: null }, pageId)],
      });
    }
  }
  for (const g of groups) {
    const children = members.get(g.id) ?? [];
    const group: V2Component = {
      id: g.id,
      name: g.name,
      status: worstStatus(children.map((c) => c.status)),
      created_at: iso(g.created_at),
      updated_at: iso(g.updated_at),
      position: g.position,
      description: g.description === '' ? null : g.description,
      showcase: false,
      start_date: null,
      group_id: null,
      page_id: pageId,
      group: true,
      only_show_if_degraded: false,
      components: children.map((c) => c.id),
    };
    top.push({
      position: g.position,
      name: g.name,
      entries: [group, ...children.map((c) => presentComponent(c, pageId))],
    });
  }
  top.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  return top.flatMap((t) => t.entries);
}

function parseAffected(json: string): V2AffectedComponent[] | null {
  try {
    const parsed: unknown = JSON.parse(json);
    if (!Array.isArray(parsed) || parsed.length === 0) return null;
    // Named field by field: whatever else the row's JSON holds stays in.
    return (parsed as Record<string, unknown>[]).map((a) => ({
      code: String(a.code),
      name: String(a.name),
      old_status: a.old_status as ComponentStatus,
      new_status: a.new_status as ComponentStatus,
    }));
  } catch {
    return null;
  }
}

function presentUpdate(u: UpdateRow): V2IncidentUpdate {
  return {
    id: u.id,
    status: u.status,
    body: u.body,
    incident_id: u.status_incident_id,
    created_at: iso(u.created_at),
    updated_at: iso(u.updated_at),
    display_at: iso(u.display_at),
    affected_components: parseAffected(u.affected_components),
    deliver_notifications: u.deliver_notifications === 1,
  };
}

/** `/incidents/<id>` under the page's public URL: ours stands in for Statuspage's stspg.io links. */
export function incidentUrl(s: PublicSettings, id: string): string {
  return `${s.public_url}/incidents/${encodeURIComponent(id)}`;
}

export interface IncidentParts {
  updates: UpdateRow[];
  links: IncidentComponentRow[];
  /** Every component, presented, by id. */
  components: Map<string, V2Component>;
}

export function presentIncident(i: IncidentRow, parts: IncidentParts, s: PublicSettings): V2Incident {
  const incident: V2Incident = {
    id: i.id,
    name: i.name,
    status: i.status,
    created_at: iso(i.created_at),
    updated_at: iso(i.updated_at),
    monitoring_at: iso(i.monitoring_at),
    resolved_at: iso(i.resolved_at),
    impact: i.impact,
    shortlink: incidentUrl(s, i.id),
    started_at: iso(i.started_at),
    page_id: s.page_id,
    incident_updates: parts.updates.filter((u) => u.status_incident_id === i.id).map(presentUpdate),
    components: parts.links
      .filter((l) => l.status_incident_id === i.id)
      .map((l) => parts.components.get(l.component_id))
      .filter((c): c is V2Component => c !== undefined),
  };
  if (i.kind === 'maintenance') {
    incident.scheduled_for = iso(i.scheduled_for);
    incident.scheduled_until = iso(i.scheduled_until);
  }
  return incident;
}

const IMPACT_ORDER: Indicator[] = ['none', 'minor', 'major', 'critical'];
const INDICATOR_WORDS: Record<Indicator, string> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major System Outage',
};

/**
 * The page's rollup, as Statuspage blends it: the worse of what the components say and the
 * impact of the unresolved incidents. Components: every one in major outage -> critical "Major
 * System Outage"; some -> major "Partial System Outage"; partial outage -> minor "Minor Service
 * Outage"; degraded -> minor "Partially Degraded Service"; maintenance alone -> none "Service
 * Under Maintenance". The indicator keeps to the four values of the issue (Statuspage also
 * answers `maintenance`, which older widgets do not know).
 */
export function pageStatus(components: V2Component[], unresolved: V2Incident[]): V2Status {
  const leaves = components.filter((c) => !c.group).map((c) => c.status);
  const worst = worstStatus(leaves);
  let fromComponents: V2Status;
  if (worst === 'major_outage') {
    fromComponents = leaves.every((s) => s === 'major_outage')
      ? { indicator: 'critical', description: 'Major System Outage' }
      : { indicator: 'major', description: 'Partial System Outage' };
  } else if (worst === 'partial_outage') {
    fromComponents = { indicator: 'minor', description: 'Minor Service Outage' };
  } else if (worst === 'degraded_performance') {
    fromComponents = { indicator: 'minor', description: 'Partially Degraded Service' };
  } else if (worst === 'under_maintenance') {
    fromComponents = { indicator: 'none', description: 'Service Under Maintenance' };
  } else {
    fromComponents = { indicator: 'none', description: INDICATOR_WORDS.none };
  }
  const impacts = unresolved
    .map((i) => i.impact)
    .filter((x): x is Indicator => IMPACT_ORDER.includes(x as Indicator));
  const fromIncidents = impacts.reduce<Indicator>(
    (w, x) => (IMPACT_ORDER.indexOf(x) > IMPACT_ORDER.indexOf(w) ? x : w),
    'none',
  );
  return IMPACT_ORDER.indexOf(fromIncidents) > IMPACT_ORDER.indexOf(fromComponents.indicator)
    ? { indicator: fromIncidents, description: INDICATOR_WORDS[fromIncidents] }
    : fromComponents;
}
