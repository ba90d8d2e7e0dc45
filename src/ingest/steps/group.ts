import { groupKeyFor, isStorm, joinWindowStart, parseGrouping } from '../../services/grouping.ts';
import { parseUrgencyRules } from '../../services/urgency.ts';
import type { IngestEvent } from '../event.ts';
import {
  countAlertsReceivedSince,
  findOpenIncidentsInGroups,
  findServiceIngestSettings,
} from '../repository.ts';
import { type Batch, type ServiceState, alertKey, groupRef } from './batch.ts';

/**
 * Group: which group a new alert belongs to, by its service's grouping rules (the dedup key,
 * some labels, or one group for everything), or the service's storm group when more alerts
 * arrived in the last minute than its storm threshold.
 */

/** The service's grouping and urgency rules, read once per batch at the first alert that needs them. */
export async function serviceState(batch: Batch, serviceId: string): Promise<ServiceState> {
  let s = batch.services.get(serviceId);
  if (s !== undefined) return s;
  const svc = await findServiceIngestSettings(batch.db, serviceId);
  const rules = parseGrouping(svc?.alert_grouping ?? null);
  let createdLastMinute = 0;
  if (rules.storm_threshold_per_minute !== undefined) {
    createdLastMinute = await countAlertsReceivedSince(batch.db, serviceId, batch.now - 60_000);
  }
  s = {
    name: svc?.name ?? serviceId,
    rules,
    urgency: parseUrgencyRules(svc?.urgency_rules ?? null),
    createdLastMinute,
  };
  batch.services.set(serviceId, s);
  return s;
}

/**
 * The group of one more new alert of the service. Counts it towards the storm threshold, so
 * call it once per alert that goes through grouping.
 */
export function groupOf(state: ServiceState, e: IngestEvent): { storm: boolean; groupKey: string } {
  state.createdLastMinute++;
  const storm = isStorm(state.rules, state.createdLastMinute);
  return { storm, groupKey: storm ? `storm:${e.serviceId}` : groupKeyFor(state.rules, e.dedupKey, e.labels) };
}

/**
 * The open incident of each group the batch's new alerts fall in, read with one query per
 * service up front instead of one per alert in incidentFor: per-alert reads were most of a
 * batch's cost (a round trip each on PostgreSQL, a statement build and prepare on SQLite).
 * Incidents are only written after the walk, so this reads what those queries would.
 * Storm look-ups and alerts that reopen within the batch still query on their own.
 */
export async function prefetchOpenIncidents(batch: Batch): Promise<void> {
  const candidates = new Map<string, IngestEvent[]>(); // service -> triggers with no open alert
  for (const e of batch.events) {
    if (e.action !== 'trigger' || batch.open.has(alertKey(e.serviceId, e.dedupKey))) continue;
    const list = candidates.get(e.serviceId);
    if (list !== undefined) list.push(e);
    else candidates.set(e.serviceId, [e]);
  }
  for (const [serviceId, list] of candidates) {
    const { rules } = await serviceState(batch, serviceId);
    const groupKeys = [...new Set(list.map((e) => groupKeyFor(rules, e.dedupKey, e.labels)))];
    const rows = await findOpenIncidentsInGroups(
      batch.db,
      serviceId,
      joinWindowStart(rules, batch.now),
      groupKeys,
    );
    for (const k of groupKeys) batch.prefetched.set(groupRef(serviceId, k), null);
    for (const r of rows) {
      const ref = groupRef(serviceId, r.group_key);
      if (batch.prefetched.get(ref) === null) batch.prefetched.set(ref, r); // the newest comes first
    }
  }
}
