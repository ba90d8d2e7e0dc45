import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../platform/http/app.ts';
import { IdParams } from '../platform/http/schema.ts';
import { PostUpdateBody, SubscribeBody, Subscriber, SubscriberParams, Update } from './schemas-updates.ts';
import { type SubscriptionTarget, addSubscriber, listSubscribers, removeSubscriber } from './subscribers.ts';
import { listUpdates, postUpdate } from './updates.ts';

const tags = ['incidents'];

/** Status updates of an incident, and who receives them (incident and service subscribers). */
export function updatesRoutes(app: TypedApp): void {
  app.get(
    '/incidents/:id/updates',
    {
      schema: {
        tags,
        summary: "The incident's status updates, oldest first",
        params: IdParams,
        response: { 200: Type.Object({ data: Type.Array(Update) }) },
      },
    },
    async (req) => ({ data: await listUpdates(req.ctx.db, req.params.id) }),
  );

  app.post(
    '/incidents/:id/updates',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary:
          'Post a status update: sent to the subscribers of the incident and of its services; restarts the update cadence',
        params: IdParams,
        body: PostUpdateBody,
        response: { 201: Update },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await postUpdate({ ctx: req.ctx, input: { id: req.params.id, message: req.body.message } })),
  );

  subscriberRoutes(app, 'incident', '/incidents/:id/subscribers');
  subscriberRoutes(app, 'service', '/services/:id/subscribers');
}

function subscriberRoutes(app: TypedApp, kind: SubscriptionTarget['kind'], path: string): void {
  const what = kind === 'incident' ? 'this incident' : "this service's incidents";
  const routeTags = kind === 'incident' ? tags : ['services', ...tags];

  app.get(
    path,
    {
      schema: {
        tags: routeTags,
        summary: `Who receives the status updates of ${what}`,
        params: IdParams,
        response: { 200: Type.Object({ data: Type.Array(Subscriber) }) },
      },
    },
    async (req) => ({ data: await listSubscribers(req.ctx.db, { kind, id: req.params.id }) }),
  );

  app.post(
    path,
    {
      // Viewers may subscribe themselves; the action asks for a responder to subscribe others.
      config: { auth: 'viewer' },
      schema: {
        tags: routeTags,
        summary: `Subscribe someone to the status updates of ${what}; again changes their contact method`,
        params: IdParams,
        body: SubscribeBody,
        response: { 200: Subscriber, 201: Subscriber },
      },
    },
    async (req, reply) => {
      const { subscriber, created } = await addSubscriber({
        ctx: req.ctx,
        input: { target: { kind, id: req.params.id }, ...req.body },
      });
      return reply.status(created ? 201 : 200).send(subscriber);
    },
  );

  app.delete(
    `${path}/:userId`,
    {
      config: { auth: 'viewer' },
      schema: {
        tags: routeTags,
        summary: `Unsubscribe someone from the status updates of ${what}`,
        params: SubscriberParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await removeSubscriber({
        ctx: req.ctx,
        input: { target: { kind, id: req.params.id }, userId: req.params.userId },
      });
      return reply.status(204).send(null);
    },
  );
}
