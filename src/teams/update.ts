import { requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { isUniqueViolation } from '../platform/db/connect.ts';
import type { RowPatch } from '../platform/db/tables.ts';
import { duplicateTeamName } from './create.ts';
import { getTeam } from './get.ts';
import { findTeamByName, updateTeamRow } from './repository.ts';
import type { TeamView, UpdateTeamInput } from './schemas.ts';

export async function updateTeam({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & UpdateTeamInput;
}): Promise<TeamView> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    const before = await getTeam(ctx.db, input.id);
    const patch: RowPatch<'teams'> = { updated_at: ctx.clock.now() };
    if (input.name !== undefined && input.name !== before.name) {
      if (await findTeamByName(ctx.db, input.name)) throw duplicateTeamName(input.name);
      patch.name = input.name;
    }
    if (input.description !== undefined) patch.description = input.description;
    try {
      await updateTeamRow(ctx.db, input.id, patch);
    } catch (e) {
      if (isUniqueViolation(e) && input.name !== undefined) throw duplicateTeamName(input.name);
      throw e;
    }
    const after = await getTeam(ctx.db, input.id);
    await recordAudit(ctx, { action: 'team.update', targetType: 'team', targetId: input.id, before, after });
    return after;
  });
}
