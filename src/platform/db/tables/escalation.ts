import type { Generated } from 'kysely';
import type { DayPart } from '../../local-hours.ts';
/**
 * Escalation policies and where each open incident stands in its policy, and the pages that
 * came of it (src/escalation; policies are src/escalation/policies).
 */
export interface EscalationTables {
  escalation_policies: EscalationPoliciesTable;
  escalation_levels: EscalationLevelsTable;
  incident_escalations: IncidentEscalationsTable;
  pages: PagesTable;
}

export interface EscalationPoliciesTable {
  id: string;
  name: string;
  description: string;
  team_id: string | null;
  repeat_count: number;
  ack_timeout_minutes: number | null;
  created_at: number;
  updated_at: number;
}

export type EscalationTargetType = 'user' | 'schedule' | 'team' | 'schedule_round_robin';

export interface EscalationTarget {
  type: EscalationTargetType;
  id: string;
}

export interface EscalationLevelsTable {
  id: string;
  policy_id: string;
  /** 0-based order within the policy. */
  position: number;
  delay_minutes: number;
  /** JSON EscalationTarget[]. */
  targets: string;
}

/** `active`: due_at is the next thing to do; `exhausted`: every level and repeat ran; `stopped`: resolved. */
export type EscalationState = 'active' | 'exhausted' | 'stopped';

export interface IncidentEscalationsTable {
  incident_id: string;
  policy_id: string | null;
  /** JSON string[] of user ids when reassigned to people rather than a policy. */
  assignees: string | null;
  state: EscalationState;
  /** The level that fires next (0-based). */
  level: number;
  /** Which pass over the policy (0 = first). */
  round: number;
  step: number;
  due_at: number | null;
  snoozed_until: number | null;
  updated_at: number;
}

export type PageReason = 'escalation' | 'manual' | 'reassign' | 'retrigger';

export interface PagesTable {
  id: string;
  incident_id: string;
  user_id: string;
  step: number;
  level: number;
  round: number;
  reason: PageReason;
  at: number;
  /** The paged person's local part of the day, weekend and broken night (src/platform/local-hours.ts). */
  day_part: Generated<DayPart>;
  weekend: Generated<number>;
  night: Generated<string | null>;
}
