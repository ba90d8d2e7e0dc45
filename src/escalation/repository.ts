import { sql } from 'kysely';
import type { Queryable } from '../platform/db/connect.ts';
import type { NewRow, Row, RowPatch } from '../platform/db/tables.ts';

/**
 * SQL of the paging walk: escalation state, pages, and what the engine reads to page people
 * (policies, targets, notification rules). Writes of many rows go 200 a statement.
 */

export function policiesOfServices(
  db: Queryable,
  serviceIds: string[],
): Promise<{ id: string; escalation_policy_id: string | null }[]> {
  return db
    .selectFrom('services')
    .select(['id', 'escalation_policy_id'])
    .where('id', 'in', serviceIds)
    .execute();
}

export async function insertEscalations(
  db: Queryable,
  rows: NewRow<'incident_escalations'>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('incident_escalations')
      .values(rows.slice(i, i + 200))
      .execute();
  }
}

/**
 * Cancels the incidents' pages not yet sent; in-flight ones finish and are recorded. Status
 * updates still go out; reminders are dropped by the claim once the incident is resolved.
 */
export async function cancelPendingPages(db: Queryable, incidentIds: string[], now: number): Promise<number> {
  const res = await db
    .updateTable('notifications')
    .set({ status: 'cancelled', updated_at: now })
    .where('incident_id', 'in', incidentIds)
    .where('status', '=', 'pending')
    .where('kind', '=', 'page')
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** The incidents' escalations with their policy's acknowledgement timeout (null without one). */
export function escalationsWithAckTimeout(db: Queryable, incidentIds: string[]) {
  return db
    .selectFrom('incident_escalations')
    .leftJoin('escalation_policies', 'escalation_policies.id', 'incident_escalations.policy_id')
    .select([
      'incident_escalations.incident_id',
      'incident_escalations.state',
      'escalation_policies.ack_timeout_minutes',
    ])
    .where('incident_escalations.incident_id', 'in', incidentIds)
    .execute();
}

export async function updateEscalation(
  db: Queryable,
  incidentId: string,
  patch: RowPatch<'incident_escalations'>,
): Promise<void> {
  await db.updateTable('incident_escalations').set(patch).where('incident_id', '=', incidentId).execute();
}

export async function stopEscalations(db: Queryable, incidentIds: string[], now: number): Promise<void> {
  await db
    .updateTable('incident_escalations')
    .set({ state: 'stopped', due_at: null, snoozed_until: null, updated_at: now })
    .where('incident_id', 'in', incidentIds)
    .execute();
}

/**
 * Escalations due by `now` with their incident, oldest due first; with `skipLocked` (PostgreSQL)
 * both rows are locked FOR UPDATE SKIP LOCKED, so engines on several nodes take each step once.
 */
export function lockDueEscalations(db: Queryable, now: number, opts: { limit: number; skipLocked: boolean }) {
  return db
    .selectFrom('incident_escalations')
    .innerJoin('incidents', 'incidents.id', 'incident_escalations.incident_id')
    .select([
      'incident_escalations.incident_id',
      'incident_escalations.policy_id',
      'incident_escalations.assignees',
      'incident_escalations.level',
      'incident_escalations.round',
      'incident_escalations.step',
      'incident_escalations.snoozed_until',
      'incident_escalations.due_at',
      'incidents.status',
      'incidents.urgency',
      'incidents.number',
    ])
    .where('incident_escalations.due_at', '<=', now)
    .orderBy('incident_escalations.due_at')
    .limit(opts.limit)
    .$if(opts.skipLocked, (q) => q.forUpdate(['incident_escalations', 'incidents']).skipLocked())
    .execute();
}

/** An acknowledged incident is triggered again; a conditional single statement. */
export async function retriggerIncident(db: Queryable, incidentId: string, now: number): Promise<void> {
  await db
    .updateTable('incidents')
    .set({ status: 'triggered', updated_at: now })
    .where('id', '=', incidentId)
    .where('status', '=', 'acknowledged')
    .execute();
}

/** An upsert of escalation rows that all exist (the caller holds their locks), 200 a statement. */
export async function upsertEscalations(
  db: Queryable,
  rows: NewRow<'incident_escalations'>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('incident_escalations')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) =>
        oc.column('incident_id').doUpdateSet((eb) => ({
          state: eb.ref('excluded.state'),
          level: eb.ref('excluded.level'),
          round: eb.ref('excluded.round'),
          step: eb.ref('excluded.step'),
          due_at: eb.ref('excluded.due_at'),
          snoozed_until: eb.ref('excluded.snoozed_until'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

export async function insertPages(db: Queryable, rows: NewRow<'pages'>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('pages')
      .values(rows.slice(i, i + 200))
      .execute();
  }
}

/**
 * PostgreSQL: inserts the pages and adds them to their incidents' page counts in one statement
 * (a data-modifying CTE), 200 pages a statement.
 */
export async function insertPagesCounted(db: Queryable, rows: NewRow<'pages'>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    const insert = db
      .insertInto('pages')
      .values(rows.slice(i, i + 200))
      .returning('incident_id');
    await db
      .with('paged', () => insert)
      .updateTable('incidents')
      .set((eb) => ({
        page_count: eb(
          'page_count',
          '+',
          eb
            .selectFrom('paged')
            .select((s) => s.fn.countAll<number>().as('n'))
            .whereRef('paged.incident_id', '=', 'incidents.id'),
        ),
      }))
      .where('id', 'in', (eb) => eb.selectFrom('paged').select('paged.incident_id'))
      .execute();
  }
}

/**
 * Adds to incidents' page counts (insights rank the noisiest alerts by it): one statement for
 * every incident paged the same number of times, which in a pass is nearly always once.
 */
export async function countPages(db: Queryable, pagesPerIncident: Map<string, number>): Promise<void> {
  const byCount = new Map<number, string[]>();
  for (const [id, n] of pagesPerIncident) {
    const ids = byCount.get(n) ?? [];
    ids.push(id);
    byCount.set(n, ids);
  }
  for (const [n, ids] of byCount) {
    for (let i = 0; i < ids.length; i += 200) {
      await db
        .updateTable('incidents')
        .set((eb) => ({ page_count: eb('page_count', '+', n) }))
        .where('id', 'in', ids.slice(i, i + 200))
        .execute();
    }
  }
}

/** The users' notification rules with their contact method, by delay then method age. */
export function notificationRulesOfUsers(db: Queryable, userIds: string[]) {
  return db
    .selectFrom('notification_rules')
    .innerJoin('contact_methods', 'contact_methods.id', 'notification_rules.contact_method_id')
    .select([
      'notification_rules.user_id',
      'notification_rules.delay_minutes',
      'notification_rules.urgency',
      'contact_methods.id as contact_method_id',
      'contact_methods.type',
    ])
    .where('notification_rules.user_id', 'in', userIds)
    .orderBy('notification_rules.delay_minutes')
    .orderBy('contact_methods.created_at')
    .execute();
}

/** The users' contact methods, oldest first. */
export function contactMethodsOfUsers(db: Queryable, userIds: string[]) {
  return db
    .selectFrom('contact_methods')
    .select(['id', 'user_id', 'type'])
    .where('user_id', 'in', userIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function levelsOfPolicy(db: Queryable, policyId: string): Promise<Row<'escalation_levels'>[]> {
  return db
    .selectFrom('escalation_levels')
    .selectAll()
    .where('policy_id', '=', policyId)
    .orderBy('position')
    .execute();
}

export function teamMemberIds(db: Queryable, teamId: string): Promise<{ user_id: string }[]> {
  return db
    .selectFrom('team_members')
    .select('user_id')
    .where('team_id', '=', teamId)
    .orderBy('created_at')
    .orderBy('user_id')
    .execute();
}

/** The schedule as a list (empty when deleted), the shape the on-call loader takes. */
export function schedulesWithId(db: Queryable, scheduleId: string): Promise<Row<'schedules'>[]> {
  return db.selectFrom('schedules').selectAll().where('id', '=', scheduleId).execute();
}

/** Every version of the schedule's layers: by layer position, newest version first. */
export function layerVersionsOfSchedule(
  db: Queryable,
  scheduleId: string,
): Promise<{ layer_id: string; participants: string }[]> {
  return db
    .selectFrom('schedule_layer_versions')
    .innerJoin('schedule_layers', 'schedule_layers.id', 'schedule_layer_versions.layer_id')
    .select(['schedule_layer_versions.layer_id', 'schedule_layer_versions.participants'])
    .where('schedule_layers.schedule_id', '=', scheduleId)
    .orderBy('schedule_layers.position')
    .orderBy('schedule_layer_versions.effective_from', 'desc')
    .execute();
}

/** Adds one to a named counter (created at 1) and returns its new value, in one statement. */
export async function bumpCounter(db: Queryable, name: string): Promise<number> {
  const row = await db
    .insertInto('counters')
    .values({ name, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`counters.value + 1` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

/** Which of `ids` are users who may be paged: they exist and are not deactivated. */
export async function activeUserIds(db: Queryable, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', [...new Set(ids)])
    .where('deactivated_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.id));
}
