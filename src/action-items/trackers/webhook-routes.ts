import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TypedApp } from '../../platform/http/app.ts';
import { IdParams } from '../../platform/http/schema.ts';
import { WebhookAnswer } from './schemas.ts';
import { receiveTrackerWebhook } from './webhook.ts';

/**
 * `POST /webhooks/ticket-trackers/:id` (a root route, no login: the HMAC signature is the
 * credential). Its scope keeps the body as the raw bytes, since the signature is over exactly
 * those; the app's JSON parser would hand over an object, re-serialised differently.
 */
export function ticketTrackerWebhookRoutes(app: TypedApp): void {
  const key = app.deps.keys.ticketTrackers;
  void app.register((scope, _opts, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, next) => next(null, body));
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/webhooks/ticket-trackers/:id',
      {
        schema: {
          tags: ['ticket trackers'],
          summary:
            "A tracker's webhook (GitHub `issues`, Jira `jira:issue_updated`), signed with its secret; 200 when it moved an action item, 202 when nothing matched",
          params: IdParams,
          response: { 200: WebhookAnswer, 202: WebhookAnswer },
        },
      },
      async (req, reply) => {
        const ctx = {
          actor: { type: 'system' as const, name: 'ticket tracker webhook' },
          db: app.deps.db,
          dialect: app.deps.dialect,
          clock: app.deps.clock,
          outbound: app.deps.config.outbound,
          requestId: req.id,
        };
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const answer = await receiveTrackerWebhook({
          ctx,
          input: { trackerId: req.params.id, headers: req.headers, body },
          key,
        });
        return reply.status(answer.matched ? 200 : 202).send(answer);
      },
    );
    done();
  });
}
