import type { Queryable } from '../platform/db/connect.ts';
import { containsText } from '../platform/db/search.ts';
import { type PageQuery, paginate } from '../platform/db/paginate.ts';
import type { NewRow, Row, RowPatch } from '../platform/db/tables.ts';
import type { TeamMemberRole } from '../platform/db/tables/teams.ts';

export function findTeamById(db: Queryable, id: string): Promise<Row<'teams'> | undefined> {
  return db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findTeamByName(db: Queryable, name: string): Promise<Row<'teams'> | undefined> {
  return db.selectFrom('teams').selectAll().where('name', '=', name).executeTakeFirst();
}

export interface TeamFilter {
  q?: string | undefined;
  userId?: string | undefined;
}

export function listTeams(db: Queryable, filter: TeamFilter, page: PageQuery) {
  return paginate(page, (after, take, k) => {
    let q = db.selectFrom('teams').selectAll('teams');
    if (filter.userId !== undefined) {
      const userId = filter.userId;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('team_members')
            .select('team_members.team_id')
            .whereRef('team_members.team_id', '=', 'teams.id')
            .where('team_members.user_id', '=', userId),
        ),
      );
    }
    if (filter.q !== undefined && filter.q !== '') {
      q = q.where(containsText('teams.name', filter.q));
    }
    if (after !== undefined) q = q.where('teams.id', k.op, after);
    return q.orderBy('teams.id', k.order).limit(take).execute();
  });
}

export async function insertTeam(db: Queryable, row: NewRow<'teams'>): Promise<void> {
  await db.insertInto('teams').values(row).execute();
}

export async function updateTeamRow(db: Queryable, id: string, patch: RowPatch<'teams'>): Promise<void> {
  await db.updateTable('teams').set(patch).where('id', '=', id).execute();
}

export async function deleteTeamRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('teams').where('id', '=', id).execute();
}

export async function memberCountsOf(db: Queryable, teamIds: string[]): Promise<Map<string, number>> {
  if (teamIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('team_members')
    .select((eb) => ['team_id', eb.fn.countAll<number | string>().as('n')])
    .where('team_id', 'in', teamIds)
    .groupBy('team_id')
    .execute();
  return new Map(rows.map((r) => [r.team_id, Number(r.n)]));
}

/** The services a team owns, which block its deletion. */
export function servicesOwnedBy(db: Queryable, teamId: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('services')
    .select(['id', 'name'])
    .where('team_id', '=', teamId)
    .orderBy('name')
    .execute();
}

/** The schedules a team owns, which block its deletion too. */
export function schedulesOwnedBy(db: Queryable, teamId: string): Promise<{ name: string }[]> {
  return db.selectFrom('schedules').select('name').where('team_id', '=', teamId).orderBy('name').execute();
}

export type MemberRow = Pick<Row<'users'>, 'id' | 'name' | 'email' | 'deactivated_at'> &
  Pick<Row<'team_members'>, 'role' | 'created_at'>;

function selectMembers(db: Queryable, teamId: string) {
  return db
    .selectFrom('team_members')
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .select([
      'users.id',
      'users.name',
      'users.email',
      'users.deactivated_at',
      'team_members.role',
      'team_members.created_at',
    ])
    .where('team_members.team_id', '=', teamId);
}

/** Pages by user id, so the user id doubles as the cursor. */
export function listMembers(db: Queryable, teamId: string, page: PageQuery) {
  return paginate(page, (after, take, k) => {
    let q = selectMembers(db, teamId);
    if (after !== undefined) q = q.where('users.id', k.op, after);
    return q.orderBy('users.id', k.order).limit(take).execute();
  });
}

export function findMember(db: Queryable, teamId: string, userId: string): Promise<MemberRow | undefined> {
  return selectMembers(db, teamId).where('users.id', '=', userId).executeTakeFirst();
}

export async function insertMember(db: Queryable, row: NewRow<'team_members'>): Promise<void> {
  await db.insertInto('team_members').values(row).execute();
}

export async function updateMemberRole(
  db: Queryable,
  teamId: string,
  userId: string,
  role: TeamMemberRole,
): Promise<void> {
  await db
    .updateTable('team_members')
    .set({ role })
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .execute();
}

export async function deleteMember(db: Queryable, teamId: string, userId: string): Promise<void> {
  await db.deleteFrom('team_members').where('team_id', '=', teamId).where('user_id', '=', userId).execute();
}

/** SQL behind teams/access.ts: what team membership lets a person do. */

export async function teamRoleOf(
  db: Queryable,
  teamId: string,
  userId: string,
): Promise<TeamMemberRole | undefined> {
  const row = await db
    .selectFrom('team_members')
    .select('role')
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.role;
}

/** Whether the user is on the team owning any of the services. */
export async function memberOfOwningTeam(
  db: Queryable,
  serviceIds: string[],
  userId: string,
): Promise<boolean> {
  if (serviceIds.length === 0) return false;
  const row = await db
    .selectFrom('services')
    .innerJoin('team_members', 'team_members.team_id', 'services.team_id')
    .select('services.id')
    .where('services.id', 'in', serviceIds)
    .where('team_members.user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The incident's id and every service it is on (its own and those added); undefined when there is no such incident. */
export async function incidentScope(
  db: Queryable,
  incidentId: string,
): Promise<{ id: string; number: number; serviceIds: string[] } | undefined> {
  const m = /^(?:INC-)?(\d+)$/i.exec(incidentId);
  // Past a safe integer it names no incident, and could overflow PostgreSQL's bigint (a 500).
  if (m && Number(m[1]) > Number.MAX_SAFE_INTEGER) return undefined;
  const q = db.selectFrom('incidents').select(['id', 'number', 'service_id']);
  const row = await (
    m ? q.where('number', '=', Number(m[1])) : q.where('id', '=', incidentId)
  ).executeTakeFirst();
  if (row === undefined) return undefined;
  const extra = await db
    .selectFrom('incident_services')
    .select('service_id')
    .where('incident_id', '=', row.id)
    .execute();
  return { id: row.id, number: row.number, serviceIds: [row.service_id, ...extra.map((e) => e.service_id)] };
}

/** Paged (or notified) for the incident, holding one of its roles now, or assigned one of its tasks. */
export async function involvedInIncident(
  db: Queryable,
  incidentId: string,
  userId: string,
): Promise<boolean> {
  const paged = await db
    .selectFrom('pages')
    .select('id')
    .where('incident_id', '=', incidentId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (paged !== undefined) return true;
  const notified = await db
    .selectFrom('notifications')
    .select('id')
    .where('incident_id', '=', incidentId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (notified !== undefined) return true;
  const role = await db
    .selectFrom('incident_role_assignments')
    .select('id')
    .where('incident_id', '=', incidentId)
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  if (role !== undefined) return true;
  const task = await db
    .selectFrom('incident_tasks')
    .select('id')
    .where('incident_id', '=', incidentId)
    .where('assignee_id', '=', userId)
    .executeTakeFirst();
  return task !== undefined;
}
