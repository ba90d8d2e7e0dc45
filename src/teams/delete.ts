import { requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { isForeignKeyViolation } from '../platform/db/connect.ts';
import { ConflictError } from '../platform/errors.ts';
import { getTeam } from './get.ts';
import { deleteTeamRow, schedulesOwnedBy, servicesOwnedBy } from './repository.ts';

const LISTED_SERVICES = 10;

function stillOwns(team: string, kind: string, owned: { name: string }[]): ConflictError {
  const names = owned.slice(0, LISTED_SERVICES).map((s) => s.name);
  const more = owned.length > LISTED_SERVICES ? ` and ${owned.length - LISTED_SERVICES} more` : '';
  return new ConflictError(
    `team ${JSON.stringify(team)} still owns ${kind}: ${names.join(', ')}${more}; move them to another team or delete them first`,
  );
}

/** Removes the team with its memberships. What it owns (services, schedules) must be moved or deleted first. */
export async function deleteTeam({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> {
  requireRole(ctx.actor, 'admin');
  await inTransaction(ctx, async (ctx) => {
    const before = await getTeam(ctx.db, input.id);
    const owned = await servicesOwnedBy(ctx.db, input.id);
    if (owned.length > 0) throw stillOwns(before.name, 'services', owned);
    const schedules = await schedulesOwnedBy(ctx.db, input.id);
    if (schedules.length > 0) throw stillOwns(before.name, 'schedules', schedules);
    try {
      await deleteTeamRow(ctx.db, input.id);
    } catch (e) {
      // Something was created for this team after the checks. On PostgreSQL the transaction is
      // aborted now, so answer without querying again.
      if (isForeignKeyViolation(e)) {
        throw new ConflictError(
          `team ${JSON.stringify(before.name)} still owns services or schedules; move or delete them first`,
        );
      }
      throw e;
    }
    await recordAudit(ctx, { action: 'team.delete', targetType: 'team', targetId: input.id, before });
  });
}
