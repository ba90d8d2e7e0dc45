import type { Row } from '../platform/db/tables.ts';
import { iso } from '../platform/http/schema.ts';
import type { MemberRow } from './repository.ts';
import type { TeamMemberView, TeamView } from './schemas.ts';

export function presentTeam(row: Row<'teams'>, memberCount: number): TeamView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    member_count: memberCount,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export function presentMember(row: MemberRow): TeamMemberView {
  return {
    user_id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    deactivated: row.deactivated_at !== null,
    created_at: iso(row.created_at),
  };
}
