import { generateSecret, hashSecret, verifyPassword } from '../platform/auth/secrets.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { AuthenticationError } from '../platform/errors.ts';
import type { Row } from '../platform/db/tables.ts';
import { newId } from '../platform/ids.ts';
import { unstorableReason } from '../platform/text.ts';
import { getUser } from '../users/get.ts';
import { findUserByEmail } from '../users/repository.ts';
import type { UserView } from '../users/schemas.ts';
import { deleteSessionByTokenHash, insertSession } from './repository.ts';

export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

/** Checks the password and opens a session; the returned secret goes into the cookie, its hash into the table. */
export async function login({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { email: string; password: string };
}): Promise<{
  user: UserView;
  sessionSecret: string;
  expiresAt: number;
}> {
  // No stored email holds a NUL or a lone surrogate, and PostgreSQL cannot even compare one: such
  // an email is simply wrong, whichever route (API, sign-in form, CLI) passed it on.
  if (unstorableReason(input.email) !== undefined) throw new AuthenticationError('invalid email or password');
  const row = await findUserByEmail(ctx.db, input.email);
  const ok = await verifyPassword(row?.password_hash ?? null, input.password);
  if (row === undefined || !ok) throw new AuthenticationError('invalid email or password');
  // Said only to someone who knows the password: it tells them nothing an admin did not.
  if (row.deactivated_at !== null) {
    throw new AuthenticationError('this account is deactivated; ask an admin to reactivate it');
  }
  return openSession(ctx, row, 'session.login');
}

/**
 * A new session for `row`, audited as that person (a login, or accepting an invite). Joins the
 * caller's transaction when there is one, so an invite is used and its session made together.
 */
export async function openSession(
  ctx: Ctx,
  row: Row<'users'>,
  action: 'session.login' | 'user.invite_accept',
): Promise<{ user: UserView; sessionSecret: string; expiresAt: number }> {
  const sessionSecret = generateSecret('ses');
  const now = ctx.clock.now();
  const expiresAt = now + SESSION_TTL_MS;
  const actorCtx: Ctx = { ...ctx, actor: { type: 'user', userId: row.id, name: row.name, role: row.role } };
  await inTransaction(actorCtx, async (ctx) => {
    const id = newId('ses', now);
    await insertSession(ctx.db, {
      id,
      user_id: row.id,
      token_hash: hashSecret(sessionSecret),
      created_at: now,
      expires_at: expiresAt,
      last_seen_at: now,
    });
    await recordAudit(ctx, { action, targetType: 'user', targetId: row.id });
  });
  return { user: await getUser(ctx.db, row.id), sessionSecret, expiresAt };
}

export async function logout({ ctx, input }: { ctx: Ctx; input: { sessionSecret: string } }): Promise<void> {
  await inTransaction(ctx, async (ctx) => {
    const deleted = await deleteSessionByTokenHash(ctx.db, hashSecret(input.sessionSecret));
    if (deleted > 0n && ctx.actor.type !== 'system') {
      await recordAudit(ctx, { action: 'session.logout', targetType: 'user', targetId: ctx.actor.userId });
    }
  });
}
