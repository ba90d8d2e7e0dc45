import type { Dialect, Queryable } from '../../platform/db/connect.ts';
import type { NewRow, Row } from '../../platform/db/tables.ts';
import { newId } from '../../platform/ids.ts';
import type { GroupingRules } from '../../services/grouping.ts';
import type { UrgencyRules } from '../../services/urgency.ts';
import type { SeveritySettings } from '../../severities/repository.ts';
import type { Suppressions } from '../../silences/active.ts';
import type { EventAction, EventResult, IngestEvent } from '../event.ts';
import type { AlertPatch } from '../repository.ts';

/**
 * What the steps of one batch share. Reads are made once per batch (or once per service) and
 * kept here; writes are collected here while the events are walked and made in bulk at the end,
 * so nothing in the walk reads back a row the batch has changed.
 */

export type AlertRow = Row<'alerts'>;
export type IncidentRow = Row<'incidents'>;

/** A service's settings as ingest needs them, read once per batch. */
export interface ServiceState {
  name: string;
  rules: GroupingRules;
  urgency: UrgencyRules;
  /** Alerts received in the last minute, counting this batch's so far (storm detection). */
  createdLastMinute: number;
}

export interface Batch {
  db: Queryable;
  dialect: Dialect;
  now: number;
  events: IngestEvent[];
  /** One result per event, in order. */
  results: EventResult[];

  // dedup
  /** Open alerts stored before this batch, by service + dedup key. */
  open: Map<string, AlertRow>;
  /** New, still-open alerts of this batch, by service + dedup key. */
  pendingByKey: Map<string, NewRow<'alerts'>>;

  // read lazily
  services: Map<string, ServiceState>;
  suppressions: Suppressions | undefined;
  /** Read once per batch, and only when one of its alerts opens an incident. */
  severities: SeveritySettings[] | undefined;

  // group, open/join
  /** Service + group key -> newest open incident, read up front (null: none). */
  prefetched: Map<string, IncidentRow | null>;
  /** Service + group key -> the incident this batch's alerts of that group go to. */
  incidentsByGroup: Map<string, IncidentRow | NewRow<'incidents'>>;
  /** The newest open incident per service seen in this batch: where storm alerts go. */
  latestOfService: Map<string, IncidentRow | NewRow<'incidents'>>;
  newIncidents: Map<string, NewRow<'incidents'>>;
  /** Existing incident id -> alerts added, and the first one's summary for its timeline entry. */
  joinedIncidents: Map<string, { added: number; summary: string }>;
  /** Incidents whose alerts were acknowledged or resolved: they may follow (settle). */
  touchedIncidents: Set<string>;

  // writes made after the walk
  newAlerts: NewRow<'alerts'>[];
  /**
   * Changes to alerts stored before this batch, merged per alert and written after the walk in
   * a few multi-row statements instead of one UPDATE per event (a round trip each on PostgreSQL,
   * most of a batch of repeats). Each alert ends with the column values the per-event updates
   * would have left; nothing in the walk reads those rows back.
   */
  storedUpdates: Map<string, AlertPatch>;
  alertEvents: NewRow<'alert_events'>[];
}

export function newBatch(db: Queryable, dialect: Dialect, events: IngestEvent[], now: number): Batch {
  return {
    db,
    dialect,
    now,
    events,
    results: [],
    open: new Map(),
    pendingByKey: new Map(),
    services: new Map(),
    suppressions: undefined,
    severities: undefined,
    prefetched: new Map(),
    incidentsByGroup: new Map(),
    latestOfService: new Map(),
    newIncidents: new Map(),
    joinedIncidents: new Map(),
    touchedIncidents: new Set(),
    newAlerts: [],
    storedUpdates: new Map(),
    alertEvents: [],
  };
}

/** Map key of an alert: its service and dedup key. */
export const alertKey = (serviceId: string, dedupKey: string) => `${serviceId}\u0000${dedupKey}`;

/** Map key of a group: its service and group key. */
export const groupRef = (serviceId: string, groupKey: string) => `${serviceId}\u0000${groupKey}`;

/** Queues an entry of the alert's event log. */
export function recordAlertEvent(
  batch: Batch,
  alertId: string,
  action: EventAction | 'repeat',
  payload: unknown,
): void {
  batch.alertEvents.push({
    id: newId('aev', batch.now),
    alert_id: alertId,
    action,
    at: batch.now,
    payload: JSON.stringify(payload),
  });
}

/** Queues a change to an alert stored before this batch (see Batch.storedUpdates). */
export function updateStored(batch: Batch, id: string, patch: AlertPatch): void {
  const merged = batch.storedUpdates.get(id);
  if (merged === undefined) batch.storedUpdates.set(id, { ...patch });
  else Object.assign(merged, patch);
}
