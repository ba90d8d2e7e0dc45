import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { IngestTables } from './tables-ingest.ts';
import type { ScheduleTables } from './tables-schedules.ts';
import type { EscalationTables } from './tables-escalation.ts';
import type { IncidentTables } from './tables-incidents.ts';

/**
 * Row types for every table. Times are integer milliseconds since the epoch on both dialects
 * (bigint in PostgreSQL, parsed back to number), JSON is stored as text. Domain code never sees
 * dialect differences.
 */
export interface UsersTable {
  id: string;
  name: string;
  email: string;
  role: UserRole;
  time_zone: string;
  password_hash: string | null;
  created_at: number;
  updated_at: number;
}

export type UserRole = 'admin' | 'responder' | 'viewer';

export interface ContactMethodsTable {
  id: string;
  user_id: string;
  type: ContactMethodType;
  address: string;
  label: string;
  created_at: number;
  /** Webhooks only: the `Tocsin-Signature` secret, encrypted (src/users/signing-secrets.ts); null until first needed. */
  signing_secret: string | null;
  /** The secret before the last rotation, encrypted, still signing alongside until `previous_signing_secret_until`. */
  previous_signing_secret: string | null;
  previous_signing_secret_until: number | null;
}

export type ContactMethodType = 'webhook' | 'slack' | 'teams' | 'discord' | 'email' | 'sms' | 'voice';

export interface TeamsTable {
  id: string;
  name: string;
  description: string;
  created_at: number;
  updated_at: number;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
  role: TeamMemberRole;
  created_at: number;
}

export type TeamMemberRole = 'member' | 'manager';

export interface ServicesTable {
  id: string;
  name: string;
  description: string;
  team_id: string;
  /** JSON grouping rules (src/incidents/grouping.ts); null means one incident per dedup key. */
  alert_grouping: string | null;
  /** JSON {severity: urgency} (src/services/urgency.ts); null means the defaults. */
  urgency_rules: string | null;
  escalation_policy_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface ServiceDependenciesTable {
  service_id: string;
  depends_on_id: string;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  user_id: string;
  role: UserRole;
  token_hash: string;
  token_prefix: string;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
  revoked_at: number | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: number;
}

export interface AuditLogTable {
  seq: number;
  at: number;
  actor_type: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string | null;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

/**
 * Each area's tables live in their own file beside this one (`tables-*.ts`) and are merged
 * here, so two features can add tables without editing the same lines.
 */
export interface Database extends IngestTables, ScheduleTables, EscalationTables, IncidentTables {
  users: UsersTable;
  contact_methods: ContactMethodsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  services: ServicesTable;
  service_dependencies: ServiceDependenciesTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  settings: SettingsTable;
  audit_log: AuditLogTable;
}

export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
export type RowPatch<T extends keyof Database> = Updateable<Database[T]>;
export type { Generated };
