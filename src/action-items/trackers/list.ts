import { requireRole } from '../../platform/auth/actor.ts';
import type { Ctx } from '../../platform/context.ts';
import type { TrackerDeps } from './create.ts';
import { presentTracker } from './presenter.ts';
import { listTrackers as listTrackerRows } from './repository.ts';
import { trackerOr404 } from './rules.ts';
import type { TicketTrackerView } from './schemas.ts';

/**
 * Admins read trackers: their settings say which repositories and accounts Tocsin writes to.
 * Responders push items to one by id.
 */
export async function listTrackers({
  ctx,
  deps,
}: {
  ctx: Ctx;
  deps: TrackerDeps;
}): Promise<{ data: TicketTrackerView[] }> {
  requireRole(ctx.actor, 'admin');
  return { data: (await listTrackerRows(ctx.db)).map((r) => presentTracker(r, deps.publicUrl)) };
}

export async function getTracker({
  ctx,
  input,
  deps,
}: {
  ctx: Ctx;
  input: { id: string };
  deps: TrackerDeps;
}): Promise<TicketTrackerView> {
  requireRole(ctx.actor, 'admin');
  return presentTracker(await trackerOr404(ctx.db, input.id), deps.publicUrl);
}
