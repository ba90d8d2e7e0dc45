import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../../platform/http/app.ts';
import { IdParams, PageOf } from '../../platform/http/schema.ts';
import { listSubscriberViews, removeSubscriber } from './admin.ts';
import { ListSubscribersQuery, StatusSubscriber } from './schemas.ts';

const tags = ['status-page'];

/** Admin view of the public page's subscribers, under /api/v1/status-page/subscribers. */
export function subscriberAdminRoutes(app: TypedApp): void {
  app.get(
    '/status-page/subscribers',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'List status page subscribers (admins only: addresses are personal data)',
        querystring: ListSubscribersQuery,
        response: { 200: PageOf(StatusSubscriber) },
      },
    },
    (req) => listSubscriberViews({ ctx: req.ctx, input: req.query }),
  );

  app.delete(
    '/status-page/subscribers/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Remove a subscriber and its queued deliveries',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await removeSubscriber({ ctx: req.ctx, input: { id: req.params.id } });
      return reply.status(204).send(null);
    },
  );
}
