import { actorRole, actorUserId, minRole, requireRole, roleAtLeast } from '../platform/auth/actor.ts';
import { generateSecret, hashSecret } from '../platform/auth/secrets.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { ForbiddenError, ValidationError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { getUser } from '../users/get.ts';
import { presentToken } from './presenter.ts';
import { insertToken } from './repository.ts';
import type { ApiTokenView, CreateTokenInput } from './schemas.ts';

export const TOKEN_PREFIX = 'tcs';

export interface CreateTokenArgs extends CreateTokenInput {
  /** Only for the first-start admin token (`TOCSIN_ADMIN_TOKEN`): use this secret instead of generating one. */
  presetSecret?: string;
}

/**
 * Anyone may create a token for themselves with at most their own role; admins may create
 * tokens for others. The secret is returned once and only its hash is kept.
 */
export async function createToken({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreateTokenArgs;
}): Promise<ApiTokenView & { token: string }> {
  const userId = input.user_id ?? actorUserId(ctx.actor);
  if (userId === null) throw new ValidationError('user_id is required when acting as the system');
  if (userId !== actorUserId(ctx.actor)) requireRole(ctx.actor, 'admin');
  if (input.presetSecret !== undefined && ctx.actor.type !== 'system') {
    throw new ForbiddenError('only the system may choose a token secret');
  }
  const now = ctx.clock.now();
  let expiresAt: number | null = null;
  if (input.expires_at !== undefined) {
    expiresAt = Date.parse(input.expires_at);
    if (!(expiresAt > now)) throw new ValidationError('expires_at: must be in the future');
  }

  return inTransaction(ctx, async (ctx) => {
    const owner = await getUser(ctx.db, userId);
    const wanted = input.role ?? owner.role;
    if (!roleAtLeast(owner.role, wanted)) {
      throw new ValidationError(`role: ${owner.name} is ${owner.role}; a token cannot have more (${wanted})`);
    }
    if (!roleAtLeast(actorRole(ctx.actor), wanted)) {
      throw new ForbiddenError(
        `you cannot create a token with more than your own role (${actorRole(ctx.actor)})`,
      );
    }
    const secret = input.presetSecret ?? generateSecret(TOKEN_PREFIX);
    const row = {
      id: newId('tok', now),
      name: input.name,
      user_id: owner.id,
      role: minRole(owner.role, wanted),
      token_hash: hashSecret(secret),
      token_prefix: secret.slice(0, 8),
      created_at: now,
      last_used_at: null,
      expires_at: expiresAt,
      revoked_at: null,
    };
    await insertToken(ctx.db, row);
    const view = presentToken(row);
    await recordAudit(ctx, {
      action: 'token.create',
      targetType: 'api_token',
      targetId: row.id,
      after: view,
    });
    return { ...view, token: secret };
  });
}
