import { iso } from '../platform/http/schema.ts';
import { groupKeyFor, parseGrouping, type GroupingRules } from '../services/grouping.ts';
import { everySuppression, loadSuppressions } from '../silences/active.ts';
import {
  GO_ZERO_TIME,
  type SortableLabels,
  compareGo,
  compareGroupedAlerts,
  compareLabelSets,
  fingerprint,
  sortable,
  withoutEmptyValues,
} from './labels.ts';
import type { AlertQuery } from './query.ts';
import { type OpenAlert, type ReceiverService, openAlertBatch, receiverServices } from './repository.ts';
import { type AmScope, scopedService } from './scope.ts';

/**
 * Tocsin's open alerts in Alertmanager's shapes (`gettableAlert`, `alertGroup`). A service is a
 * receiver: its alerts reach whoever its escalation policy pages. Whether an alert is silenced
 * is worked out now, as Alertmanager does on every read, from the silences and maintenance
 * windows active now; nothing is ever inhibited or unprocessed.
 */
export interface GettableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorURL?: string;
  fingerprint: string;
  receivers: { name: string }[];
  startsAt: string;
  updatedAt: string;
  endsAt: string;
  status: { state: 'active' | 'suppressed'; silencedBy: string[]; inhibitedBy: string[] };
}

export interface AlertGroup {
  labels: Record<string, string>;
  receiver: { name: string };
  alerts: GettableAlert[];
}

const BATCH = 1000;

function stringRecord(v: unknown): Record<string, string> | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

/** Alertmanager and Grafana alerts keep their annotations; others show their summary as one. */
function annotationsOf(row: OpenAlert): Record<string, string> {
  const details = JSON.parse(row.details) as Record<string, unknown> | null;
  return stringRecord(details?.annotations) ?? { summary: row.summary };
}

function generatorUrlOf(row: OpenAlert): string | undefined {
  const links = JSON.parse(row.links) as { href?: unknown; text?: unknown }[];
  const source = links.find((l) => l.text === 'Source' && typeof l.href === 'string');
  return source?.href as string | undefined;
}

interface Seen {
  row: OpenAlert;
  service: ReceiverService;
  alert: GettableAlert;
}

/** Every open alert the scope sees, presented, with the filters of the query applied. */
async function seenAlerts(scope: AmScope, q: AlertQuery): Promise<Seen[]> {
  const { db, clock } = scope.ctx;
  const now = clock.now();
  const serviceId = scopedService(scope);
  const services = new Map((await receiverServices(db, serviceId)).map((s) => [s.id, s]));
  const suppressions = await loadSuppressions(db, now);
  const out: Seen[] = [];
  let after: OpenAlert | undefined;
  for (;;) {
    const rows = await openAlertBatch(db, { serviceId, after, take: BATCH });
    for (const row of rows) {
      // Alertmanager drops an alert from its answers once its end time has passed; the engine
      // resolves it moments later.
      if (row.ends_at !== null && row.ends_at <= now) continue;
      const service = services.get(row.service_id);
      if (service === undefined) continue;
      if (q.receiver !== undefined && !q.receiver.test(service.name)) continue;
      const stored = JSON.parse(row.labels) as Record<string, string>;
      const labels = withoutEmptyValues(stored);
      if (!q.filter(labels)) continue;
      const silencedBy = everySuppression(suppressions, row.service_id, stored);
      if (silencedBy.length > 0 ? !q.silenced : !q.active) continue;
      const generatorURL = generatorUrlOf(row);
      out.push({
        row,
        service,
        alert: {
          labels,
          annotations: annotationsOf(row),
          ...(generatorURL === undefined ? {} : { generatorURL }),
          // An alert sent without labels (a PagerDuty event) is told apart by its Tocsin id.
          fingerprint: fingerprint(Object.keys(labels).length > 0 ? labels : { tocsin_alert_id: row.id }),
          receivers: [{ name: service.name }],
          startsAt: iso(row.started_at),
          updatedAt: iso(row.last_seen_at),
          endsAt: iso(row.ends_at) ?? GO_ZERO_TIME,
          status: { state: silencedBy.length > 0 ? 'suppressed' : 'active', silencedBy, inhibitedBy: [] },
        },
      });
    }
    if (rows.length < BATCH) break;
    after = rows[rows.length - 1];
  }
  return out;
}

const byFingerprint = (a: GettableAlert, b: GettableAlert) =>
  a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0;

export async function listAlerts(scope: AmScope, q: AlertQuery): Promise<GettableAlert[]> {
  return (await seenAlerts(scope, q)).map((s) => s.alert).sort(byFingerprint);
}

/** The labels a group shows: those the service groups by (`group_by`), or all (`...`). */
function groupLabels(rules: GroupingRules, labels: Record<string, string>): Record<string, string> {
  if (rules.mode === 'dedup_key') return labels;
  const picked: Record<string, string> = {};
  for (const name of rules.labels) if (Object.hasOwn(labels, name)) picked[name] = labels[name]!;
  return picked;
}

/** Alerts grouped as each service's grouping rules fold them into incidents. */
export async function listAlertGroups(scope: AmScope, q: AlertQuery): Promise<AlertGroup[]> {
  type Sorting = {
    group: AlertGroup;
    key: SortableLabels;
    alerts: { alert: GettableAlert; key: SortableLabels }[];
  };
  const groups = new Map<string, Sorting>();
  for (const { row, service, alert } of await seenAlerts(scope, q)) {
    const rules = parseGrouping(service.alert_grouping);
    const key = `${service.id}\u0000${groupKeyFor(rules, row.dedup_key, alert.labels)}`;
    let entry = groups.get(key);
    if (entry === undefined) {
      const group = {
        labels: groupLabels(rules, alert.labels),
        receiver: { name: service.name },
        alerts: [],
      };
      entry = { group, key: sortable(group.labels), alerts: [] };
      groups.set(key, entry);
    }
    entry.alerts.push({ alert, key: sortable(alert.labels) });
  }
  const list = [...groups.values()].sort(
    (a, b) => compareLabelSets(a.key, b.key) || compareGo(a.group.receiver.name, b.group.receiver.name),
  );
  return list.map(({ group, alerts }) => ({
    ...group,
    alerts: alerts.sort((a, b) => compareGroupedAlerts(a.key, b.key)).map((a) => a.alert),
  }));
}
