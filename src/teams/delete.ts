import { requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { isForeignKeyViolation } from '../platform/db/connect.ts';
import { ConflictError } from '../platform/errors.ts';
import { getTeam } from './get.ts';
import { deleteTeamRow, servicesOwnedBy } from './repository.ts';

const LISTED_SERVICES = 10;

function stillOwnsServices(team: string, services: { name: string }[]): ConflictError {
  const names = services.slice(0, LISTED_SERVICES).map((s) => s.name);
  const more = services.length > LISTED_SERVICES ? ` and ${services.length - LISTED_SERVICES} more` : '';
  return new ConflictError(
    `team ${JSON.stringify(team)} still owns services: ${names.join(', ')}${more}; move them to another team or delete them first`,
  );
}

/** Removes the team with its memberships. Services are never deleted with it: they must be moved first. */
export async function deleteTeam({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> {
  requireRole(ctx.actor, 'admin');
  await inTransaction(ctx, async (ctx) => {
    const before = await getTeam(ctx.db, input.id);
    const owned = await servicesOwnedBy(ctx.db, input.id);
    if (owned.length > 0) throw stillOwnsServices(before.name, owned);
    try {
      await deleteTeamRow(ctx.db, input.id);
    } catch (e) {
      // A service created for this team after the check above.
      if (isForeignKeyViolation(e))
        throw stillOwnsServices(before.name, await servicesOwnedBy(ctx.db, input.id));
      throw e;
    }
    await recordAudit(ctx, { action: 'team.delete', targetType: 'team', targetId: input.id, before });
  });
}
