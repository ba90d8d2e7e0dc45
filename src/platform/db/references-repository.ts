import type { Queryable } from './connect.ts';
import { containsText } from './search.ts';

/**
 * Reverse look-ups for deletes: what still points at a user or a schedule from the escalation
 * policies above it. They live down here, with the tables, because the row being deleted belongs
 * to a lower layer than the rows that point at it (SQL reading other domains' tables on purpose).
 */

/**
 * Policies with a level that pages `targetId` as one of `types`. Targets are JSON text (no
 * foreign key), so a LIKE on the id narrows the rows and parsing confirms the match.
 */
export async function policiesTargeting(
  db: Queryable,
  types: string[],
  targetId: string,
): Promise<{ id: string; name: string }[]> {
  const rows = await db
    .selectFrom('escalation_levels')
    .innerJoin('escalation_policies', 'escalation_policies.id', 'escalation_levels.policy_id')
    .select(['escalation_policies.id', 'escalation_policies.name', 'escalation_levels.targets'])
    .where(containsText('escalation_levels.targets', targetId))
    .orderBy('escalation_policies.name')
    .execute();
  const found = new Map<string, string>();
  for (const r of rows) {
    const targets = JSON.parse(r.targets) as { type: string; id: string }[];
    if (targets.some((t) => t.id === targetId && types.includes(t.type))) found.set(r.id, r.name);
  }
  return [...found].map(([id, name]) => ({ id, name }));
}
