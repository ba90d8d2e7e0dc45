import type { NewRow } from '../../platform/db/tables.ts';
import type { IngestEvent } from '../event.ts';
import { type AlertPatch, findOpenAlerts, lockServiceForIngest } from '../repository.ts';
import { type AlertRow, type Batch, alertKey, recordAlertEvent, updateStored } from './batch.ts';
import { attach, incidentFor } from './open-join.ts';
import { serviceState } from './group.ts';
import { suppressedBy } from './suppress.ts';

/**
 * Dedup: an event whose service and dedup key match an open alert changes that alert (a repeat,
 * an acknowledgement, a resolve) instead of creating one. The open alerts of the whole batch
 * are read up front; alerts the batch itself creates are found in `pendingByKey`.
 */

/**
 * PostgreSQL: per-service locks, taken in a fixed order (sorted ids), make grouping decisions
 * on one service serial across nodes.
 */
export async function lockServices(batch: Batch): Promise<void> {
  if (batch.dialect !== 'postgres') return;
  const serviceIds = [...new Set(batch.events.map((e) => e.serviceId))].sort();
  for (const id of serviceIds) await lockServiceForIngest(batch.db, id);
}

/** Reads the open alerts any event of the batch may be a repeat of. */
export async function loadOpenAlerts(batch: Batch): Promise<void> {
  const serviceIds = [...new Set(batch.events.map((e) => e.serviceId))].sort();
  const dedupKeys = [...new Set(batch.events.map((e) => e.dedupKey))];
  for (const r of await findOpenAlerts(batch.db, serviceIds, dedupKeys)) {
    batch.open.set(alertKey(r.service_id, r.dedup_key), r);
  }
}

/** The open alert an event is about: one this batch created, or one stored before it. */
export interface Current {
  key: string;
  /** Set when the alert was created by this batch (not stored yet). */
  pending: NewRow<'alerts'> | undefined;
  alert: AlertRow | NewRow<'alerts'> | undefined;
}

export function currentAlert(batch: Batch, e: IngestEvent): Current {
  const key = alertKey(e.serviceId, e.dedupKey);
  const pending = batch.pendingByKey.get(key);
  return { key, pending, alert: pending ?? batch.open.get(key) };
}

/** Applies a change to the alert: in place when the batch created it, else queued for the bulk update. */
function patchAlert(
  batch: Batch,
  alert: AlertRow | NewRow<'alerts'>,
  pending: NewRow<'alerts'> | undefined,
  patch: AlertPatch,
): void {
  if (pending !== undefined) Object.assign(pending, patch);
  else {
    updateStored(batch, alert.id, patch);
    Object.assign(alert, patch);
  }
}

/**
 * A trigger for an open alert: one more occurrence. A suppressed alert whose silence has ended
 * while it kept firing is promoted: it now goes through grouping and pages.
 */
export async function repeatAlert(
  batch: Batch,
  e: IngestEvent,
  alert: AlertRow | NewRow<'alerts'>,
  pending: NewRow<'alerts'> | undefined,
): Promise<void> {
  const patch = {
    summary: e.summary,
    severity: e.severity,
    labels: JSON.stringify(e.labels),
    details: JSON.stringify(e.details ?? {}),
    last_seen_at: batch.now,
    occurrences: (alert.occurrences ?? 1) + 1,
    ends_at: e.endsAt,
  };
  let promotedTo: string | null = null;
  if (alert.status === 'suppressed' && (await suppressedBy(batch, e)) === null) {
    // The silence has ended while the alert kept firing: now it pages.
    promotedTo = await incidentFor(batch, e, await serviceState(batch, e.serviceId));
    attach(batch, promotedTo, e.summary);
  }
  const extra = promotedTo
    ? { status: 'triggered' as const, incident_id: promotedTo, suppressed_by: null }
    : {};
  patchAlert(batch, alert, pending, { ...patch, ...extra });
  recordAlertEvent(batch, alert.id, 'repeat', e.payload);
  batch.results.push({ outcome: 'deduplicated', alertId: alert.id, incidentId: alert.incident_id ?? null });
}

/** An acknowledgement from the source: only a triggered alert takes it. */
export function acknowledgeAlert(batch: Batch, e: IngestEvent, { pending, alert }: Current): void {
  if (alert === undefined || alert.status !== 'triggered') {
    batch.results.push({
      outcome: 'ignored',
      alertId: alert?.id ?? null,
      incidentId: alert?.incident_id ?? null,
    });
    return;
  }
  const now = batch.now;
  patchAlert(batch, alert, pending, {
    status: 'acknowledged' as const,
    acknowledged_at: now,
    last_seen_at: now,
  });
  if (alert.incident_id) batch.touchedIncidents.add(alert.incident_id);
  recordAlertEvent(batch, alert.id, 'acknowledge', e.payload);
  batch.results.push({ outcome: 'acknowledged', alertId: alert.id, incidentId: alert.incident_id ?? null });
}

/** A resolve from the source. A later trigger with the same key in this batch opens a new alert. */
export function resolveAlert(batch: Batch, e: IngestEvent, { key, pending, alert }: Current): void {
  if (alert === undefined) {
    batch.results.push({ outcome: 'ignored', alertId: null, incidentId: null });
    return;
  }
  const patch = { status: 'resolved' as const, resolved_at: batch.now, last_seen_at: batch.now };
  // Unlike the other changes, a stored alert's row object is left as it was: it leaves `open` here.
  if (pending !== undefined) Object.assign(pending, patch);
  else updateStored(batch, alert.id, patch);
  batch.open.delete(key);
  batch.pendingByKey.delete(key);
  if (alert.incident_id) batch.touchedIncidents.add(alert.incident_id);
  recordAlertEvent(batch, alert.id, 'resolve', e.payload);
  batch.results.push({ outcome: 'resolved', alertId: alert.id, incidentId: alert.incident_id ?? null });
}
