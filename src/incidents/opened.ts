import { type TimelineEntry, addTimeline } from '../timeline/repository.ts';
import type { Queryable } from '../platform/db/connect.ts';
import type { SeverityName } from '../platform/db/tables/severities.ts';
import type { NewRow } from '../platform/db/tables.ts';
import { newId } from '../platform/ids.ts';
import type { SeveritySettings } from '../severities/repository.ts';
import { nextUpdateDueAt } from './cadence.ts';
import { channelSlug, utcDay } from './slug.ts';
import { advanceCounters, changeEventsBetween } from './repository-opened.ts';
import { insertTasks } from './tasks-repository.ts';
import { findServicesByIds } from '../services/repository.ts';

/**
 * What every new incident starts with, alert-born (ingest) or declared: a channel slug, a
 * status-update deadline, the severity's checklist as tasks, and the service's recent changes
 * on its timeline. Both halves work on a whole batch with a few queries, not a few per
 * incident, because ingest calls them once per group commit.
 */

const HOUR = 3_600_000;
const INSERT_CHUNK = 200;
/** Who wrote the recent-change entries: the change's own source is in the message. */
const CHANGES_ACTOR = 'system:change-events';

type NewIncident = NewRow<'incidents'>;

/**
 * Sets `slug` and `next_update_due_at` on incidents about to be inserted. The n-th incident of
 * a service on a UTC day gets `-n`, counted by a `slug:<service>:<day>` counter that one
 * multi-row upsert per batch advances: counting the day's incidents instead would scan more
 * rows with every batch of a busy day, and the counter's row lock keeps two transactions on
 * any node from taking the same n. `serviceNames`: the caller's, when it has read them already.
 */
export async function prepareIncidents(
  db: Queryable,
  rows: NewIncident[],
  severities: SeveritySettings[],
  serviceNames?: Map<string, string>,
): Promise<void> {
  if (rows.length === 0) return;
  const cadence = new Map(severities.map((s) => [s.name, s.updateCadenceMinutes]));
  for (const r of rows) {
    r.next_update_due_at = nextUpdateDueAt(
      { status: r.status, created_at: r.created_at, last_update_at: r.last_update_at ?? null },
      cadence.get(r.severity ?? 'SEV4') ?? null,
    );
  }
  const serviceIds = [...new Set(rows.map((r) => r.service_id))];
  let names = serviceNames;
  if (names === undefined || serviceIds.some((id) => !names!.has(id))) {
    const found = await findServicesByIds(db, serviceIds);
    names = new Map(found.map((s) => [s.id, s.name]));
  }
  const groups = new Map<string, NewIncident[]>();
  for (const r of [...rows].sort((a, b) => a.created_at - b.created_at || a.number - b.number)) {
    const counter = `slug:${r.service_id}:${utcDay(r.created_at)}`;
    const list = groups.get(counter);
    if (list !== undefined) list.push(r);
    else groups.set(counter, [r]);
  }
  // Sorted, so concurrent batches lock shared counter rows in one order.
  const counters = [...groups.keys()].sort();
  for (let i = 0; i < counters.length; i += INSERT_CHUNK) {
    const reserved = await advanceCounters(
      db,
      counters.slice(i, i + INSERT_CHUNK).map((name) => ({ name, value: groups.get(name)!.length })),
    );
    for (const { name, value } of reserved) {
      const list = groups.get(name)!;
      let nth = Number(value) - list.length + 1;
      for (const r of list)
        r.slug = channelSlug(r.created_at, names.get(r.service_id) ?? r.service_id, nth++);
    }
  }
}

export interface OpenedIncident {
  id: string;
  service_id: string;
  severity: SeverityName;
  created_at: number;
}

/**
 * For incidents just inserted: the severity's checklist as tasks (created by `actor`) and a
 * `recent_change` timeline entry for each change event of its services in the hour before it
 * opened, at the change's own time so it sorts before the trigger. `extraServices`: other
 * services a declared incident affects, whose changes count too.
 */
export async function initializeIncidents(
  db: Queryable,
  rows: OpenedIncident[],
  now: number,
  actor: string,
  opts: { severities: SeveritySettings[]; extraServices?: Map<string, string[]> },
): Promise<void> {
  if (rows.length === 0) return;
  const checklist = new Map(opts.severities.map((s) => [s.name, s.checklist]));
  const tasks: NewRow<'incident_tasks'>[] = [];
  for (const r of rows) {
    (checklist.get(r.severity) ?? []).forEach((title, i) =>
      tasks.push({
        id: newId('tsk', now),
        incident_id: r.id,
        title,
        position: i + 1,
        assignee_id: null,
        source: 'checklist',
        done_at: null,
        done_by: null,
        created_at: now,
        created_by: actor,
      }),
    );
  }
  for (let i = 0; i < tasks.length; i += INSERT_CHUNK) {
    await insertTasks(db, tasks.slice(i, i + INSERT_CHUNK));
  }
  await addTimeline(db, now, await recentChanges(db, rows, opts.extraServices));
}

async function recentChanges(
  db: Queryable,
  rows: OpenedIncident[],
  extraServices: Map<string, string[]> | undefined,
): Promise<TimelineEntry[]> {
  const servicesOf = (r: OpenedIncident) => [r.service_id, ...(extraServices?.get(r.id) ?? [])];
  const serviceIds = [...new Set(rows.flatMap(servicesOf))];
  const from = Math.min(...rows.map((r) => r.created_at)) - HOUR;
  const to = Math.max(...rows.map((r) => r.created_at));
  const changes = await changeEventsBetween(db, serviceIds, from, to);
  if (changes.length === 0) return [];
  const entries: TimelineEntry[] = [];
  for (const r of rows) {
    const services = new Set(servicesOf(r));
    for (const c of changes) {
      if (!services.has(c.service_id) || c.timestamp < r.created_at - HOUR || c.timestamp > r.created_at)
        continue;
      entries.push({
        incidentId: r.id,
        kind: 'recent_change',
        actor: CHANGES_ACTOR,
        message: `Recent change: ${c.summary}${c.source === null ? '' : ` (${c.source})`}`,
        data: {
          change_event_id: c.id,
          service_id: c.service_id,
          links: JSON.parse(c.links) as unknown,
        },
        at: c.timestamp,
      });
    }
  }
  return entries;
}
