import { requireRole } from '../../platform/auth/actor.ts';
import type { Ctx } from '../../platform/context.ts';
import { requireTeamManager } from '../../teams/access.ts';
import { findPolicyById } from './repository.ts';

/** Before changing a policy: admins, or managers of its team. A missing policy passes, so the action answers 404. */
export async function requirePolicyManager(ctx: Ctx, policyId: string): Promise<void> {
  requireRole(ctx.actor, 'responder');
  const row = await findPolicyById(ctx.db, policyId);
  if (row === undefined) return;
  await requireTeamManager(ctx, row.team_id, `escalation policy ${JSON.stringify(row.name)}`);
}
