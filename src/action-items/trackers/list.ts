import type { Ctx } from '../../platform/context.ts';
import type { TrackerDeps } from './create.ts';
import { presentTracker } from './presenter.ts';
import { listTrackers as listTrackerRows } from './repository.ts';
import { trackerOr404 } from './rules.ts';
import type { TicketTrackerView } from './schemas.ts';

/**
 * Anyone signed in reads trackers: responders pick one when pushing an item. The presenter shows
 * only what is not secret (never the token or the webhook secret); admins alone change them.
 */
export async function listTrackers({
  ctx,
  deps,
}: {
  ctx: Ctx;
  deps: TrackerDeps;
}): Promise<{ data: TicketTrackerView[] }> {
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
  return presentTracker(await trackerOr404(ctx.db, input.id), deps.publicUrl);
}
