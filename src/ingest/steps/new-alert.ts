import type { NewRow } from '../../platform/db/tables.ts';
import { newId } from '../../platform/ids.ts';
import type { IngestEvent } from '../event.ts';
import { type Batch, recordAlertEvent } from './batch.ts';
import { serviceState } from './group.ts';
import { attach, incidentFor } from './open-join.ts';
import { suppressedBy } from './suppress.ts';

/**
 * A trigger with no open alert for its key: suppress, or else group and open/join an incident;
 * then the new alert, stored with the others after the walk.
 */
export async function newAlert(batch: Batch, e: IngestEvent, key: string): Promise<void> {
  const suppressed = await suppressedBy(batch, e);
  const incidentId =
    suppressed === null ? await incidentFor(batch, e, await serviceState(batch, e.serviceId)) : null;
  if (incidentId !== null) attach(batch, incidentId, e.summary);
  const row: NewRow<'alerts'> = {
    id: newId('alr', batch.now),
    service_id: e.serviceId,
    integration_id: e.integrationId,
    dedup_key: e.dedupKey,
    status: suppressed === null ? 'triggered' : 'suppressed',
    severity: e.severity,
    summary: e.summary,
    source: e.source,
    component: e.component,
    group_name: e.group,
    class: e.class,
    labels: JSON.stringify(e.labels),
    details: JSON.stringify(e.details ?? {}),
    links: JSON.stringify(e.links),
    images: JSON.stringify(e.images),
    started_at: e.startedAt,
    received_at: batch.now,
    last_seen_at: batch.now,
    occurrences: 1,
    ends_at: e.endsAt,
    acknowledged_at: null,
    resolved_at: null,
    incident_id: incidentId,
    suppressed_by: suppressed,
  };
  batch.newAlerts.push(row);
  batch.pendingByKey.set(key, row);
  recordAlertEvent(batch, row.id, 'trigger', e.payload);
  batch.results.push({
    outcome: suppressed === null ? 'created' : 'suppressed',
    alertId: row.id,
    incidentId,
  });
}
