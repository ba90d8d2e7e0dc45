import { requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { isUniqueViolation } from '../platform/db/connect.ts';
import { ConflictError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { getTeam } from './get.ts';
import { findTeamByName, insertTeam } from './repository.ts';
import type { CreateTeamInput, TeamView } from './schemas.ts';

export function duplicateTeamName(name: string): ConflictError {
  return new ConflictError(`a team named ${JSON.stringify(name)} already exists`);
}

export async function createTeam({ ctx, input }: { ctx: Ctx; input: CreateTeamInput }): Promise<TeamView> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    if (await findTeamByName(ctx.db, input.name)) throw duplicateTeamName(input.name);
    const now = ctx.clock.now();
    const id = newId('team', now);
    try {
      await insertTeam(ctx.db, {
        id,
        name: input.name,
        description: input.description ?? '',
        created_at: now,
        updated_at: now,
      });
    } catch (e) {
      // A concurrent create with the same name can pass the check above.
      if (isUniqueViolation(e)) throw duplicateTeamName(input.name);
      throw e;
    }
    const team = await getTeam(ctx.db, id);
    await recordAudit(ctx, { action: 'team.create', targetType: 'team', targetId: id, after: team });
    return team;
  });
}
