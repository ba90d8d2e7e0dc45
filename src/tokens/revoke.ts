import { actorUserId, requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { NotFoundError } from '../platform/errors.ts';
import { presentToken } from './presenter.ts';
import { findTokenById, markRevoked } from './repository.ts';
import type { ApiTokenView } from './schemas.ts';

/** Revoking is idempotent; the row stays so the audit trail and last-used time remain readable. */
export async function revokeToken({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string };
}): Promise<ApiTokenView> {
  return inTransaction(ctx, async (ctx) => {
    const row = await findTokenById(ctx.db, input.id);
    if (row === undefined) throw NotFoundError.of('token', input.id);
    if (row.user_id !== actorUserId(ctx.actor)) requireRole(ctx.actor, 'admin');
    if (row.revoked_at !== null) return presentToken(row);
    await markRevoked(ctx.db, row.id, ctx.clock.now());
    const after = presentToken((await findTokenById(ctx.db, row.id))!);
    await recordAudit(ctx, {
      action: 'token.revoke',
      targetType: 'api_token',
      targetId: row.id,
      before: presentToken(row),
      after,
    });
    return after;
  });
}
