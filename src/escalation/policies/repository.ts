import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/connect.ts';
import { type PageQuery, paginate } from '../../platform/db/paginate.ts';
import { containsText } from '../../platform/db/search.ts';
import type { NewRow, Row, RowPatch } from '../../platform/db/tables.ts';

/** SQL for escalation policies, their levels, and the objects they point at. */

export function findPolicyById(db: Queryable, id: string): Promise<Row<'escalation_policies'> | undefined> {
  return db.selectFrom('escalation_policies').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findPolicyByName(
  db: Queryable,
  name: string,
): Promise<Row<'escalation_policies'> | undefined> {
  return db.selectFrom('escalation_policies').selectAll().where('name', '=', name).executeTakeFirst();
}

/**
 * PostgreSQL only: holds the policy row until commit, so a concurrent update reads the policy
 * only after this one commits (its audit "before" is exact), and a service cannot be linked
 * between the delete's check and the delete (the link's foreign-key check waits for this lock).
 * SQLite has a single writer already.
 */
export async function lockPolicy(db: Queryable, id: string): Promise<void> {
  await sql`select id from escalation_policies where id = ${id} for update`.execute(db);
}

export interface PolicyFilter {
  teamId?: string | undefined;
  q?: string | undefined;
}

export function listPolicies(db: Queryable, filter: PolicyFilter, page: PageQuery) {
  return paginate(page, (after, take, k) => {
    let q = db.selectFrom('escalation_policies').selectAll();
    if (filter.teamId !== undefined) q = q.where('team_id', '=', filter.teamId);
    if (filter.q !== undefined && filter.q !== '') q = q.where(containsText('name', filter.q));
    if (after !== undefined) q = q.where('id', k.op, after);
    return q.orderBy('id', k.order).limit(take).execute();
  });
}

export async function insertPolicy(db: Queryable, row: NewRow<'escalation_policies'>): Promise<void> {
  await db.insertInto('escalation_policies').values(row).execute();
}

export async function updatePolicyRow(
  db: Queryable,
  id: string,
  patch: RowPatch<'escalation_policies'>,
): Promise<void> {
  await db.updateTable('escalation_policies').set(patch).where('id', '=', id).execute();
}

/** Its levels go with it (cascade); services using it must have been checked by the caller. */
export async function deletePolicyRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('escalation_policies').where('id', '=', id).execute();
}

export function levelsOf(db: Queryable, policyIds: string[]): Promise<Row<'escalation_levels'>[]> {
  if (policyIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('escalation_levels')
    .selectAll()
    .where('policy_id', 'in', policyIds)
    .orderBy('policy_id')
    .orderBy('position')
    .execute();
}

export async function replaceLevels(
  db: Queryable,
  policyId: string,
  levels: NewRow<'escalation_levels'>[],
): Promise<void> {
  await db.deleteFrom('escalation_levels').where('policy_id', '=', policyId).execute();
  if (levels.length === 0) return;
  await db.insertInto('escalation_levels').values(levels).execute();
}

export type PolicyServiceRow = { id: string; name: string; escalation_policy_id: string | null };

export function servicesUsing(db: Queryable, policyIds: string[]): Promise<PolicyServiceRow[]> {
  if (policyIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('services')
    .select(['id', 'name', 'escalation_policy_id'])
    .where('escalation_policy_id', 'in', policyIds)
    .execute();
}

/** Which of `ids` exist in the table a target type points at. */
export async function existingIds(
  db: Queryable,
  table: 'users' | 'schedules' | 'teams',
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const unique = [...new Set(ids)];
  const rows = await db.selectFrom(table).select('id').where('id', 'in', unique).execute();
  return new Set(rows.map((r) => r.id));
}
