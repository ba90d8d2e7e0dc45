import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/connect.ts';
import type { NewRow, Row, RowPatch } from '../../platform/db/tables.ts';
import type { RunStatus } from '../../platform/db/tables/runbooks.ts';

/** Every statement of runbook steps, their secrets, runs and kill switches. */

export type StepRow = Row<'runbook_steps'>;
export type RunRow = Row<'runbook_runs'>;

// Steps

export function stepsOf(db: Queryable, runbookId: string): Promise<StepRow[]> {
  return db
    .selectFrom('runbook_steps')
    .selectAll()
    .where('runbook_id', '=', runbookId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export function findStep(db: Queryable, runbookId: string, stepId: string): Promise<StepRow | undefined> {
  return db
    .selectFrom('runbook_steps')
    .selectAll()
    .where('runbook_id', '=', runbookId)
    .where('id', '=', stepId)
    .executeTakeFirst();
}

export function findStepById(db: Queryable, stepId: string): Promise<StepRow | undefined> {
  return db.selectFrom('runbook_steps').selectAll().where('id', '=', stepId).executeTakeFirst();
}

export async function insertStep(db: Queryable, row: NewRow<'runbook_steps'>): Promise<void> {
  await db.insertInto('runbook_steps').values(row).execute();
}

export async function updateStep(db: Queryable, id: string, patch: RowPatch<'runbook_steps'>): Promise<void> {
  await db.updateTable('runbook_steps').set(patch).where('id', '=', id).execute();
}

export async function deleteStepRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('runbook_steps').where('id', '=', id).execute();
}

/** Steps whose templates name the secret (a JSON or text search, then checked by the caller). */
export function stepsMentioning(db: Queryable, text: string) {
  return db
    .selectFrom('runbook_steps')
    .innerJoin('runbooks', 'runbooks.id', 'runbook_steps.runbook_id')
    .select([
      'runbook_steps.id',
      'runbook_steps.name',
      'runbooks.title',
      'runbook_steps.url',
      'runbook_steps.headers',
      'runbook_steps.body',
    ])
    .where((eb) =>
      eb.or([
        eb('runbook_steps.url', 'like', `%${text}%`),
        eb('runbook_steps.headers', 'like', `%${text}%`),
        eb('runbook_steps.body', 'like', `%${text}%`),
      ]),
    )
    .execute();
}

// Secrets

export function secretNames(db: Queryable) {
  return db
    .selectFrom('runbook_secrets')
    .select(['name', 'created_by', 'created_at', 'updated_by', 'updated_at'])
    .orderBy('name')
    .execute();
}

export function findSecret(db: Queryable, name: string): Promise<Row<'runbook_secrets'> | undefined> {
  return db.selectFrom('runbook_secrets').selectAll().where('name', '=', name).executeTakeFirst();
}

export function secretsByName(db: Queryable, names: string[]): Promise<Row<'runbook_secrets'>[]> {
  if (names.length === 0) return Promise.resolve([]);
  return db.selectFrom('runbook_secrets').selectAll().where('name', 'in', names).execute();
}

export async function upsertSecret(db: Queryable, row: NewRow<'runbook_secrets'>): Promise<void> {
  await db
    .insertInto('runbook_secrets')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ value: row.value, updated_by: row.updated_by, updated_at: row.updated_at }),
    )
    .execute();
}

export async function deleteSecretRow(db: Queryable, name: string): Promise<void> {
  await db.deleteFrom('runbook_secrets').where('name', '=', name).execute();
}

// Runs

export async function insertRun(db: Queryable, row: NewRow<'runbook_runs'>): Promise<void> {
  await db.insertInto('runbook_runs').values(row).execute();
}

export function findRun(db: Queryable, id: string): Promise<RunRow | undefined> {
  return db.selectFrom('runbook_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function runsOfIncident(db: Queryable, incidentId: string): Promise<RunRow[]> {
  return db
    .selectFrom('runbook_runs')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
}

/** Moves a run on only if it is still in one of `from`: two deciders, or a decider and the kill switch, cannot both win. */
export async function moveRun(
  db: Queryable,
  id: string,
  from: RunStatus[],
  patch: RowPatch<'runbook_runs'>,
): Promise<boolean> {
  const res = await db
    .updateTable('runbook_runs')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Runs not yet on the wire, in a scope (every service, or one): what a kill switch stops. */
export function stoppableRuns(db: Queryable, serviceId: string | null) {
  let q = db
    .selectFrom('runbook_runs')
    .select(['id', 'incident_id', 'step_id', 'status'])
    .where('status', 'in', ['pending_approval', 'queued', 'claimed']);
  if (serviceId !== null) q = q.where('service_id', '=', serviceId);
  return q.execute();
}

export function unfinishedRunsOfSteps(db: Queryable, stepIds: string[]) {
  return db
    .selectFrom('runbook_runs')
    .select(['id', 'incident_id', 'step_id'])
    .where('step_id', 'in', stepIds)
    .where('status', 'in', ['pending_approval', 'queued', 'claimed'])
    .execute();
}

/** How many runs of the step were asked for on the service since `since` (the auto-run limit). */
export async function recentRunsOfStep(
  db: Queryable,
  stepId: string,
  serviceId: string,
  since: number,
): Promise<number> {
  const row = await db
    .selectFrom('runbook_runs')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('step_id', '=', stepId)
    .where('service_id', '=', serviceId)
    .where('requested_at', '>=', since)
    .where('status', 'not in', ['refused', 'cancelled'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function autoRunOf(db: Queryable, stepId: string, incidentId: string) {
  return db
    .selectFrom('runbook_runs')
    .select('id')
    .where('step_id', '=', stepId)
    .where('incident_id', '=', incidentId)
    .where('trigger', '=', 'auto')
    .executeTakeFirst();
}

/** Queued runs due now, and claims whose lease ran out (nothing was sent: claim them again). */
export function dueRuns(db: Queryable, now: number, limit: number, skipLocked: boolean) {
  return db
    .selectFrom('runbook_runs')
    .select(['id'])
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]),
        eb.and([eb('status', '=', 'claimed'), eb('locked_until', '<=', now)]),
      ]),
    )
    .orderBy('run_at')
    .limit(limit)
    .$if(skipLocked, (q) => q.forUpdate().skipLocked())
    .execute();
}

/** Runs whose request may have gone out before their engine stopped: never sent again. */
export function interruptedRuns(db: Queryable, now: number, limit: number, skipLocked: boolean) {
  return db
    .selectFrom('runbook_runs')
    .select(['id', 'incident_id', 'step_id'])
    .where('status', '=', 'sending')
    .where('locked_until', '<=', now)
    .limit(limit)
    .$if(skipLocked, (q) => q.forUpdate().skipLocked())
    .execute();
}

/** Claims the runs for this engine until `until`; answers the rows it got. */
export function claimRuns(db: Queryable, ids: string[], engineId: string, until: number, now: number) {
  return db
    .updateTable('runbook_runs')
    .set({ status: 'claimed', lease_owner: engineId, locked_until: until, started_at: now })
    .where('id', 'in', ids)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'queued'),
        eb.and([eb('status', '=', 'claimed'), eb('locked_until', '<=', now)]),
      ]),
    )
    .returningAll()
    .execute();
}

/** A change under this engine's lease only: a run another engine took over is left alone. */
export async function moveLeasedRun(
  db: Queryable,
  id: string,
  engineId: string,
  from: RunStatus,
  patch: RowPatch<'runbook_runs'>,
): Promise<boolean> {
  const res = await db
    .updateTable('runbook_runs')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', from)
    .where('lease_owner', '=', engineId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * When the next run is due: a queued run's `run_at`, or a claim's or send's lease end. One index
 * read (on status), since the engine asks every pass.
 */
export function runDueQueries(db: Queryable) {
  return [
    db
      .selectFrom('runbook_runs')
      .select(sql<number>`min(case when status = 'queued' then run_at else locked_until end)`.as('t'))
      .where('status', 'in', ['queued', 'claimed', 'sending']),
  ];
}

// Kill switches

export function switches(db: Queryable): Promise<Row<'runbook_switches'>[]> {
  return db.selectFrom('runbook_switches').selectAll().orderBy('scope').execute();
}

/** Whether the global switch or the service's is on. */
export async function switchedOff(
  db: Queryable,
  serviceId: string,
): Promise<Row<'runbook_switches'> | undefined> {
  return db
    .selectFrom('runbook_switches')
    .selectAll()
    .where('scope', 'in', ['global', serviceId])
    .where('engaged', '=', 1)
    .orderBy('scope', 'desc')
    .executeTakeFirst();
}

export async function putSwitch(db: Queryable, row: NewRow<'runbook_switches'>): Promise<void> {
  await db
    .insertInto('runbook_switches')
    .values(row)
    .onConflict((oc) =>
      oc.column('scope').doUpdateSet({
        engaged: row.engaged,
        reason: row.reason,
        changed_by: row.changed_by,
        changed_at: row.changed_at,
      }),
    )
    .execute();
}

/** The newest alert of the incident: its labels and words fill a step's templates. */
export function newestAlertOf(db: Queryable, incidentId: string) {
  return db
    .selectFrom('alerts')
    .select(['summary', 'source', 'severity', 'labels'])
    .where('incident_id', '=', incidentId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function runbookTitles(db: Queryable, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('runbooks').select(['id', 'title']).where('id', 'in', ids).execute();
}

export function stepsByIds(db: Queryable, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('runbook_steps').selectAll().where('id', 'in', ids).execute();
}

/** Steps that run on their own, with what their runbook matches. */
export function autoSteps(db: Queryable) {
  return db
    .selectFrom('runbook_steps')
    .select(['id', 'runbook_id', 'auto_run_per_hour'])
    .where('auto_run', '=', 1)
    .where('approval', '=', 'safe')
    .execute();
}

/** Alerts after `after` (by id, so by time received) and before `before`, oldest first. */
export function alertsBetween(db: Queryable, after: string, before: string, limit: number) {
  return db
    .selectFrom('alerts')
    .select(['id', 'incident_id', 'service_id', 'labels', 'severity', 'source', 'status'])
    .where('id', '>', after)
    .where('id', '<', before)
    .orderBy('id')
    .limit(limit)
    .execute();
}
