import { sql } from 'kysely';
import {
  groupKeyFor,
  isStorm,
  joinWindowStart,
  parseGrouping,
  type GroupingRules,
} from '../services/grouping.ts';
import { escalationsAcknowledged, escalationsResolved, startEscalations } from '../escalation/lifecycle.ts';
import { addTimeline } from '../timeline/repository.ts';
import { reserveIncidentNumbers } from '../incidents/numbers.ts';
import { OPEN_INCIDENT } from '../platform/db/open-incident.ts';
import { initializeIncidents, prepareIncidents } from '../incidents/opened.ts';
import type { Dialect, Queryable } from '../platform/db/connect.ts';
import { ADVISORY_LOCKS } from '../platform/db/locks.ts';
import { parseUrgencyRules, type UrgencyRules, urgencyFor } from '../services/urgency.ts';
import type { NewRow, Row } from '../platform/db/tables.ts';
import { newId } from '../platform/ids.ts';
import { severityForAlert } from '../severities/mapping.ts';
import { type SeveritySettings, listSeverities } from '../severities/repository.ts';
import { loadSuppressions, suppressionFor } from '../silences/active.ts';
import type { EventResult, IngestEvent } from './event.ts';
import { storableText } from '../platform/text.ts';

/**
 * Applies a batch of events in the caller's transaction: dedup into open alerts, silences and
 * maintenance windows, grouping into incidents. Reads are done per batch, not per event, and
 * new rows are inserted in bulk, because this runs once per group commit on the ingest path.
 */
type AlertRow = Row<'alerts'>;
type IncidentRow = Row<'incidents'>;

const INSERT_CHUNK = 200;

/**
 * `status <> 'resolved'` written into the SQL, not bound: the open-alert index is partial
 * (`WHERE status <> 'resolved'`; incidents use OPEN_INCIDENT the same way), and SQLite uses a partial index only when
 * it can see the query implies that condition; with a bound parameter it scanned the whole table
 * for every new alert, so ingest slowed down as alerts and incidents accumulated.
 */
const RESOLVED = sql.lit('resolved' as const);

const keyOf = (serviceId: string, dedupKey: string) => `${serviceId}\u0000${dedupKey}`;

interface ServiceState {
  name: string;
  rules: GroupingRules;
  urgency: UrgencyRules;
  createdLastMinute: number;
}

// Unstorable text (U+0000, lone surrogates) becomes U+FFFD: refusing the alert would drop a page.
export { storableText };

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
    // A key pair under its own first key: a bare hashtext() could equal another purpose's key.
    for (const id of serviceIds)
      await sql`select pg_advisory_xact_lock(${ADVISORY_LOCKS.ingestService}, hashtext(${id}))`.execute(db);
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
      .select(['name', 'alert_grouping', 'urgency_rules'])
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
    s = {
      name: svc?.name ?? serviceId,
      rules,
      urgency: parseUrgencyRules(svc?.urgency_rules ?? null),
      createdLastMinute,
    };
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
  // Read once per batch, and only when one of its alerts opens an incident.
  let severities: SeveritySettings[] | undefined;
  const incidentsByGroup = new Map<string, IncidentRow | NewRow<'incidents'>>();
  // The newest open incident per service seen in this batch: where storm alerts go.
  const latestOfService = new Map<string, IncidentRow | NewRow<'incidents'>>();
  // existing incident id -> alerts added, and the first one's summary for its timeline entry
  const joinedIncidents = new Map<string, { added: number; summary: string }>();
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
    const looked = storm ? undefined : prefetched.get(`${e.serviceId}\u0000${groupKey}`);
    let existing: IncidentRow | undefined;
    if (looked !== undefined) existing = looked ?? undefined;
    else {
      let q = db
        .selectFrom('incidents')
        .selectAll()
        .where('service_id', '=', e.serviceId)
        .where(OPEN_INCIDENT)
        .where('created_at', '>=', joinWindowStart(state.rules, now));
      // In a storm any open alert-born incident of the service takes the alert (a declared one is
      // the responders' own and takes no alerts); otherwise only its group's.
      q = storm ? q.where('origin', '=', 'alert') : q.where('group_key', '=', groupKey);
      existing = await q.orderBy('created_at', 'desc').limit(1).executeTakeFirst();
    }
    if (existing !== undefined) {
      incidentsByGroup.set(`${e.serviceId}\u0000${groupKey}`, existing);
      if (!latestOfService.has(e.serviceId)) latestOfService.set(e.serviceId, existing);
      return existing.id;
    }
    severities ??= await listSeverities(db);
    const incident: NewRow<'incidents'> = {
      id: newId('inc', now),
      number: 0, // assigned in bulk below
      title: e.summary,
      service_id: e.serviceId,
      severity: severityForAlert(severities, e.severity),
      urgency: urgencyFor(state.urgency, e.severity),
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

  // Changes to alerts stored before this batch, merged per alert and written after the loop by
  // updateStoredAlerts in a few multi-row statements instead of one UPDATE per event (a round
  // trip each on PostgreSQL, most of a batch of repeats). Each alert ends with the column values
  // the per-event updates would have left; nothing in the loop reads those rows back.
  const storedUpdates = new Map<string, AlertPatch>();
  const updateStored = (id: string, patch: AlertPatch) => {
    const merged = storedUpdates.get(id);
    if (merged === undefined) storedUpdates.set(id, { ...patch });
    else Object.assign(merged, patch);
  };

  const attach = (incidentId: string, summary: string) => {
    const fresh = newIncidents.get(incidentId);
    if (fresh !== undefined) fresh.alert_count = (fresh.alert_count ?? 0) + 1;
    else {
      const joined = joinedIncidents.get(incidentId);
      if (joined !== undefined) joined.added++;
      else joinedIncidents.set(incidentId, { added: 1, summary });
    }
  };

  // The open incident of each group the batch's new alerts fall in, read with one query per
  // service up front instead of one per alert in findIncident: per-alert reads were most of a
  // batch's cost (a round trip each on PostgreSQL, a statement build and prepare on SQLite).
  // Incidents are only written after the loop below, so this reads what those queries would.
  // Storm look-ups and alerts that reopen within the batch still query on their own.
  const prefetched = new Map<string, IncidentRow | null>(); // service + group key -> newest open
  const candidates = new Map<string, IngestEvent[]>(); // service -> triggers with no open alert
  for (const e of events) {
    if (e.action !== 'trigger' || open.has(keyOf(e.serviceId, e.dedupKey))) continue;
    const list = candidates.get(e.serviceId);
    if (list !== undefined) list.push(e);
    else candidates.set(e.serviceId, [e]);
  }
  for (const [serviceId, list] of candidates) {
    const { rules } = await lazyService(serviceId);
    const groupKeys = [...new Set(list.map((e) => groupKeyFor(rules, e.dedupKey, e.labels)))];
    for (let i = 0; i < groupKeys.length; i += 500) {
      const chunk = groupKeys.slice(i, i + 500);
      const rows = await db
        .selectFrom('incidents')
        .selectAll()
        .where('service_id', '=', serviceId)
        .where(OPEN_INCIDENT)
        .where('created_at', '>=', joinWindowStart(rules, now))
        .where('group_key', 'in', chunk)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      for (const k of chunk) prefetched.set(`${serviceId}\u0000${k}`, null);
      for (const r of rows) {
        const ref = `${serviceId}\u0000${r.group_key}`;
        if (prefetched.get(ref) === null) prefetched.set(ref, r); // the newest comes first
      }
    }
  }

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
            attach(promotedTo, e.summary);
          }
          const extra = promotedTo
            ? { status: 'triggered' as const, incident_id: promotedTo, suppressed_by: null }
            : {};
          if (pending !== undefined) Object.assign(pending, patch, extra);
          else {
            updateStored(current.id, { ...patch, ...extra });
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
        if (incidentId !== null) attach(incidentId, e.summary);
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
          updateStored(current.id, patch);
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
        else updateStored(current.id, patch);
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
    const names = new Map([...services].map(([id, s]) => [id, s.name]));
    await prepareIncidents(db, rows, severities ?? [], names);
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await db
        .insertInto('incidents')
        .values(rows.slice(i, i + INSERT_CHUNK))
        .execute();
    }
    await startEscalations(
      db,
      dialect,
      rows.map((r) => ({ id: r.id, service_id: r.service_id, number: r.number, title: r.title })),
      now,
      'system:ingest',
    );
    await initializeIncidents(
      db,
      rows.map((r) => ({
        id: r.id,
        service_id: r.service_id,
        severity: r.severity!,
        created_at: r.created_at,
      })),
      now,
      'system:ingest',
      { severities: severities ?? [] },
    );
  }
  for (const [id, { added }] of joinedIncidents) {
    await db
      .updateTable('incidents')
      .set((eb) => ({ alert_count: eb('alert_count', '+', added), last_alert_at: now, updated_at: now }))
      .where('id', '=', id)
      .execute();
  }
  // One entry per incident per batch, not per alert: a storm folds into a few lines.
  await addTimeline(
    db,
    now,
    [...joinedIncidents].map(([id, { added, summary }]) => ({
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
  // After the incidents exist: a suppressed alert whose silence ended may point at a new one.
  await updateStoredAlerts(db, dialect, storedUpdates);
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
  if (touchedIncidents.size > 0) await settleIncidents(db, dialect, [...touchedIncidents], now);
  return results;
}

/** The columns ingest changes on a stored alert, with the SQL type to cast each parameter to. */
const PATCHABLE = {
  summary: 'text',
  severity: 'text',
  labels: 'text',
  details: 'text',
  last_seen_at: 'bigint',
  occurrences: 'integer',
  ends_at: 'bigint',
  status: 'text',
  incident_id: 'text',
  suppressed_by: 'text',
  acknowledged_at: 'bigint',
  resolved_at: 'bigint',
} as const;
type AlertPatch = Partial<Pick<AlertRow, keyof typeof PATCHABLE>>;
const PATCHABLE_COLUMNS = Object.keys(PATCHABLE) as (keyof typeof PATCHABLE)[];

/**
 * Writes merged patches with one `UPDATE alerts SET ... FROM <rows> v WHERE alerts.id = v.id`
 * per set of changed columns. The rows come from one parameter per column (`unnest` of arrays
 * on PostgreSQL) or one in all (`json_each` of a JSON array of rows on SQLite), so the
 * statement stays small whatever the batch: a UNION ALL of rows took longer to plan and
 * prepare than to run. Only the columns an event changed are written, as the per-event
 * updates did, so a concurrent acknowledgement by a responder is not overwritten by a repeat.
 * Rows go in id order, so transactions lock shared rows in one order.
 */
async function updateStoredAlerts(
  db: Queryable,
  dialect: Dialect,
  updates: Map<string, AlertPatch>,
): Promise<void> {
  const groups = new Map<string, { columns: (keyof typeof PATCHABLE)[]; rows: [string, AlertPatch][] }>();
  for (const id of [...updates.keys()].sort()) {
    const patch = updates.get(id)!;
    const columns = PATCHABLE_COLUMNS.filter((c) => Object.hasOwn(patch, c));
    const signature = columns.join(',');
    const group = groups.get(signature);
    if (group !== undefined) group.rows.push([id, patch]);
    else groups.set(signature, { columns, rows: [[id, patch]] });
  }
  for (const { columns, rows } of groups.values()) {
    const set = sql.join(columns.map((c) => sql`${sql.ref(c)} = v.${sql.ref(c)}`));
    if (dialect === 'postgres') {
      const arrays = sql.join([
        sql`cast(${rows.map(([id]) => id)} as text[])`,
        ...columns.map((c) => sql`cast(${rows.map(([, p]) => p[c] ?? null)} as ${sql.raw(PATCHABLE[c])}[])`),
      ]);
      const names = sql.join([sql.ref('id'), ...columns.map((c) => sql.ref(c))]);
      await sql`update alerts set ${set} from unnest(${arrays}) as v(${names}) where alerts.id = v.id`.execute(
        db,
      );
      continue;
    }
    const json = JSON.stringify(rows.map(([id, p]) => [id, ...columns.map((c) => p[c] ?? null)]));
    const picks = sql.join(columns.map((c, j) => sql`value ->> ${sql.lit(j + 1)} as ${sql.ref(c)}`));
    await sql`update alerts set ${set} from (select value ->> 0 as id, ${picks} from json_each(${json})) as v where alerts.id = v.id`.execute(
      db,
    );
  }
}

/**
 * An incident follows its alerts: acknowledged once none is still triggered, resolved once all
 * are resolved. Conditional updates, so a responder's own acknowledgement is never overwritten.
 */
async function settleIncidents(db: Queryable, dialect: Dialect, ids: string[], now: number): Promise<void> {
  const resolved: string[] = [];
  const acknowledged: string[] = [];
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
    const acked = of('acknowledged');
    if (triggered === 0 && acked === 0) {
      const done = await db
        .updateTable('incidents')
        .set({ status: 'resolved', resolved_at: now, resolved_by: 'alerts resolved', updated_at: now })
        .where('id', '=', id)
        .where(OPEN_INCIDENT)
        .returning('id')
        .executeTakeFirst();
      if (done) resolved.push(id);
    } else if (triggered === 0) {
      const done = await db
        .updateTable('incidents')
        .set({
          status: 'acknowledged',
          acknowledged_at: now,
          acknowledged_by: 'alerts acknowledged',
          updated_at: now,
        })
        .where('id', '=', id)
        .where('status', '=', 'triggered')
        .returning('id')
        .executeTakeFirst();
      if (done) acknowledged.push(id);
    }
  }
  await escalationsResolved(db, resolved, now, 'system:ingest', () => 'Resolved: every alert resolved');
  await escalationsAcknowledged(
    db,
    dialect,
    acknowledged,
    now,
    'system:ingest',
    () => 'Acknowledged: every open alert acknowledged at its source',
  );
}
