import type { Ctx } from '../../platform/context.ts';
import { actorRef, addTimeline } from '../../timeline/repository.ts';
import { moveRun, unfinishedRunsOfSteps } from './repository.ts';

/** Runs of these steps not yet on the wire are cancelled: a deleted step must not run later. */
export async function cancelRunsOfSteps(ctx: Ctx, stepIds: string[], why: string): Promise<void> {
  if (stepIds.length === 0) return;
  const now = ctx.clock.now();
  const by = actorRef(ctx.actor);
  for (const r of await unfinishedRunsOfSteps(ctx.db, stepIds)) {
    const moved = await moveRun(ctx.db, r.id, ['pending_approval', 'queued', 'claimed'], {
      status: 'cancelled',
      decided_by: by,
      decided_at: now,
      finished_at: now,
      error: `cancelled: ${why}`,
    });
    if (moved) {
      await addTimeline(ctx.db, now, [
        {
          incidentId: r.incident_id,
          kind: 'runbook_step_cancelled',
          actor: by,
          message: `A runbook step did not run: ${why}`,
          data: { run_id: r.id, step_id: r.step_id },
        },
      ]);
    }
  }
}
