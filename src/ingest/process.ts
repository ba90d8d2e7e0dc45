import { sql } from 'kysely';
import {
  groupKeyFor,
  isStorm,
  joinWindowStart,
  parseGrouping,
  type GroupingRules,
} from '../incidents/grouping.ts';
import { reserveIncidentNumbers } from '../incidents/numbers.ts';
import type { Dialect, Queryable } from '../platform/db/connect.ts';
import type { Urgency } from '../platform/db/tables-ingest.ts';
import type { NewRow, Row } from '../platform/db/tables.ts';
import { newId } from '../platform/ids.ts';
import { loadSuppressions, suppressionFor } from '../silences/active.ts';
import type { EventResult, IngestEvent } from './event.ts';

/**
 * Applies a batch of events in the caller's transaction: dedup into open alerts, silences and
 * maintenance windows, grouping into incidents. Reads are done per batch, not per event, and
 * new rows are inserted in bulk, because this runs once per group commit on the ingest path.
 */
type AlertRow = Row<'alerts'>;
type IncidentRow = Row<'incidents'>;

const INSERT_CHUNK = 200;

/**
 * `status <> 'resolved'` written into the SQL, not bound: the open-alert and open-incident
 * indexes are partial (`WHERE status <> 'resolved'`), and SQLite uses a partial index only when
 * it can see the query implies that condition; with a bound parameter it scanned the whole table
 * for every new alert, so ingest slowed down as alerts and incidents accumulated.
 */
const RESOLVED = sql.lit('resolved' as const);

function urgencyOf(severity: AlertRow['severity']): Urgency {
  return severity === 'critical' || severity === 'error' ? 'high' : 'low';
}

const keyOf = (serviceId: string, dedupKey: string) => `${serviceId}\u0000${dedupKey}`;

interface ServiceState {
  rules: GroupingRules;
  createdLastMinute: number;
}

/**
 * PostgreSQL text cannot hold U+0000 (SQLite can), and senders do put it in summaries and labels;
 * refusing the alert would drop a page, so it is stored as U+FFFD on both dialects alike. JSON
 * columns need nothing: JSON.stringify writes it as the escape `\u0000`.
 */
export function storableText(s: string): string {
  return s.includes('\u0000') ? s.replaceAll('\u0000', '\uFFFD') : s;
}

function storableEvent(e: IngestEvent): IngestEvent {
  const opt = (s: string | null) => (s === null ? null : storableText(s));
  return {
    ...e,
    dedupKey: storableText(e.dedupKey),
    summary: storableText(e.summary),
    source: storableText(e.source),
    component: opt(e.component),
    group: opt(e.group),
    class: opt(e.class),
  };
}

export async function processBatch(
  db: Queryable,
  dialect: Dialect,
  rawEvents: IngestEvent[],
  now: number,
): Promise<EventResult[]> {
  const events = rawEvents.map(storableEvent);
  const serviceIds = [...new Set(events.map((e) => e.serviceId))].sort();
  if (dialect === 'postgres') {
    // Per-service locks (in a fixed order) make grouping decisions on one service serial across nodes.
    for (const id of serviceIds) await sql`select pg_advisory_xact_lock(hashtext(${id}))`.execute(db);
  }
  const dedupKeys = [...new Set(events.map((e) => e.dedupKey))];
  const open = new Map<string, AlertRow>();
  for (let i = 0; i < dedupKeys.length; i += 500) {
    const rows = await db
      .selectFrom('alerts')
      .selectAll()
      .where('service_id', 'in', serviceIds)
      .where('dedup_key', 'in', dedupKeys.slice(i, i + 500))
      .where('status', '<>', RESOLVED)
      .execute();
    for (const r of rows) open.set(keyOf(r.service_id, r.dedup_key), r);
  }

  const services = new Map<string, ServiceState>();
  const lazyService = async (serviceId: string): Promise<ServiceState> => {
    let s = services.get(serviceId);
    if (s !== undefined) return s;
    const svc = await db
      .selectFrom('services')
      .select('alert_grouping')
      .where('id', '=', serviceId)
      .executeTakeFirst();
    const rules = parseGrouping(svc?.alert_grouping ?? null);
    let createdLastMinute = 0;
    if (rules.storm_threshold_per_minute !== undefined) {
      const c = await db
        .selectFrom('alerts')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('service_id', '=', serviceId)
        .where('received_at', '>', now - 60_000)
        .executeTakeFirstOrThrow();
      createdLastMinute = Number(c.n);
    }
    s = { rules, createdLastMinute };
    services.set(serviceId, s);
    return s;
  };

  let suppressions: Awaited<ReturnType<typeof loadSuppressions>> | undefined;
  const suppressedBy = async (e: IngestEvent) => {
    suppressions ??= await loadSuppressions(db, now);
    return suppressionFor(suppressions, e.serviceId, e.labels);
  };

  const newAlerts: NewRow<'alerts'>[] = [];
  const pendingByKey = new Map<string, NewRow<'alerts'>>(); // new, still-open alerts of this batch
  const newIncidents = new Map<string, NewRow<'incidents'>>();
  const incidentsByGroup = new Map<string, IncidentRow | NewRow<'incidents'>>();
  // The newest open incident per service seen in this batch: where storm alerts go.
  const latestOfService = new Map<string, IncidentRow | NewRow<'incidents'>>();
  const joinedIncidents = new Map<string, number>(); // existing incident id -> alerts added
  const touchedIncidents = new Set<string>();
  const alertEvents: NewRow<'alert_events'>[] = [];
  const results: EventResult[] = [];

  const findIncident = async (e: IngestEvent, state: ServiceState): Promise<string> => {
    state.createdLastMinute++;
    const storm = isStorm(state.rules, state.createdLastMinute);
    const groupKey = storm ? `storm:${e.serviceId}` : groupKeyFor(state.rules, e.dedupKey, e.labels);
    const local = storm
      ? latestOfService.get(e.serviceId)
      : incidentsByGroup.get(`${e.serviceId}\u0000${groupKey}`);
    if (local !== undefined) return local.id;
    let q = db
      .selectFrom('incidents')
      .selectAll()
      .where('service_id', '=', e.serviceId)
      .where('status', '<>', RESOLVED)
      .where('created_at', '>=', joinWindowStart(state.rules, now));
    // In a storm any open incident of the service takes the alert; otherwise only its group's.
    if (!storm) q = q.where('group_key', '=', groupKey);
    const existing = await q.orderBy('created_at', 'desc').limit(1).executeTakeFirst();
    if (existing !== undefined) {
      incidentsByGroup.set(`${e.serviceId}\u0000${groupKey}`, existing);
      if (!latestOfService.has(e.serviceId)) latestOfService.set(e.serviceId, existing);
      return existing.id;
    }
    const incident: NewRow<'incidents'> = {
      id: newId('inc', now),
      number: 0, // assigned in bulk below
      title: e.summary,
      service_id: e.serviceId,
      urgency: urgencyOf(e.severity),
      status: 'triggered',
      group_key: groupKey,
      alert_count: 0,
      created_at: now,
      updated_at: now,
      last_alert_at: now,
      acknowledged_at: null,
      acknowledged_by: null,
      resolved_at: null,
      resolved_by: null,
    };
    newIncidents.set(incident.id, incident);
    incidentsByGroup.set(`${e.serviceId}\u0000${groupKey}`, incident);
    latestOfService.set(e.serviceId, incident);
    return incident.id;
  };

  const attach = (incidentId: string) => {
    const fresh = newIncidents.get(incidentId);
    if (fresh !== undefined) fresh.alert_count = (fresh.alert_count ?? 0) + 1;
    else joinedIncidents.set(incidentId, (joinedIncidents.get(incidentId) ?? 0) + 1);
  };

  for (const e of events) {
    const key = keyOf(e.serviceId, e.dedupKey);
    const pending = pendingByKey.get(key);
    const current: AlertRow | NewRow<'alerts'> | undefined = pending ?? open.get(key);
    const alertId = current?.id ?? null;
    switch (e.action) {
      case 'trigger': {
        if (current !== undefined) {
          const patch = {
            summary: e.summary,
            severity: e.severity,
            labels: JSON.stringify(e.labels),
            details: JSON.stringify(e.details ?? {}),
            last_seen_at: now,
            occurrences: (current.occurrences ?? 1) + 1,
            ends_at: e.endsAt,
          };
          let promotedTo: string | null = null;
          if (current.status === 'suppressed' && (await suppressedBy(e)) === null) {
            // The silence has ended while the alert kept firing: now it pages.
            promotedTo = await findIncident(e, await lazyService(e.serviceId));
            attach(promotedTo);
          }
          const extra = promotedTo
            ? { status: 'triggered' as const, incident_id: promotedTo, suppressed_by: null }
            : {};
          if (pending !== undefined) Object.assign(pending, patch, extra);
          else {
            await db
              .updateTable('alerts')
              .set({ ...patch, ...extra })
              .where('id', '=', current.id)
              .execute();
            Object.assign(current, patch, extra);
          }
          alertEvents.push({
            id: newId('aev', now),
            alert_id: current.id,
            action: 'repeat',
            at: now,
            payload: JSON.stringify(e.payload),
          });
          results.push({
            outcome: 'deduplicated',
            alertId: current.id,
            incidentId: current.incident_id ?? null,
          });
          break;
        }
        const suppressed = await suppressedBy(e);
        const incidentId = suppressed === null ? await findIncident(e, await lazyService(e.serviceId)) : null;
        if (incidentId !== null) attach(incidentId);
        const row: NewRow<'alerts'> = {
          id: newId('alr', now),
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
          received_at: now,
          last_seen_at: now,
          occurrences: 1,
          ends_at: e.endsAt,
          acknowledged_at: null,
          resolved_at: null,
          incident_id: incidentId,
          suppressed_by: suppressed,
        };
        newAlerts.push(row);
        pendingByKey.set(key, row);
        alertEvents.push({
          id: newId('aev', now),
          alert_id: row.id,
          action: 'trigger',
          at: now,
          payload: JSON.stringify(e.payload),
        });
        results.push({
          outcome: suppressed === null ? 'created' : 'suppressed',
          alertId: row.id,
          incidentId,
        });
        break;
      }
      case 'acknowledge': {
        if (current === undefined || current.status !== 'triggered') {
          results.push({ outcome: 'ignored', alertId, incidentId: current?.incident_id ?? null });
          break;
        }
        const patch = { status: 'acknowledged' as const, acknowledged_at: now, last_seen_at: now };
        if (pending !== undefined) Object.assign(pending, patch);
        else {
          await db.updateTable('alerts').set(patch).where('id', '=', current.id).execute();
          Object.assign(current, patch);
        }
        if (current.incident_id) touchedIncidents.add(current.incident_id);
        alertEvents.push({
          id: newId('aev', now),
          alert_id: current.id,
          action: 'acknowledge',
          at: now,
          payload: JSON.stringify(e.payload),
        });
        results.push({
          outcome: 'acknowledged',
          alertId: current.id,
          incidentId: current.incident_id ?? null,
        });
        break;
      }
      case 'resolve': {
        if (current === undefined) {
          results.push({ outcome: 'ignored', alertId: null, incidentId: null });
          break;
        }
        const patch = { status: 'resolved' as const, resolved_at: now, last_seen_at: now };
        if (pending !== undefined) Object.assign(pending, patch);
        else {
          await db.updateTable('alerts').set(patch).where('id', '=', current.id).execute();
        }
        // A later trigger with the same key in this batch opens a new alert.
        open.delete(key);
        pendingByKey.delete(key);
        if (current.incident_id) touchedIncidents.add(current.incident_id);
        alertEvents.push({
          id: newId('aev', now),
          alert_id: current.id,
          action: 'resolve',
          at: now,
          payload: JSON.stringify(e.payload),
        });
        results.push({ outcome: 'resolved', alertId: current.id, incidentId: current.incident_id ?? null });
        break;
      }
    }
  }

  if (newIncidents.size > 0) {
    let number = await reserveIncidentNumbers(db, newIncidents.size);
    const rows = [...newIncidents.values()];
    for (const r of rows) r.number = number++;
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await db
        .insertInto('incidents')
        .values(rows.slice(i, i + INSERT_CHUNK))
        .execute();
    }
  }
  for (const [id, added] of joinedIncidents) {
    await db
      .updateTable('incidents')
      .set((eb) => ({ alert_count: eb('alert_count', '+', added), last_alert_at: now, updated_at: now }))
      .where('id', '=', id)
      .execute();
  }
  for (let i = 0; i < newAlerts.length; i += INSERT_CHUNK) {
    await db
      .insertInto('alerts')
      .values(newAlerts.slice(i, i + INSERT_CHUNK))
      .execute();
  }
  for (let i = 0; i < alertEvents.length; i += INSERT_CHUNK) {
    await db
      .insertInto('alert_events')
      .values(alertEvents.slice(i, i + INSERT_CHUNK))
      .execute();
  }
  if (touchedIncidents.size > 0) await settleIncidents(db, [...touchedIncidents], now);
  return results;
}

/**
 * An incident follows its alerts: acknowledged once none is still triggered, resolved once all
 * are resolved. Conditional updates, so a responder's own acknowledgement is never overwritten.
 */
async function settleIncidents(db: Queryable, ids: string[], now: number): Promise<void> {
  const counts = await db
    .selectFrom('alerts')
    .select(['incident_id', 'status', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('incident_id', 'in', ids)
    .groupBy(['incident_id', 'status'])
    .execute();
  for (const id of ids) {
    const of = (status: string) =>
      Number(counts.find((c) => c.incident_id === id && c.status === status)?.n ?? 0);
    const triggered = of('triggered');
    const acknowledged = of('acknowledged');
    if (triggered === 0 && acknowledged === 0) {
      await db
        .updateTable('incidents')
        .set({ status: 'resolved', resolved_at: now, resolved_by: 'alerts resolved', updated_at: now })
        .where('id', '=', id)
        .where('status', '<>', 'resolved')
        .execute();
    } else if (triggered === 0) {
      await db
        .updateTable('incidents')
        .set({
          status: 'acknowledged',
          acknowledged_at: now,
          acknowledged_by: 'alerts acknowledged',
          updated_at: now,
        })
        .where('id', '=', id)
        .where('status', '=', 'triggered')
        .execute();
    }
  }
}
