/** Teams and their members (src/teams). */
export interface TeamTables {
  teams: TeamsTable;
  team_members: TeamMembersTable;
}

export interface TeamsTable {
  id: string;
  name: string;
  description: string;
  created_at: number;
  updated_at: number;
}

export type TeamMemberRole = 'member' | 'manager';

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
  role: TeamMemberRole;
  created_at: number;
}
