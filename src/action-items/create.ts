import { actorRef, addTimeline } from '../timeline/repository.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { findIncident } from '../incidents/repository.ts';
import { requireIncidentAccess } from '../teams/access.ts';
import { presentActionItems } from './presenter.ts';
import { insertActionItem } from './repository.ts';
import { checkedDueDate, checkedOwner, checkedTitle, itemOr404 } from './rules.ts';
import type { ActionItemView, CreateActionItemBody } from './schemas.ts';

/**
 * Adds an action item to an incident (by id or INC-n), open, medium priority unless given. Any
 * incident takes them, resolved and closed ones above all (that is when follow-ups are written);
 * a merged one does not: its work continues on the incident it was merged into.
 */
export async function createActionItem({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { incidentId: string } & CreateActionItemBody;
}): Promise<ActionItemView> {
  requireRole(ctx.actor, 'responder');
  await requireIncidentAccess(ctx, input.incidentId);
  return inTransaction(ctx, async (ctx) => {
    const incident = await findIncident(ctx.db, input.incidentId);
    if (incident === undefined) throw NotFoundError.of('incident', input.incidentId);
    if (incident.merged_into_id !== null) {
      throw new ConflictError(
        `INC-${incident.number} was merged into another incident; add the action item there (${incident.merged_into_id})`,
      );
    }
    const now = ctx.clock.now();
    const title = checkedTitle(input.title);
    const owner = await checkedOwner(ctx.db, input.owner_id ?? null);
    const dueDate = checkedDueDate(input.due_date ?? null, owner?.time_zone ?? null, now);
    const by = actorRef(ctx.actor);
    const id = newId('act', now);
    await insertActionItem(ctx.db, {
      id,
      incident_id: incident.id,
      title,
      description: input.description ?? '',
      owner_id: owner?.id ?? null,
      due_date: dueDate,
      priority: input.priority ?? 'medium',
      status: 'open',
      created_by: by,
      created_at: now,
      updated_at: now,
      completed_at: null,
      tracker: null,
    });
    await addTimeline(ctx.db, now, [
      {
        incidentId: incident.id,
        kind: 'action_item_added',
        actor: by,
        message:
          `${ctx.actor.name} added action item ${JSON.stringify(title)}` +
          (owner === null ? '' : `, owned by ${owner.name}`) +
          (dueDate === null ? '' : `, due ${dueDate}`),
        data: { action_item_id: id, owner_id: owner?.id ?? null, due_date: dueDate },
      },
    ]);
    const [item] = await presentActionItems(ctx.db, [await itemOr404(ctx.db, id)], now);
    await recordAudit(ctx, {
      action: 'action_item.create',
      targetType: 'action_item',
      targetId: id,
      after: item,
    });
    return item!;
  });
}
