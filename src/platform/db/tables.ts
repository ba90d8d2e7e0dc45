import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ActionItemTables } from './tables/action-items.ts';
import type { AuditTables } from './tables/audit.ts';
import type { CounterTables } from './tables/counters.ts';
import type { EscalationTables } from './tables/escalation.ts';
import type { HeartbeatTables } from './tables/heartbeats.ts';
import type { IncidentTables } from './tables/incidents.ts';
import type { IngestTables } from './tables/ingest.ts';
import type { InsightTables } from './tables/insights.ts';
import type { IntegrationTables } from './tables/integrations.ts';
import type { NotifyTables } from './tables/notify.ts';
import type { OncallTables } from './tables/oncall.ts';
import type { PostmortemTables } from './tables/postmortems.ts';
import type { RunbookTables } from './tables/runbooks.ts';
import type { ServiceTables } from './tables/services.ts';
import type { SessionTables } from './tables/sessions.ts';
import type { SettingTables } from './tables/settings.ts';
import type { SeverityTables } from './tables/severities.ts';
import type { SilenceTables } from './tables/silences.ts';
import type { SloTables } from './tables/slos.ts';
import type { StatusPageTables } from './tables/status-page.ts';
import type { TeamTables } from './tables/teams.ts';
import type { TimelineTables } from './tables/timeline.ts';
import type { TokenTables } from './tables/tokens.ts';
import type { UserTables } from './tables/users.ts';

/**
 * Row types for every table, assembled from one file per owning domain in `tables/` (a domain's
 * named column types, e.g. `IncidentStatus`, are imported from there). They live in platform
 * because repositories of several domains join each other's tables. Times are integer
 * milliseconds since the epoch on both dialects (bigint in PostgreSQL, parsed back to number),
 * JSON is stored as text, flags are 0/1 integers. Domain code never sees dialect differences.
 * schema-types.test.ts checks these against the migrated schema on both dialects.
 */
export interface Database
  extends
    UserTables,
    TeamTables,
    TokenTables,
    SessionTables,
    SettingTables,
    AuditTables,
    CounterTables,
    InsightTables,
    ServiceTables,
    IntegrationTables,
    IngestTables,
    SilenceTables,
    HeartbeatTables,
    SeverityTables,
    IncidentTables,
    TimelineTables,
    EscalationTables,
    NotifyTables,
    OncallTables,
    StatusPageTables,
    PostmortemTables,
    ActionItemTables,
    RunbookTables,
    SloTables {}

export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
export type RowPatch<T extends keyof Database> = Updateable<Database[T]>;
export type { Generated };
