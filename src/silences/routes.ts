import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../platform/http/app.ts';
import { IdParams, PageOf } from '../platform/http/schema.ts';
import { createSilence } from './create.ts';
import { deleteSilence } from './delete.ts';
import { getSilence, listSilenceViews } from './get.ts';
import { CreateSilenceInput, ListSilencesQuery, Silence, UpdateSilenceInput } from './schemas.ts';
import { updateSilence } from './update.ts';

const tags = ['silences'];

export function silenceRoutes(app: TypedApp): void {
  app.get(
    '/silences',
    {
      schema: {
        tags,
        summary: 'List silences',
        querystring: ListSilencesQuery,
        response: { 200: PageOf(Silence) },
      },
    },
    (req) =>
      listSilenceViews(
        req.ctx.db,
        {
          name: req.query.name,
          serviceId: req.query.service_id,
          state: req.query.state,
          now: req.ctx.clock.now(),
        },
        req.query,
      ),
  );

  app.post(
    '/silences',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Silence alerts of a service and/or matching labels for a period',
        body: CreateSilenceInput,
        response: { 201: Silence },
      },
    },
    async (req, reply) => reply.status(201).send(await createSilence({ ctx: req.ctx, input: req.body })),
  );

  app.get(
    '/silences/:id',
    { schema: { tags, summary: 'Get a silence', params: IdParams, response: { 200: Silence } } },
    (req) => getSilence(req.ctx.db, req.params.id, req.ctx.clock.now()),
  );

  app.patch(
    '/silences/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Update a silence that has not expired',
        params: IdParams,
        body: UpdateSilenceInput,
        response: { 200: Silence },
      },
    },
    (req) => updateSilence({ ctx: req.ctx, input: { ...req.body, id: req.params.id } }),
  );

  app.delete(
    '/silences/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Expire an active silence now (200 with it); delete a pending one (204)',
        params: IdParams,
        response: { 200: Silence, 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const expired = await deleteSilence({ ctx: req.ctx, input: { id: req.params.id } });
      return expired === null ? reply.status(204).send(null) : reply.status(200).send(expired);
    },
  );
}
