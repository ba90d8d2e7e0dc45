import { sql } from 'kysely';
import type { Queryable } from '../platform/db/connect.ts';
import type { Row } from '../platform/db/tables.ts';
import type { Scope } from './scope.ts';
import { MONDAY, WEEK } from './weeks.ts';

/**
 * On-call health (SPEC §6 on-call load): the people a report is about and their pages, counted
 * by the part of their day stored on each page (src/platform/local-hours.ts).
 */

/** A team's members; with no team, the members of the caller's teams, or everyone for admins. */
export function peopleOf(db: Queryable, scope: Scope) {
  let q = db.selectFrom('users').select(['users.id', 'users.name', 'users.time_zone']);
  if (scope.teamId !== undefined) {
    q = q.where('users.id', 'in', (eb) =>
      eb.selectFrom('team_members').select('user_id').where('team_id', '=', scope.teamId!),
    );
  } else if (scope.teamIds !== null) {
    const teamIds = scope.teamIds;
    if (teamIds.length === 0) return Promise.resolve([]);
    q = q.where('users.id', 'in', (eb) =>
      eb.selectFrom('team_members').select('user_id').where('team_id', 'in', teamIds),
    );
  }
  return q.orderBy('users.name').orderBy('users.id').execute();
}

export interface PageCounts {
  user_id: string;
  pages: number;
  business: number;
  after: number;
  sleep: number;
  weekend: number;
  nights: number;
}

/** Each person's pages in [from, to), by the part of their day. */
export async function pageCounts(db: Queryable, scope: Scope, userIds: string[]): Promise<PageCounts[]> {
  if (userIds.length === 0) return [];
  const { rows } = await sql<PageCounts>`
    SELECT p.user_id, count(*) AS pages,
      sum(CASE WHEN p.day_part = 'business' THEN 1 ELSE 0 END) AS business,
      sum(CASE WHEN p.day_part = 'after_hours' THEN 1 ELSE 0 END) AS after,
      sum(CASE WHEN p.day_part = 'sleep' THEN 1 ELSE 0 END) AS sleep,
      sum(p.weekend) AS weekend,
      count(DISTINCT p.night) AS nights
    FROM pages p
    WHERE p.user_id IN (${sql.join(userIds)}) AND p.at >= ${scope.from} AND p.at < ${scope.to}
    GROUP BY p.user_id`.execute(db);
  return rows.map((r) => ({
    user_id: r.user_id,
    pages: Number(r.pages),
    business: Number(r.business),
    after: Number(r.after),
    sleep: Number(r.sleep),
    weekend: Number(r.weekend),
    nights: Number(r.nights),
  }));
}

/** The people's pages per UTC week (its Monday, ms) and part of the day. */
export async function pagesByWeek(
  db: Queryable,
  scope: Scope,
  userIds: string[],
): Promise<{ week: number; day_part: string; n: number }[]> {
  if (userIds.length === 0) return [];
  const { rows } = await sql<{ week: number; day_part: string; n: number }>`
    SELECT (p.at - ${sql.raw(String(MONDAY))}) / ${sql.raw(String(WEEK))} AS week, p.day_part, count(*) AS n
    FROM pages p
    WHERE p.user_id IN (${sql.join(userIds)}) AND p.at >= ${scope.from} AND p.at < ${scope.to}
    GROUP BY 1, 2`.execute(db);
  return rows.map((r) => ({ week: Number(r.week) * WEEK + MONDAY, day_part: r.day_part, n: Number(r.n) }));
}

/** The schedules whose shifts count as time on call: the team's, the caller's teams', or all. */
export function schedulesOf(db: Queryable, scope: Scope): Promise<Row<'schedules'>[]> {
  let q = db.selectFrom('schedules').selectAll();
  if (scope.teamId !== undefined) q = q.where('team_id', '=', scope.teamId);
  else if (scope.teamIds !== null) {
    if (scope.teamIds.length === 0) return Promise.resolve([]);
    q = q.where('team_id', 'in', scope.teamIds);
  }
  return q.execute();
}
