import type { Queryable } from '../platform/db/connect.ts';
import type { EscalationTarget } from '../platform/db/tables/escalation.ts';
import type { PolicyShape } from './core.ts';
import { findPolicyById } from './policies/repository.ts';
import { levelsOfPolicy } from './repository.ts';

export interface LoadedPolicy extends PolicyShape {
  id: string;
  name: string;
  ackTimeoutMinutes: number | null;
  levels: { delayMinutes: number; targets: EscalationTarget[] }[];
}

/** A policy with its levels in order, as the engine walks it. */
export async function loadPolicy(db: Queryable, id: string): Promise<LoadedPolicy | undefined> {
  const policy = await findPolicyById(db, id);
  if (policy === undefined) return undefined;
  const levels = await levelsOfPolicy(db, id);
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
