import { hashPassword } from '../platform/auth/secrets.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { NotFoundError } from '../platform/errors.ts';
import type { AppDeps } from '../platform/http/deps.ts';
import { iso } from '../platform/http/schema.ts';
import { inviteTokenHash, openInvite } from '../users/invites.ts';
import { updateUserRow, useInvite } from '../users/repository.ts';
import { openSession } from './login.ts';

function systemCtx(deps: AppDeps, requestId: string): Ctx {
  return {
    actor: { type: 'system', name: 'invite' },
    db: deps.db,
    dialect: deps.dialect,
    clock: deps.clock,
    outbound: deps.config.outbound,
    requestId,
  };
}

export async function lookUpInvite(deps: AppDeps, token: string) {
  const { invite, user } = await openInvite(deps.db, deps.keys.invites, token, deps.clock.now());
  return { name: user.name, email: user.email, expires_at: iso(invite.expires_at) };
}

/**
 * Sets the invited person's password, uses the link up and logs them in, in one transaction,
 * audited as them. Two tabs accepting at once: the second finds the link used and changes nothing.
 */
export async function acceptInvite(
  deps: AppDeps,
  requestId: string,
  input: { token: string; password: string },
) {
  const key = deps.keys.invites;
  await openInvite(deps.db, key, input.token, deps.clock.now());
  // argon2 is slow on purpose: hash before the transaction so it does not hold the writer.
  const passwordHash = await hashPassword(input.password);
  return inTransaction(systemCtx(deps, requestId), async (ctx) => {
    const now = ctx.clock.now();
    const { user } = await openInvite(ctx.db, key, input.token, now);
    if (!(await useInvite(ctx.db, inviteTokenHash(key, input.token), now))) {
      throw new NotFoundError('this invite link was used already; ask an admin for a new invite link');
    }
    await updateUserRow(ctx.db, user.id, { password_hash: passwordHash, updated_at: now });
    return openSession(ctx, user, 'user.invite_accept');
  });
}
