import { actorUserId, requireRole } from '../platform/auth/actor.ts';
import { endCredentialsOf } from '../platform/auth/repository.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { policiesTargeting } from '../platform/db/references-repository.ts';
import type { Queryable } from '../platform/db/connect.ts';
import { ConflictError } from '../platform/errors.ts';
import { getUser } from './get.ts';
import { assertNotLastAdmin } from './last-admin.ts';
import {
  cancelPendingNotificationsOf,
  deleteOpenInvitesOf,
  schedulesCovering,
  schedulesRotating,
  teamsOf,
  updateUserRow,
} from './repository.ts';
import type { UserReferencesView, UserView } from './schemas.ts';

/**
 * Deactivation: someone who left keeps their history but can no longer act or be woken.
 *
 * - Login is refused (src/sessions/login.ts), every session ends and every live API token is
 *   revoked now; the credential look-ups also skip deactivated people (platform/auth).
 * - They are never paged: escalation resolves targets to active people only
 *   (src/escalation/targets.ts), and their pages not yet sent are cancelled here. A schedule
 *   slot they hold stays theirs on the calendar (the rotation is not rewritten behind the
 *   admin's back), but it resolves to nobody: a level whose other targets still have someone
 *   pages them, and a level left with nobody is skipped to the next level, with a timeline
 *   entry saying so, as PagerDuty does. The confirmation (referencesOf) says where they are so
 *   the admin can fix the rotation or policy.
 * - Open invites are voided. Reactivation restores login with their old password; sessions and
 *   tokens stay ended (new ones are made as usual).
 */
export async function deactivateUser({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<UserView> {
  requireRole(ctx.actor, 'admin');
  if (actorUserId(ctx.actor) === input.id) {
    throw new ConflictError('you cannot deactivate your own account; ask another admin');
  }
  return inTransaction(ctx, async (ctx) => {
    const before = await getUser(ctx.db, input.id);
    if (before.status === 'deactivated') return before;
    await assertNotLastAdmin(
      ctx,
      before,
      `${before.name} is the last active admin; make someone else admin before deactivating them`,
    );
    const now = ctx.clock.now();
    await updateUserRow(ctx.db, input.id, { deactivated_at: now, updated_at: now });
    const tokensRevoked = await endCredentialsOf(ctx.db, input.id, now);
    await cancelPendingNotificationsOf(ctx.db, input.id, now);
    await deleteOpenInvitesOf(ctx.db, input.id);
    const after = await getUser(ctx.db, input.id);
    await recordAudit(ctx, {
      action: 'user.deactivate',
      targetType: 'user',
      targetId: input.id,
      before,
      after: { ...after, tokens_revoked: tokensRevoked },
    });
    return after;
  });
}

export async function reactivateUser({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<UserView> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    const before = await getUser(ctx.db, input.id);
    if (before.status !== 'deactivated') return before;
    await updateUserRow(ctx.db, input.id, { deactivated_at: null, updated_at: ctx.clock.now() });
    const after = await getUser(ctx.db, input.id);
    await recordAudit(ctx, {
      action: 'user.reactivate',
      targetType: 'user',
      targetId: input.id,
      before,
      after,
    });
    return after;
  });
}

/** Where the person is paged from or belongs: what deactivating (or deleting) them changes. */
export async function referencesOf(db: Queryable, id: string, now: number): Promise<UserReferencesView> {
  await getUser(db, id);
  const covering = await schedulesCovering(db, id, now);
  return {
    schedules: await schedulesRotating(db, id, now),
    overrides: covering.overrides,
    temporary_schedules: covering.temporary,
    escalation_policies: await policiesTargeting(db, ['user'], id),
    teams: await teamsOf(db, id),
  };
}
