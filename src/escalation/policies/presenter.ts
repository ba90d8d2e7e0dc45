import type { EscalationTarget } from '../../platform/db/tables/escalation.ts';
import type { Row } from '../../platform/db/tables.ts';
import { iso } from '../../platform/http/schema.ts';
import type { PolicyServiceRow } from './repository.ts';
import type { EscalationPolicyView, LevelView } from './schemas.ts';

export function parseTargets(text: string): EscalationTarget[] {
  return JSON.parse(text) as EscalationTarget[];
}

export function presentLevel(row: Row<'escalation_levels'>): LevelView {
  return {
    id: row.id,
    position: row.position,
    delay_minutes: row.delay_minutes,
    targets: parseTargets(row.targets).map((t) => ({ type: t.type, id: t.id })),
  };
}

// Compared here, not in SQL, so both dialects give the same order whatever their collation.
const byName = (a: PolicyServiceRow, b: PolicyServiceRow) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** `levels` and `services` may include other policies' rows; only this one's are used. */
export function presentPolicy(
  row: Row<'escalation_policies'>,
  levels: Row<'escalation_levels'>[],
  services: PolicyServiceRow[],
): EscalationPolicyView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    team_id: row.team_id,
    repeat_count: row.repeat_count,
    ack_timeout_minutes: row.ack_timeout_minutes,
    levels: levels
      .filter((l) => l.policy_id === row.id)
      .sort((a, b) => a.position - b.position)
      .map(presentLevel),
    services: services
      .filter((s) => s.escalation_policy_id === row.id)
      .sort(byName)
      .map((s) => ({ id: s.id, name: s.name })),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}
