import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../platform/http/app.ts';
import { IdParams, PageOf } from '../platform/http/schema.ts';
import { createService } from './create.ts';
import { deleteService } from './delete.ts';
import { getService, listServiceViews } from './get.ts';
import { CreateServiceInput, ListServicesQuery, Service, UpdateServiceInput } from './schemas.ts';
import { updateService } from './update.ts';
import { withStatus } from './status.ts';

const tags = ['services'];

export function serviceRoutes(app: TypedApp): void {
  app.get(
    '/services',
    {
      schema: {
        tags,
        summary:
          'List services; with include=status, each with its open incidents, last alert and on call now',
        querystring: ListServicesQuery,
        response: { 200: PageOf(Service) },
      },
    },
    async (req) => {
      const page = await listServiceViews(
        req.ctx.db,
        { teamId: req.query.team_id, q: req.query.q },
        req.query,
      );
      if (req.query.include !== 'status') return page;
      return { ...page, data: await withStatus(req.ctx.db, page.data, req.ctx.clock.now()) };
    },
  );

  app.post(
    '/services',
    {
      config: { auth: 'admin' },
      schema: { tags, summary: 'Create a service', body: CreateServiceInput, response: { 201: Service } },
    },
    async (req, reply) => reply.status(201).send(await createService({ ctx: req.ctx, input: req.body })),
  );

  app.get(
    '/services/:id',
    { schema: { tags, summary: 'Get a service', params: IdParams, response: { 200: Service } } },
    (req) => getService(req.ctx.db, req.params.id),
  );

  app.patch(
    '/services/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Update a service; dependencies, when given, replace the list',
        params: IdParams,
        body: UpdateServiceInput,
        response: { 200: Service },
      },
    },
    (req) => updateService({ ctx: req.ctx, input: { ...req.body, id: req.params.id } }),
  );

  app.delete(
    '/services/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Delete a service, its integrations and dependency links; refused while it has incidents',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await deleteService({ ctx: req.ctx, input: { id: req.params.id } });
      return reply.status(204).send(null);
    },
  );
}
