import { reserveIncidentNumbers } from '../../incidents/repository-opened.ts';
import { prepareIncidents } from '../../incidents/opened.ts';
import type { NewRow } from '../../platform/db/tables.ts';
import { newId } from '../../platform/ids.ts';
import { storableText } from '../../platform/text.ts';
import { joinWindowStart } from '../../services/grouping.ts';
import { urgencyFor } from '../../services/urgency.ts';
import { severityForAlert } from '../../severities/mapping.ts';
import { listSeverities } from '../../severities/repository.ts';
import { addTimeline } from '../../timeline/repository.ts';
import type { IngestEvent } from '../event.ts';
import {
  addAlertsToIncident,
  findNewestOpenAlertIncident,
  findNewestOpenIncidentOfGroup,
  insertIncidentRows,
} from '../repository.ts';
import { type Batch, type IncidentRow, type ServiceState, groupRef } from './batch.ts';
import { groupOf } from './group.ts';

/**
 * Open/join: a new alert joins the open incident of its group (created within the join
 * window), or opens a new one. During the walk this only decides; the new incidents are
 * inserted, and the joined ones counted and noted on their timelines, after it.
 */

/** The id of the incident the alert goes to, opening one (in `batch.newIncidents`) if needed. */
export async function incidentFor(batch: Batch, e: IngestEvent, state: ServiceState): Promise<string> {
  const { storm, groupKey } = groupOf(state, e);
  const ref = groupRef(e.serviceId, groupKey);
  const local = storm ? batch.latestOfService.get(e.serviceId) : batch.incidentsByGroup.get(ref);
  if (local !== undefined) return local.id;
  const looked = storm ? undefined : batch.prefetched.get(ref);
  let existing: IncidentRow | undefined;
  if (looked !== undefined) existing = looked ?? undefined;
  else {
    const since = joinWindowStart(state.rules, batch.now);
    // In a storm any open alert-born incident of the service takes the alert (a declared one is
    // the responders' own and takes no alerts); otherwise only its group's.
    existing = storm
      ? await findNewestOpenAlertIncident(batch.db, e.serviceId, since)
      : await findNewestOpenIncidentOfGroup(batch.db, e.serviceId, since, groupKey);
  }
  if (existing !== undefined) {
    batch.incidentsByGroup.set(ref, existing);
    if (!batch.latestOfService.has(e.serviceId)) batch.latestOfService.set(e.serviceId, existing);
    return existing.id;
  }
  batch.severities ??= await listSeverities(batch.db);
  const incident: NewRow<'incidents'> = {
    id: newId('inc', batch.now),
    number: 0, // assigned in bulk by insertNewIncidents
    title: e.summary,
    service_id: e.serviceId,
    severity: severityForAlert(batch.severities, e.severity),
    urgency: urgencyFor(state.urgency, e.severity),
    status: 'triggered',
    group_key: groupKey,
    alert_count: 0,
    created_at: batch.now,
    updated_at: batch.now,
    last_alert_at: batch.now,
    acknowledged_at: null,
    acknowledged_by: null,
    resolved_at: null,
    resolved_by: null,
    source_started_at: e.startedAt,
    alert_name: alertNameOf(e),
  };
  batch.newIncidents.set(incident.id, incident);
  batch.incidentsByGroup.set(ref, incident);
  batch.latestOfService.set(e.serviceId, incident);
  return incident.id;
}

/**
 * What alert quality groups by: Alertmanager's `alertname`, else the event class, else its
 * summary. Labels are stored as JSON, which holds any text; a column does not (src/platform/text.ts),
 * and cutting at 200 may split a surrogate pair.
 */
export function alertNameOf(e: IngestEvent): string {
  return storableText((e.labels.alertname ?? e.class ?? e.summary).slice(0, 200));
}

/** Counts one more alert on the incident: on the new row, or towards the joined incident's update. */
export function attach(batch: Batch, incidentId: string, summary: string): void {
  const fresh = batch.newIncidents.get(incidentId);
  if (fresh !== undefined) fresh.alert_count = (fresh.alert_count ?? 0) + 1;
  else {
    const joined = batch.joinedIncidents.get(incidentId);
    if (joined !== undefined) joined.added++;
    else batch.joinedIncidents.set(incidentId, { added: 1, summary });
  }
}

/** Numbers, prepares (slug, update deadline) and inserts the incidents the batch opened. */
export async function insertNewIncidents(batch: Batch): Promise<void> {
  if (batch.newIncidents.size === 0) return;
  let number = await reserveIncidentNumbers(batch.db, batch.newIncidents.size);
  const rows = [...batch.newIncidents.values()];
  for (const r of rows) r.number = number++;
  const names = new Map([...batch.services].map(([id, s]) => [id, s.name]));
  await prepareIncidents(batch.db, rows, batch.severities ?? [], names);
  await insertIncidentRows(batch.db, rows);
}

/** Counts the alerts that joined existing incidents and notes them on their timelines. */
export async function recordJoinedIncidents(batch: Batch): Promise<void> {
  for (const [id, { added }] of batch.joinedIncidents) {
    await addAlertsToIncident(batch.db, id, added, batch.now);
  }
  // One entry per incident per batch, not per alert: a storm folds into a few lines.
  await addTimeline(
    batch.db,
    batch.now,
    [...batch.joinedIncidents].map(([id, { added, summary }]) => ({
      incidentId: id,
      kind: 'alert_attached' as const,
      actor: 'system:ingest',
      message:
        added === 1
          ? `Alert attached: ${summary}`
          : `${added} alerts attached: ${summary} and ${added - 1} more`,
      data: { alerts: added },
    })),
  );
}
