import type { TypedApp } from '../platform/http/app.ts';
import { IdParams } from '../platform/http/schema.ts';
import { TestAlertAnswer } from './schemas.ts';
import { sendTestAlert } from './test-alert.ts';

/** Under /api/v1 with the other integration routes (the drop-in endpoints are routes.ts, at the root). */
export function testAlertRoutes(app: TypedApp): void {
  app.post(
    '/integrations/:id/test',
    {
      config: { auth: 'responder' },
      schema: {
        tags: ['integrations'],
        summary: "Send a test alert through the integration's ingest path; it pages like a real one",
        params: IdParams,
        response: { 201: TestAlertAnswer },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await sendTestAlert({ ctx: req.ctx, input: { id: req.params.id } })),
  );
}
