import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../platform/http/app.ts';
import { IdParams, PageOf } from '../platform/http/schema.ts';
import {
  CreatePostmortemTemplateInput,
  EditPostmortemTemplateInput,
  ListPostmortemTemplatesQuery,
  PostmortemTemplate,
} from './templates/schemas.ts';
import {
  createPostmortemTemplate,
  deletePostmortemTemplate,
  editPostmortemTemplate,
  getPostmortemTemplate,
  listPostmortemTemplateViews,
  presentPostmortemTemplate,
} from './templates/write.ts';

/** Postmortem templates under /api/v1/postmortem-templates: everyone reads, admins write. */
const tags = ['postmortems'];
const P = '/postmortem-templates';

export function postmortemTemplateRoutes(app: TypedApp): void {
  app.get(
    P,
    {
      schema: {
        tags,
        summary: 'List postmortem templates (?severity= for the ones of one severity)',
        querystring: ListPostmortemTemplatesQuery,
        response: { 200: PageOf(PostmortemTemplate) },
      },
    },
    (req) => listPostmortemTemplateViews(req.ctx.db, req.query),
  );

  app.post(
    P,
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Create a postmortem template, for one severity or any',
        body: CreatePostmortemTemplateInput,
        response: { 201: PostmortemTemplate },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createPostmortemTemplate({ ctx: req.ctx, input: req.body })),
  );

  app.get(
    `${P}/:id`,
    {
      schema: {
        tags,
        summary: 'Get a postmortem template',
        params: IdParams,
        response: { 200: PostmortemTemplate },
      },
    },
    async (req) => presentPostmortemTemplate(await getPostmortemTemplate(req.ctx.db, req.params.id)),
  );

  app.patch(
    `${P}/:id`,
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: "Edit a template's name, severity, sections or make it the default",
        params: IdParams,
        body: EditPostmortemTemplateInput,
        response: { 200: PostmortemTemplate },
      },
    },
    (req) => editPostmortemTemplate({ ctx: req.ctx, input: { ...req.body, id: req.params.id } }),
  );

  app.delete(
    `${P}/:id`,
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Delete a template (not the default); postmortems made from it keep their sections',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await deletePostmortemTemplate({ ctx: req.ctx, input: { id: req.params.id } });
      return reply.status(204).send(null);
    },
  );
}
