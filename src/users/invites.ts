import { createHmac } from 'node:crypto';
import { actorUserId, requireRole } from '../platform/auth/actor.ts';
import { generateSecret } from '../platform/auth/secrets.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { Queryable } from '../platform/db/connect.ts';
import type { Row } from '../platform/db/tables.ts';
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import { iso } from '../platform/http/schema.ts';
import { createUser } from './create.ts';
import { getUser } from './get.ts';
import { deleteOpenInvitesOf, findInvite, findUserById, insertInvite } from './repository.ts';
import type { CreatedInviteView, InviteInput } from './schemas.ts';

/** Long enough to reach someone back from a week off; a lost or late link is simply sent again. */
export const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

/**
 * The stored form of an invite token: HMAC-SHA256 with the install's `invites` key, so the
 * database alone cannot check a guessed or leaked link (see platform/auth/keys.ts).
 */
export function inviteTokenHash(key: Buffer, token: string): string {
  return createHmac('sha256', key).update(token).digest('hex');
}

export function inviteUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/invite/${encodeURIComponent(token)}`;
}

interface InviteDeps {
  key: Buffer;
  publicUrl: string;
}

/** A new person without a password, and a one-time link for them to choose one (shown once). */
export async function inviteUser({
  ctx,
  deps,
  input,
}: {
  ctx: Ctx;
  deps: InviteDeps;
  input: InviteInput;
}): Promise<CreatedInviteView> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    const user = await createUser({ ctx, input: { ...input, role: input.role ?? 'responder' } });
    return issueInvite(ctx, deps, user.id);
  });
}

/** A fresh link for someone who has not set a password yet; any older link stops working. */
export async function resendInvite({
  ctx,
  deps,
  input,
}: {
  ctx: Ctx;
  deps: InviteDeps;
  input: { id: string };
}): Promise<CreatedInviteView> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    const user = await getUser(ctx.db, input.id);
    if (user.status === 'deactivated')
      throw new ConflictError(`${user.name} is deactivated; reactivate them first`);
    if (user.has_password)
      throw new ConflictError(`${user.name} has a password already; they log in as usual`);
    await deleteOpenInvitesOf(ctx.db, input.id);
    return issueInvite(ctx, deps, input.id);
  });
}

async function issueInvite(ctx: Ctx, deps: InviteDeps, userId: string): Promise<CreatedInviteView> {
  const token = generateSecret('inv');
  const now = ctx.clock.now();
  const expiresAt = now + INVITE_TTL_MS;
  await insertInvite(ctx.db, {
    token_hash: inviteTokenHash(deps.key, token),
    user_id: userId,
    created_by: actorUserId(ctx.actor),
    created_at: now,
    expires_at: expiresAt,
    used_at: null,
  });
  const user = await getUser(ctx.db, userId);
  // The link is in the answer only; the audit record says that one was sent and until when.
  await recordAudit(ctx, {
    action: 'user.invite',
    targetType: 'user',
    targetId: userId,
    after: { email: user.email, role: user.role, expires_at: iso(expiresAt) },
  });
  return { user, invite_url: inviteUrl(deps.publicUrl, token), expires_at: iso(expiresAt) };
}

/**
 * The invite a token names, if it may still be used: unknown, used, expired and deactivated all
 * answer 404 with what to do, since the person can only ask an admin for a new link.
 */
export async function openInvite(
  db: Queryable,
  key: Buffer,
  token: string,
  now: number,
): Promise<{ invite: Row<'user_invites'>; user: Row<'users'> }> {
  const invite = await findInvite(db, inviteTokenHash(key, token));
  const gone = (why: string) => new NotFoundError(`${why}; ask an admin for a new invite link`);
  if (invite === undefined) throw gone('this invite link is not valid');
  if (invite.used_at !== null) throw gone('this invite link was used already');
  if (invite.expires_at <= now) throw gone('this invite link has expired');
  const user = await findUserById(db, invite.user_id);
  if (user === undefined || user.deactivated_at !== null) throw gone('this account is not active');
  // A password set since the invite (by an admin) is theirs now: a link still sitting in a mail
  // or a chat must not reset it and log in as them.
  if (user.password_hash !== null) throw gone('this account has a password already');
  return { invite, user };
}
