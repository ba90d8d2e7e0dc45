import { sql } from 'kysely';
import type { Queryable } from '../platform/db/connect.ts';
import { type PageQuery, paginate } from '../platform/db/paginate.ts';
import { containsText } from '../platform/db/search.ts';
import type { NewRow, Row, RowPatch } from '../platform/db/tables.ts';
import { idFloorAt } from '../platform/ids.ts';

/** Every statement of the runbooks domain. */

export type RunbookRow = Row<'runbooks'>;

export function findRunbook(db: Queryable, id: string): Promise<RunbookRow | undefined> {
  return db.selectFrom('runbooks').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findRunbookByTitle(db: Queryable, title: string): Promise<RunbookRow | undefined> {
  return db.selectFrom('runbooks').selectAll().where('title', '=', title).executeTakeFirst();
}

export function findRunbooks(db: Queryable, ids: string[]): Promise<RunbookRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('runbooks').selectAll().where('id', 'in', ids).execute();
}

export interface RunbookFilter {
  q?: string | undefined;
  tag?: string | undefined;
  serviceId?: string | undefined;
  teamId?: string | undefined;
  /** Reviews due before this instant (`reviewed_at + interval < now`). */
  overdueAt?: number | undefined;
  notOverdueAt?: number | undefined;
}

const DAY_MS = 86_400_000;
// The interval is an integer column: widened first, or PostgreSQL multiplies in int4 and overflows.
const reviewDue = sql<number>`reviewed_at + cast(review_interval_days as bigint) * ${sql.raw(String(DAY_MS))}`;

export function listRunbooks(db: Queryable, filter: RunbookFilter, page: PageQuery) {
  return paginate(page, (after, take, k) => {
    let q = db.selectFrom('runbooks').selectAll();
    if (filter.q !== undefined) {
      const words = filter.q;
      q = q.where((eb) => eb.or([containsText('title', words), containsText('body', words)]));
    }
    // Tags are a JSON array of strings: the quoted tag is a substring of it exactly when present.
    if (filter.tag !== undefined) q = q.where(containsText('tags', JSON.stringify(filter.tag)));
    if (filter.teamId !== undefined) q = q.where('owner_team_id', '=', filter.teamId);
    if (filter.serviceId !== undefined) {
      const serviceId = filter.serviceId;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('runbook_services')
            .select('runbook_services.runbook_id')
            .whereRef('runbook_services.runbook_id', '=', 'runbooks.id')
            .where('runbook_services.service_id', '=', serviceId),
        ),
      );
    }
    if (filter.overdueAt !== undefined) q = q.where(reviewDue, '<', filter.overdueAt);
    if (filter.notOverdueAt !== undefined) q = q.where(reviewDue, '>=', filter.notOverdueAt);
    if (after !== undefined) q = q.where('id', k.op, after);
    return q.orderBy('id', k.order).limit(take).execute();
  });
}

export async function insertRunbook(db: Queryable, row: NewRow<'runbooks'>): Promise<void> {
  await db.insertInto('runbooks').values(row).execute();
}

/** The change, only if the runbook is still at `version` (so two editors cannot both make version n+1). */
export async function updateRunbookIfVersion(
  db: Queryable,
  id: string,
  version: number,
  patch: RowPatch<'runbooks'>,
): Promise<boolean> {
  const res = await db
    .updateTable('runbooks')
    .set(patch)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Review fields only: they never race an edit of the text. */
export async function updateRunbookRow(
  db: Queryable,
  id: string,
  patch: RowPatch<'runbooks'>,
): Promise<void> {
  await db.updateTable('runbooks').set(patch).where('id', '=', id).execute();
}

export async function deleteRunbookRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('runbooks').where('id', '=', id).execute();
}

export async function insertRunbookVersion(db: Queryable, row: NewRow<'runbook_versions'>): Promise<void> {
  await db.insertInto('runbook_versions').values(row).execute();
}

export function listRunbookVersions(db: Queryable, runbookId: string) {
  return db
    .selectFrom('runbook_versions')
    .select(['version', 'title', 'note', 'edited_by', 'edited_at'])
    .where('runbook_id', '=', runbookId)
    .orderBy('version', 'desc')
    .execute();
}

export function findRunbookVersion(
  db: Queryable,
  runbookId: string,
  version: number,
): Promise<Row<'runbook_versions'> | undefined> {
  return db
    .selectFrom('runbook_versions')
    .selectAll()
    .where('runbook_id', '=', runbookId)
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function replaceRunbookServices(
  db: Queryable,
  runbookId: string,
  serviceIds: string[],
): Promise<void> {
  await db.deleteFrom('runbook_services').where('runbook_id', '=', runbookId).execute();
  if (serviceIds.length === 0) return;
  await db
    .insertInto('runbook_services')
    .values(serviceIds.map((service_id) => ({ runbook_id: runbookId, service_id })))
    .execute();
}

/** Each runbook's services with their names, in name order. */
export async function servicesOfRunbooks(
  db: Queryable,
  runbookIds: string[],
): Promise<Map<string, { id: string; name: string }[]>> {
  const out = new Map<string, { id: string; name: string }[]>();
  if (runbookIds.length === 0) return out;
  const rows = await db
    .selectFrom('runbook_services')
    .innerJoin('services', 'services.id', 'runbook_services.service_id')
    .select(['runbook_services.runbook_id', 'services.id', 'services.name'])
    .where('runbook_services.runbook_id', 'in', runbookIds)
    .orderBy('services.name')
    .execute();
  for (const r of rows) {
    const list = out.get(r.runbook_id) ?? [];
    list.push({ id: r.id, name: r.name });
    out.set(r.runbook_id, list);
  }
  return out;
}

export function teamNames(db: Queryable, ids: string[]): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('teams').select(['id', 'name']).where('id', 'in', ids).execute();
}

/** What matching needs of every runbook that is matched to something. */
export async function allRunbookTargets(db: Queryable) {
  const rows = await db
    .selectFrom('runbooks')
    .select(['id', 'title', 'matchers', 'severities', 'sources', 'updated_at'])
    .execute();
  const links = await db.selectFrom('runbook_services').select(['runbook_id', 'service_id']).execute();
  return { rows, links };
}

/** The incident's alerts (merged ones' included: they were moved onto it), what matching reads. */
export function alertsOfIncident(db: Queryable, incidentId: string) {
  return db
    .selectFrom('alerts')
    .select(['id', 'service_id', 'labels', 'severity', 'source', 'details', 'links'])
    .where('incident_id', '=', incidentId)
    .orderBy('id', 'desc')
    .limit(1000)
    .execute();
}

/**
 * Alerts received since `since`, newest first, at most `limit`: what the coverage report checks.
 * Alert ids sort by the time they were received, so the primary key serves the range.
 */
export function alertsSince(db: Queryable, since: number, limit: number) {
  return db
    .selectFrom('alerts')
    .select([
      'service_id',
      'labels',
      'severity',
      'source',
      'class',
      'summary',
      'details',
      'links',
      'received_at',
    ])
    .where('id', '>=', idFloorAt('alr', since))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export function allServiceNames(db: Queryable): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('services').select(['id', 'name']).orderBy('name').execute();
}

/** Runbooks whose review is overdue and whose owners were not reminded since it fell due. */
export function overdueUnreminded(db: Queryable, now: number, limit: number) {
  return db
    .selectFrom('runbooks')
    .select(['id', 'title', 'owner_team_id', 'reviewed_at', 'review_interval_days'])
    .where(reviewDue, '<', now)
    .where('review_reminded_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Takes the reminder: of several engines, the one whose UPDATE changes the row sends it. */
export async function takeReviewReminder(db: Queryable, id: string, now: number): Promise<boolean> {
  const res = await db
    .updateTable('runbooks')
    .set({ review_reminded_at: now })
    .where('id', '=', id)
    .where('review_reminded_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Who hears that a runbook's review is overdue: its team's managers, else its members; admins
 * for a runbook of no team. Active people only.
 */
export async function reviewRecipients(db: Queryable, teamId: string | null) {
  if (teamId === null) {
    return db
      .selectFrom('users')
      .select(['id', 'name', 'email'])
      .where('role', '=', 'admin')
      .where('deactivated_at', 'is', null)
      .execute();
  }
  const members = await db
    .selectFrom('team_members')
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .select(['users.id', 'users.name', 'users.email', 'team_members.role'])
    .where('team_members.team_id', '=', teamId)
    .where('users.deactivated_at', 'is', null)
    .execute();
  const managers = members.filter((m) => m.role === 'manager');
  return (managers.length > 0 ? managers : members).map(({ id, name, email }) => ({ id, name, email }));
}

export async function putFeedback(db: Queryable, row: NewRow<'runbook_feedback'>): Promise<void> {
  await db
    .insertInto('runbook_feedback')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['incident_id', 'runbook_id'])
        .doUpdateSet({ helped: row.helped, given_by: row.given_by, given_at: row.given_at }),
    )
    .execute();
}

export function feedbackOf(db: Queryable, incidentId: string) {
  return db.selectFrom('runbook_feedback').selectAll().where('incident_id', '=', incidentId).execute();
}
