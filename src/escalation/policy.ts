import type { Queryable } from '../platform/db/connect.ts';
import type { EscalationTarget } from '../platform/db/tables/escalation.ts';
import type { PolicyShape } from './core.ts';

export interface LoadedPolicy extends PolicyShape {
  id: string;
  name: string;
  ackTimeoutMinutes: number | null;
  levels: { delayMinutes: number; targets: EscalationTarget[] }[];
}

/** A policy with its levels in order, as the engine walks it. */
export async function loadPolicy(db: Queryable, id: string): Promise<LoadedPolicy | undefined> {
  const policy = await db
    .selectFrom('escalation_policies')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (policy === undefined) return undefined;
  const levels = await db
    .selectFrom('escalation_levels')
    .selectAll()
    .where('policy_id', '=', id)
    .orderBy('position')
    .execute();
  return {
    id: policy.id,
    name: policy.name,
    repeatCount: policy.repeat_count,
    ackTimeoutMinutes: policy.ack_timeout_minutes,
    levels: levels.map((l) => ({
      delayMinutes: l.delay_minutes,
      targets: JSON.parse(l.targets) as EscalationTarget[],
    })),
  };
}
