import { parseGrouping } from './grouping.ts';
import type { Row } from '../platform/db/tables.ts';
import { iso } from '../platform/http/schema.ts';
import type { Edge } from './repository.ts';
import { parseUrgencyRules } from './urgency.ts';
import type { ServiceView } from './schemas.ts';

// Sorted here, not in SQL, so both dialects give the same order whatever their collation.
const sorted = (ids: string[]) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** `edges` may hold edges of other services too; only this one's are used. */
export function presentService(row: Row<'services'>, edges: Edge[]): ServiceView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    alert_grouping: parseGrouping(row.alert_grouping),
    urgency_rules: parseUrgencyRules(row.urgency_rules),
    team_id: row.team_id,
    escalation_policy_id: row.escalation_policy_id,
    dependencies: sorted(edges.filter((e) => e.service_id === row.id).map((e) => e.depends_on_id)),
    dependents: sorted(edges.filter((e) => e.depends_on_id === row.id).map((e) => e.service_id)),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}
