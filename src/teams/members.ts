import { requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { isUniqueViolation } from '../platform/db/connect.ts';
import { ConflictError, ValidationError } from '../platform/errors.ts';
import { findUserById } from '../users/repository.ts';
import { getTeam, getTeamMember } from './get.ts';
import { deleteMember, findMember, insertMember, updateMemberRole } from './repository.ts';
import type { AddMemberInput, TeamMemberView, UpdateMemberInput } from './schemas.ts';

// Membership changes are recorded against the team, so its audit trail shows who joined and left.

export async function addTeamMember({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { teamId: string } & AddMemberInput;
}): Promise<TeamMemberView> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    const team = await getTeam(ctx.db, input.teamId);
    const user = await findUserById(ctx.db, input.user_id);
    if (user === undefined) throw new ValidationError(`user_id: no user ${JSON.stringify(input.user_id)}`);
    // A deactivated person cannot be paged; making them a member would add nobody to the team's pages.
    if (user.deactivated_at !== null) throw new ValidationError(`user_id: ${user.name} is deactivated`);
    const already = new ConflictError(
      `${user.name} is already a member of team ${JSON.stringify(team.name)}`,
    );
    if (await findMember(ctx.db, team.id, user.id)) throw already;
    try {
      await insertMember(ctx.db, {
        team_id: team.id,
        user_id: user.id,
        role: input.role ?? 'member',
        created_at: ctx.clock.now(),
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw already;
      throw e;
    }
    const member = await getTeamMember(ctx.db, team.id, user.id);
    await recordAudit(ctx, {
      action: 'team_member.create',
      targetType: 'team',
      targetId: team.id,
      after: member,
    });
    return member;
  });
}

export async function updateTeamMember({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { teamId: string; userId: string } & UpdateMemberInput;
}): Promise<TeamMemberView> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    await getTeam(ctx.db, input.teamId);
    const before = await getTeamMember(ctx.db, input.teamId, input.userId);
    await updateMemberRole(ctx.db, input.teamId, input.userId, input.role);
    const after = await getTeamMember(ctx.db, input.teamId, input.userId);
    await recordAudit(ctx, {
      action: 'team_member.update',
      targetType: 'team',
      targetId: input.teamId,
      before,
      after,
    });
    return after;
  });
}

export async function removeTeamMember({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { teamId: string; userId: string };
}): Promise<void> {
  requireRole(ctx.actor, 'admin');
  await inTransaction(ctx, async (ctx) => {
    await getTeam(ctx.db, input.teamId);
    const before = await getTeamMember(ctx.db, input.teamId, input.userId);
    await deleteMember(ctx.db, input.teamId, input.userId);
    await recordAudit(ctx, {
      action: 'team_member.delete',
      targetType: 'team',
      targetId: input.teamId,
      before,
    });
  });
}
