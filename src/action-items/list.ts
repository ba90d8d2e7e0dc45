import { actorUserId } from '../platform/auth/actor.ts';
import type { Ctx } from '../platform/context.ts';
import { type Page, mapPage } from '../platform/db/paginate.ts';
import { NotFoundError, ValidationError } from '../platform/errors.ts';
import { findIncident } from '../incidents/repository.ts';
import { loadActorNames } from '../users/actors.ts';
import { todayByZone } from './days.ts';
import { presentActionItem, presentActionItems } from './presenter.ts';
import { type ActionItemFilter, listActionItems, timeZonesInUse } from './repository.ts';
import { itemOr404 } from './rules.ts';
import type { ActionItemView, ListActionItemsQuery } from './schemas.ts';

export async function getActionItem({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string };
}): Promise<ActionItemView> {
  const [item] = await presentActionItems(ctx.db, [await itemOr404(ctx.db, input.id)], ctx.clock.now());
  return item!;
}

/**
 * Items across incidents, newest first. `owner=me` is the caller (the web UI's "my action
 * items"); `overdue=true` keeps open items due before today in their owner's time zone.
 */
export async function listActionItemsAcross({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: ListActionItemsQuery;
}): Promise<Page<ActionItemView>> {
  let ownerId = input.owner;
  if (ownerId === 'me') {
    const me = actorUserId(ctx.actor);
    if (me === null) throw new ValidationError('querystring.owner=me needs a user: this caller is none');
    ownerId = me;
  }
  let incidentId = input.incident_id;
  if (incidentId !== undefined) {
    // INC-42 as well as an id; an unknown incident simply has no items.
    incidentId = (await findIncident(ctx.db, incidentId))?.id ?? incidentId;
  }
  const now = ctx.clock.now();
  const filter: ActionItemFilter = {
    ownerId,
    status: input.status,
    serviceId: input.service,
    teamId: input.team,
    incidentId,
    overdue: input.overdue === 'true' ? { today: todayByZone(await timeZonesInUse(ctx.db), now) } : undefined,
  };
  const page = await listActionItems(ctx.db, filter, input);
  const names = await loadActorNames(
    ctx.db,
    page.data.map((r) => r.created_by),
  );
  return mapPage(page, (r) => presentActionItem(r, names, now));
}

/** One incident's items (by id or INC-n); 404 for an incident that does not exist. */
export async function listIncidentActionItems({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { incidentId: string } & Omit<ListActionItemsQuery, 'incident_id'>;
}): Promise<Page<ActionItemView>> {
  const incident = await findIncident(ctx.db, input.incidentId);
  if (incident === undefined) throw NotFoundError.of('incident', input.incidentId);
  return listActionItemsAcross({ ctx, input: { ...input, incident_id: incident.id } });
}
