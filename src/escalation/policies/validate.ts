import type { Ctx } from '../../platform/context.ts';
import type { EscalationTargetType } from '../../platform/db/tables/escalation.ts';
import type { NewRow } from '../../platform/db/tables.ts';
import { ValidationError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { existingIds } from './repository.ts';
import { assertNotDeactivated } from '../../users/active.ts';
import type { LevelInput } from './schemas.ts';

/** Checks JSON schema cannot express. Each message starts with the field it rejects. */

const TABLE: Record<EscalationTargetType, 'users' | 'schedules' | 'teams'> = {
  user: 'users',
  schedule: 'schedules',
  schedule_round_robin: 'schedules',
  team: 'teams',
};

const KIND: Record<EscalationTargetType, string> = {
  user: 'user',
  schedule: 'schedule',
  schedule_round_robin: 'schedule',
  team: 'team',
};

export async function assertTeamExists(ctx: Ctx, teamId: string): Promise<void> {
  if ((await existingIds(ctx.db, 'teams', [teamId])).size === 0)
    throw new ValidationError(`team_id: no team ${JSON.stringify(teamId)}`);
}

/**
 * A target listed twice in one level would page the same people twice for one firing. The same
 * target on different levels is fine: that is how "page them again, then their manager" reads.
 */
export function assertNoDuplicateTargets(levels: LevelInput[]): void {
  levels.forEach((level, i) => {
    const seen = new Map<string, number>();
    level.targets.forEach((t, j) => {
      const key = `${t.type}:${t.id}`;
      const first = seen.get(key);
      if (first !== undefined) {
        throw new ValidationError(
          `levels.${i}.targets.${j}: ${t.type} ${JSON.stringify(t.id)} is already levels.${i}.targets.${first}`,
        );
      }
      seen.set(key, j);
    });
  });
}

/**
 * Every target must name an existing user, schedule or team; one query per table. A `user`
 * target must also be active, unless the policy already pages them (`kept`): someone deactivated
 * stays in the history of a policy and must not block an unrelated edit.
 */
export async function assertTargetsExist(
  ctx: Ctx,
  levels: LevelInput[],
  kept: ReadonlySet<string> = new Set(),
): Promise<void> {
  const wanted: Record<'users' | 'schedules' | 'teams', string[]> = { users: [], schedules: [], teams: [] };
  for (const level of levels) for (const t of level.targets) wanted[TABLE[t.type]].push(t.id);
  const found = {
    users: await existingIds(ctx.db, 'users', wanted.users),
    schedules: await existingIds(ctx.db, 'schedules', wanted.schedules),
    teams: await existingIds(ctx.db, 'teams', wanted.teams),
  };
  levels.forEach((level, i) => {
    level.targets.forEach((t, j) => {
      if (!found[TABLE[t.type]].has(t.id)) {
        throw new ValidationError(`levels.${i}.targets.${j}.id: no ${KIND[t.type]} ${JSON.stringify(t.id)}`);
      }
    });
  });
  await assertNotDeactivated(
    ctx.db,
    levels.flatMap((level, i) =>
      level.targets.flatMap((t, j): [string, string][] =>
        t.type === 'user' && !kept.has(t.id) ? [[`levels.${i}.targets.${j}.id`, t.id]] : [],
      ),
    ),
  );
}

export function levelRows(
  policyId: string,
  levels: LevelInput[],
  now: number,
): NewRow<'escalation_levels'>[] {
  return levels.map((level, position) => ({
    id: newId('lvl', now),
    policy_id: policyId,
    position,
    delay_minutes: level.delay_minutes,
    // Only type and id are kept, in this order, so stored JSON does not depend on the request's key order.
    targets: JSON.stringify(level.targets.map((t) => ({ type: t.type, id: t.id }))),
  }));
}
