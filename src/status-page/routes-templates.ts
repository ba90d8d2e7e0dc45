import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../platform/http/app.ts';
import { IdParams, PageOf, bodyDefaultsToEmpty } from '../platform/http/schema.ts';
import { renderTemplateFor } from './templates/preview.ts';
import {
  CreateTemplateInput,
  ListTemplatesQuery,
  RenderTemplateInput,
  RenderedTemplate,
  StatusTemplate,
  UpdateTemplateInput,
} from './templates/schemas.ts';
import {
  createTemplate,
  deleteTemplate,
  getTemplate,
  listTemplateViews,
  presentTemplate,
  updateTemplate,
} from './templates/write.ts';

/** Update templates under /api/v1/status-page/templates. */
const tags = ['status page'];
const P = '/status-page/templates';

export function statusPageTemplateRoutes(app: TypedApp): void {
  app.get(
    P,
    {
      schema: {
        tags,
        summary: 'List update templates',
        querystring: ListTemplatesQuery,
        response: { 200: PageOf(StatusTemplate) },
      },
    },
    (req) => listTemplateViews(req.ctx.db, req.query),
  );

  app.post(
    P,
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Create an update template',
        body: CreateTemplateInput,
        response: { 201: StatusTemplate },
      },
    },
    async (req, reply) => reply.status(201).send(await createTemplate({ ctx: req.ctx, input: req.body })),
  );

  app.get(
    `${P}/:id`,
    {
      schema: {
        tags,
        summary: 'Get an update template',
        params: IdParams,
        response: { 200: StatusTemplate },
      },
    },
    async (req) => presentTemplate(await getTemplate(req.ctx.db, req.params.id)),
  );

  app.patch(
    `${P}/:id`,
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Edit an update template',
        params: IdParams,
        body: UpdateTemplateInput,
        response: { 200: StatusTemplate },
      },
    },
    (req) => updateTemplate({ ctx: req.ctx, input: { ...req.body, id: req.params.id } }),
  );

  app.delete(
    `${P}/:id`,
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Delete an update template',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await deleteTemplate({ ctx: req.ctx, input: { id: req.params.id } });
      return reply.status(204).send(null);
    },
  );

  app.post(
    `${P}/:id/render`,
    {
      config: { auth: 'responder' },
      preValidation: bodyDefaultsToEmpty,
      schema: {
        tags,
        summary:
          'The template filled in for a public (status_incident_id) or internal (incident_id) incident',
        params: IdParams,
        body: RenderTemplateInput,
        response: { 200: RenderedTemplate },
      },
    },
    (req) => renderTemplateFor({ ctx: req.ctx, input: { ...req.body, id: req.params.id } }),
  );
}
