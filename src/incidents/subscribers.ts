import { actorRef, addTimeline } from '../timeline/repository.ts';
import { usableForUpdates } from '../notify/update-methods.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { actorUserId, requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { Queryable } from '../platform/db/connect.ts';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors.ts';
import { iso } from '../platform/http/schema.ts';
import { findServiceById } from '../services/repository.ts';
import { type ActorNames, loadActorNames, presentActor } from '../users/actors.ts';
import { findContactMethod, findUserById } from '../users/repository.ts';
import { findIncident } from './repository.ts';
import type { SubscribeBody, SubscriberView } from './schemas-updates.ts';
import {
  type SubscriptionOwner,
  type SubscriptionRow,
  deleteSubscription,
  findSubscription,
  listSubscriptions,
  upsertSubscription,
} from './subscribers-repository.ts';

/**
 * Stakeholder subscriptions: people kept informed of an incident's status updates without being
 * paged, either for one incident or for every incident of a service. Responders subscribe anyone;
 * anyone (viewers too) may subscribe or unsubscribe themselves.
 */

/** An incident (by id or INC-number) or a service (by id). */
export interface SubscriptionTarget {
  kind: 'incident' | 'service';
  id: string;
}

interface Resolved {
  owner: SubscriptionOwner;
  /** Set for an incident: its timeline records who subscribed. */
  incident?: { id: string; ref: string; mergedInto: string | null };
}

async function resolveTarget(db: Queryable, target: SubscriptionTarget): Promise<Resolved> {
  if (target.kind === 'service') {
    const service = await findServiceById(db, target.id);
    if (service === undefined) throw NotFoundError.of('service', target.id);
    return { owner: { kind: 'service', id: service.id } };
  }
  const incident = await findIncident(db, target.id);
  if (incident === undefined) throw NotFoundError.of('incident', target.id);
  return {
    owner: { kind: 'incident', id: incident.id },
    incident: { id: incident.id, ref: `INC-${incident.number}`, mergedInto: incident.merged_into_id },
  };
}

/** `names`: from loadActorNames() over the rows' `created_by`s. */
export function presentSubscriber(r: SubscriptionRow, names: ActorNames): SubscriberView {
  return {
    user_id: r.user_id,
    user_name: r.user_name,
    contact_method_id: r.contact_method_id,
    created_at: iso(r.created_at),
    created_by: presentActor(r.created_by, names),
  };
}

/** Subscriptions with the names of who made them, read in one query. */
async function presentSubscribers(db: Queryable, rows: SubscriptionRow[]): Promise<SubscriberView[]> {
  const names = await loadActorNames(
    db,
    rows.map((r) => r.created_by),
  );
  return rows.map((r) => presentSubscriber(r, names));
}

/** Changing someone else's subscriptions takes a responder; your own, anyone. */
function authorizeFor(ctx: Ctx, userId: string): void {
  if (actorUserId(ctx.actor) !== userId) requireRole(ctx.actor, 'responder');
}

export async function listSubscribers(db: Queryable, target: SubscriptionTarget): Promise<SubscriberView[]> {
  const { owner } = await resolveTarget(db, target);
  return presentSubscribers(db, await listSubscriptions(db, owner));
}

/**
 * Subscribes a user, or changes the contact method of their subscription. `created` says which,
 * so the route can answer 201 or 200.
 */
export async function addSubscriber({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { target: SubscriptionTarget } & SubscribeBody;
}): Promise<{ subscriber: SubscriberView; created: boolean }> {
  authorizeFor(ctx, input.user_id);
  return inTransaction(ctx, async (ctx) => {
    const { owner, incident } = await resolveTarget(ctx.db, input.target);
    if (incident?.mergedInto) {
      const survivor = await findIncident(ctx.db, incident.mergedInto);
      const where = survivor === undefined ? 'the incident it was merged into' : `INC-${survivor.number}`;
      throw new ConflictError(`${incident.ref} was merged into ${where}; subscribe to that one`);
    }
    const user = await findUserById(ctx.db, input.user_id);
    if (user === undefined)
      throw new ValidationError(`body.user_id: user ${JSON.stringify(input.user_id)} not found`);
    const methodId = input.contact_method_id ?? null;
    let methodType: string | null = null;
    if (methodId !== null) {
      // Sending someone's updates to another person's address would be a silent misroute.
      const method = await findContactMethod(ctx.db, user.id, methodId);
      if (method === undefined) {
        throw new ValidationError(
          `body.contact_method_id: ${JSON.stringify(methodId)} is not a contact method of ${user.name}`,
        );
      }
      if (!usableForUpdates(method.type)) {
        throw new ValidationError(
          `body.contact_method_id: ${method.type} is for pages only; pick another contact method or leave it out`,
        );
      }
      methodType = method.type;
    }
    const before = await findSubscription(ctx.db, owner, user.id);
    const now = ctx.clock.now();
    const created = await upsertSubscription(ctx.db, owner, {
      user_id: user.id,
      contact_method_id: methodId,
      created_at: now,
      created_by: actorRef(ctx.actor),
    });
    const after = await findSubscription(ctx.db, owner, user.id);
    const [view, beforeView] = await presentSubscribers(ctx.db, [
      after!,
      ...(before === undefined ? [] : [before]),
    ]);
    if (created || before?.contact_method_id !== methodId) {
      await recordAudit(ctx, {
        action: `${owner.kind}.subscriber.add`,
        targetType: owner.kind,
        targetId: owner.id,
        before: beforeView,
        after: view,
      });
    }
    if (incident !== undefined && created) {
      const how = methodType === null ? '' : ` by ${methodType}`;
      await addTimeline(ctx.db, now, [
        {
          incidentId: incident.id,
          kind: 'subscribed',
          actor: actorRef(ctx.actor),
          message:
            actorUserId(ctx.actor) === user.id
              ? `${user.name} subscribed to status updates${how}`
              : `${ctx.actor.name} subscribed ${user.name} to status updates${how}`,
          data: { user_id: user.id, contact_method_id: methodId },
        },
      ]);
    }
    return { subscriber: view!, created };
  });
}

export async function removeSubscriber({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { target: SubscriptionTarget; userId: string };
}): Promise<void> {
  authorizeFor(ctx, input.userId);
  await inTransaction(ctx, async (ctx) => {
    const { owner, incident } = await resolveTarget(ctx.db, input.target);
    const before = await findSubscription(ctx.db, owner, input.userId);
    if (before === undefined || !(await deleteSubscription(ctx.db, owner, input.userId))) {
      throw new NotFoundError(
        `user ${JSON.stringify(input.userId)} is not subscribed to ${incident?.ref ?? `service ${JSON.stringify(owner.id)}`}`,
      );
    }
    await recordAudit(ctx, {
      action: `${owner.kind}.subscriber.remove`,
      targetType: owner.kind,
      targetId: owner.id,
      before: (await presentSubscribers(ctx.db, [before]))[0],
    });
    if (incident !== undefined) {
      const self = actorUserId(ctx.actor) === before.user_id;
      await addTimeline(ctx.db, ctx.clock.now(), [
        {
          incidentId: incident.id,
          kind: 'unsubscribed',
          actor: actorRef(ctx.actor),
          message: self
            ? `${before.user_name} unsubscribed from status updates`
            : `${ctx.actor.name} unsubscribed ${before.user_name} from status updates`,
          data: { user_id: before.user_id },
        },
      ]);
    }
  });
}
