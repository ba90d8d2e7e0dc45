import { Type } from '@sinclair/typebox';
import { mapPage } from '../platform/db/paginate.ts';
import { NotFoundError } from '../platform/errors.ts';
import type { TypedApp } from '../platform/http/app.ts';
import { IdParams, PageOf, PageQuery } from '../platform/http/schema.ts';
import { getService } from '../services/get.ts';
import { createIntegration } from './create.ts';
import { presentIntegration } from './presenter.ts';
import { findIntegrationById, listIntegrations } from './repository.ts';
import {
  CreatedIntegration,
  CreateIntegrationInput,
  Integration,
  UpdateIntegrationInput,
} from './schemas.ts';
import { deleteIntegration, rotateIntegrationKey, updateIntegration } from './update.ts';

const tags = ['integrations'];

export function integrationRoutes(app: TypedApp): void {
  app.get(
    '/services/:id/integrations',
    {
      schema: {
        tags,
        summary: "List a service's integrations",
        params: IdParams,
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: PageOf(Integration) },
      },
    },
    async (req) => {
      await getService(req.ctx.db, req.params.id);
      return mapPage(await listIntegrations(req.ctx.db, req.params.id, req.query), presentIntegration);
    },
  );

  app.post(
    '/services/:id/integrations',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Create an integration; its key is in this answer only',
        params: IdParams,
        body: CreateIntegrationInput,
        response: { 201: CreatedIntegration },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await createIntegration({ ctx: req.ctx, input: { ...req.body, serviceId: req.params.id } })),
  );

  app.get(
    '/integrations/:id',
    { schema: { tags, summary: 'Get an integration', params: IdParams, response: { 200: Integration } } },
    async (req) => {
      const row = await findIntegrationById(req.ctx.db, req.params.id);
      if (row === undefined) throw NotFoundError.of('integration', req.params.id);
      return presentIntegration(row);
    },
  );

  app.patch(
    '/integrations/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Rename, enable/disable, change rate limit or type settings',
        params: IdParams,
        body: UpdateIntegrationInput,
        response: { 200: Integration },
      },
    },
    (req) => updateIntegration({ ctx: req.ctx, input: { ...req.body, id: req.params.id } }),
  );

  app.post(
    '/integrations/:id/rotate-key',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Replace the key; the new one is in this answer only',
        params: IdParams,
        response: { 200: CreatedIntegration },
      },
    },
    (req) => rotateIntegrationKey({ ctx: req.ctx, input: { id: req.params.id } }),
  );

  app.delete(
    '/integrations/:id',
    {
      config: { auth: 'admin' },
      schema: { tags, summary: 'Delete an integration', params: IdParams, response: { 204: Type.Null() } },
    },
    async (req, reply) => {
      await deleteIntegration({ ctx: req.ctx, input: { id: req.params.id } });
      return reply.status(204).send(null);
    },
  );
}
