import type { Queryable } from '../platform/db/connect.ts';
import { type Page, type PageQuery, mapPage } from '../platform/db/paginate.ts';
import { NotFoundError } from '../platform/errors.ts';
import { presentMember, presentTeam } from './presenter.ts';
import {
  type TeamFilter,
  findMember,
  findTeamById,
  listMembers,
  listTeams,
  memberCountsOf,
} from './repository.ts';
import type { TeamMemberView, TeamView } from './schemas.ts';

export async function getTeam(db: Queryable, id: string): Promise<TeamView> {
  const row = await findTeamById(db, id);
  if (row === undefined) throw NotFoundError.of('team', id);
  const counts = await memberCountsOf(db, [id]);
  return presentTeam(row, counts.get(id) ?? 0);
}

export async function listTeamViews(
  db: Queryable,
  filter: TeamFilter,
  page: PageQuery,
): Promise<Page<TeamView>> {
  const rows = await listTeams(db, filter, page);
  const counts = await memberCountsOf(
    db,
    rows.data.map((t) => t.id),
  );
  return mapPage(rows, (t) => presentTeam(t, counts.get(t.id) ?? 0));
}

export async function getTeamMember(db: Queryable, teamId: string, userId: string): Promise<TeamMemberView> {
  const row = await findMember(db, teamId, userId);
  if (row === undefined) throw NotFoundError.of('team member', userId);
  return presentMember(row);
}

export async function listMemberViews(
  db: Queryable,
  teamId: string,
  page: PageQuery,
): Promise<Page<TeamMemberView>> {
  if (!(await findTeamById(db, teamId))) throw NotFoundError.of('team', teamId);
  return mapPage(await listMembers(db, teamId, page), presentMember);
}
