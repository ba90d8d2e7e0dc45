import { requireRole } from '../platform/auth/actor.ts';
import type { Ctx } from '../platform/context.ts';
import { requireTeamManager } from '../teams/access.ts';
import { findScheduleById } from './repository.ts';

/** Before changing a schedule: admins, or managers of its team. A missing schedule passes, so the action answers 404. */
export async function requireScheduleManager(ctx: Ctx, scheduleId: string): Promise<void> {
  requireRole(ctx.actor, 'responder');
  const row = await findScheduleById(ctx.db, scheduleId);
  if (row === undefined) return;
  await requireTeamManager(ctx, row.team_id, `schedule ${JSON.stringify(row.name)}`);
}
