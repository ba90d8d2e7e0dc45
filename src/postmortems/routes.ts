import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../platform/http/app.ts';
import { bodyDefaultsToEmpty, IdParams, PageOf } from '../platform/http/schema.ts';
import { Incident } from '../incidents/schemas.ts';
import { createPostmortem } from './create.ts';
import { editPostmortem } from './edit.ts';
import { exportHtml, exportMarkdown } from './export.ts';
import { listPostmortemViews, postmortemOfIncident } from './list.ts';
import { movePostmortem } from './move.ts';
import { incidentDraft } from './redraft.ts';
import { getPostmortemView } from './presenter.ts';
import { approvePostmortem, requestReviewers } from './reviewers.ts';
import {
  CreatePostmortemInput,
  EditPostmortemInput,
  IncidentDraft,
  IncidentParams,
  ListPostmortemsQuery,
  MovePostmortemInput,
  Postmortem,
  PostmortemSummary,
  RequestReviewersInput,
  WaivePostmortemInput,
  ApprovePostmortemInput,
} from './schemas.ts';
import { waivePostmortem } from './waive.ts';

/** Postmortems under /api/v1/postmortems, and an incident's own under /api/v1/incidents/:id/postmortem. */
const tags = ['postmortems'];
const P = '/postmortems';

export function postmortemRoutes(app: TypedApp): void {
  app.get(
    P,
    {
      schema: {
        tags,
        summary: 'List postmortems, newest first; ?status=published is the library',
        querystring: ListPostmortemsQuery,
        response: { 200: PageOf(PostmortemSummary) },
      },
    },
    (req) => listPostmortemViews(req.ctx.db, req.query),
  );

  app.post(
    P,
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: "Start an incident's postmortem from a template, drafted from the incident",
        body: CreatePostmortemInput,
        response: { 201: Postmortem },
      },
    },
    async (req, reply) => reply.status(201).send(await createPostmortem({ ctx: req.ctx, input: req.body })),
  );

  app.get(
    `${P}/:id.md`,
    {
      schema: {
        tags,
        summary: 'The postmortem as a Markdown document',
        params: IdParams,
        response: { 200: Type.String({ description: 'text/markdown' }) },
      },
    },
    async (req, reply) =>
      reply
        .type('text/markdown; charset=utf-8')
        .send(await exportMarkdown(req.ctx.db, req.params.id, app.deps.config.publicUrl)),
  );

  app.get(
    `${P}/:id.html`,
    {
      schema: {
        tags,
        summary: 'The postmortem as a printable HTML page',
        params: IdParams,
        response: { 200: Type.String({ description: 'text/html' }) },
      },
    },
    async (req, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(await exportHtml(req.ctx.db, req.params.id, app.deps.config.publicUrl)),
  );

  app.get(
    `${P}/:id`,
    { schema: { tags, summary: 'Get a postmortem', params: IdParams, response: { 200: Postmortem } } },
    (req) => getPostmortemView(req.ctx.db, req.params.id),
  );

  app.get(
    `${P}/:id/incident-draft`,
    {
      schema: {
        tags,
        summary: "The incident's durations and its timeline table drafted again now (nothing is saved)",
        params: IdParams,
        response: { 200: IncidentDraft },
      },
    },
    (req) => incidentDraft(req.ctx.db, req.params.id),
  );

  app.patch(
    `${P}/:id`,
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary:
          "Edit a postmortem's title, sections, tags, owner, time zone or due date (never the incident's timeline)",
        params: IdParams,
        body: EditPostmortemInput,
        response: { 200: Postmortem },
      },
    },
    (req) => editPostmortem({ ctx: req.ctx, input: { ...req.body, id: req.params.id } }),
  );

  app.post(
    `${P}/:id/status`,
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary:
          'Move it: draft -> in_review -> published, or in_review -> draft; publishing closes an incident whose severity requires a postmortem',
        params: IdParams,
        body: MovePostmortemInput,
        response: { 200: Postmortem },
      },
    },
    (req) => movePostmortem({ ctx: req.ctx, input: { ...req.body, id: req.params.id } }),
  );

  app.post(
    `${P}/:id/reviewers`,
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Ask people to review it; publishing waits for each of them to approve',
        params: IdParams,
        body: RequestReviewersInput,
        response: { 200: Postmortem },
      },
    },
    (req) => requestReviewers({ ctx: req.ctx, input: { ...req.body, id: req.params.id } }),
  );

  app.post(
    `${P}/:id/approve`,
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Approve it, as one of its requested reviewers, while it is in review',
        params: IdParams,
        body: ApprovePostmortemInput,
        response: { 200: Postmortem },
      },
      preValidation: bodyDefaultsToEmpty,
    },
    (req) => approvePostmortem({ ctx: req.ctx, input: { id: req.params.id, ...req.body } }),
  );

  app.get(
    '/incidents/:id/postmortem',
    {
      schema: {
        tags,
        summary: "An incident's postmortem (a merged incident's is its survivor's)",
        params: IncidentParams,
        response: { 200: Postmortem },
      },
    },
    (req) => postmortemOfIncident(req.ctx.db, req.params.id),
  );

  app.post(
    '/incidents/:id/postmortem/waive',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary:
          'Let an incident whose severity requires a postmortem close without one (admins; the reason goes on the timeline)',
        params: IncidentParams,
        body: WaivePostmortemInput,
        response: { 200: Incident },
      },
    },
    (req) => waivePostmortem({ ctx: req.ctx, input: { ...req.body, id: req.params.id } }),
  );
}
