import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { TypedApp } from '../platform/http/app.ts';
import { IdParams, PageOf } from '../platform/http/schema.ts';
import { runbookCoverage } from './coverage.ts';
import { createRunbook } from './create.ts';
import { deleteRunbook } from './delete.ts';
import { editRunbook } from './edit.ts';
import { giveFeedback } from './feedback.ts';
import { incidentRunbooks } from './incident.ts';
import { getRunbookView, listRunbookViews } from './list.ts';
import type { PresentOptions } from './presenter.ts';
import { reviewRunbook } from './review.ts';
import {
  Coverage,
  CoverageQuery,
  CreateRunbookInput,
  DiffQuery,
  EditRunbookInput,
  IncidentRunbooks,
  ListRunbooksQuery,
  Runbook,
  RunbookDiff,
  RunbookSummary,
  RunbookTemplate,
  RunbookVersion,
  RunbookVersionSummary,
  VersionParams,
} from './schemas.ts';
import { stepRoutes } from './steps/routes.ts';
import { runbookTemplate, setRunbookTemplate } from './template.ts';
import { runbookDiff, runbookVersion, runbookVersions } from './versions.ts';

/** Runbooks under /api/v1/runbooks, the template, and an incident's matching runbooks. */
const tags = ['runbooks'];
const P = '/runbooks';

export function runbookRoutes(app: TypedApp): void {
  const present = (req: FastifyRequest): PresentOptions => ({
    publicUrl: app.deps.config.publicUrl,
    now: req.ctx.clock.now(),
  });

  app.get(
    P,
    {
      schema: {
        tags,
        summary: 'The runbook library: search by words, tag, service, owner team or overdue review',
        querystring: ListRunbooksQuery,
        response: { 200: PageOf(RunbookSummary) },
      },
    },
    (req) => listRunbookViews(req.ctx.db, req.query, present(req)),
  );

  app.post(
    P,
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Write a runbook (version 1); its text is the template when no body is given',
        body: CreateRunbookInput,
        response: { 201: Runbook },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createRunbook({ ctx: req.ctx, input: req.body, present: present(req) })),
  );

  app.get(
    `${P}/coverage`,
    {
      schema: {
        tags,
        summary: 'Services and recent alerts that no runbook covers, the noisiest first',
        querystring: CoverageQuery,
        response: { 200: Coverage },
      },
    },
    (req) => runbookCoverage(req.ctx.db, req.query, req.ctx.clock.now()),
  );

  app.get(
    '/runbook-template',
    {
      schema: {
        tags,
        summary: "A new runbook's text when none is given",
        response: { 200: RunbookTemplate },
      },
    },
    (req) => runbookTemplate(req.ctx.db),
  );

  app.put(
    '/runbook-template',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Change the runbook template',
        body: RunbookTemplate,
        response: { 200: RunbookTemplate },
      },
    },
    (req) => setRunbookTemplate({ ctx: req.ctx, input: req.body }),
  );

  app.get(
    `${P}/:id`,
    { schema: { tags, summary: 'A runbook with its text', params: IdParams, response: { 200: Runbook } } },
    (req) => getRunbookView(req.ctx.db, req.params.id, present(req)),
  );

  app.patch(
    `${P}/:id`,
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary:
          'Change a runbook: a new title, text or tags is a new version; matching, owner and review interval change in place',
        params: IdParams,
        body: EditRunbookInput,
        response: { 200: Runbook },
      },
    },
    (req) => editRunbook({ ctx: req.ctx, input: { ...req.body, id: req.params.id }, present: present(req) }),
  );

  app.delete(
    `${P}/:id`,
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Delete a runbook and its versions',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await deleteRunbook({ ctx: req.ctx, input: { id: req.params.id }, present: present(req) });
      return reply.status(204).send(null);
    },
  );

  app.post(
    `${P}/:id/review`,
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Mark the runbook reviewed now; the next review is due one interval later',
        params: IdParams,
        response: { 200: Runbook },
      },
    },
    (req) => reviewRunbook({ ctx: req.ctx, input: { id: req.params.id }, present: present(req) }),
  );

  app.get(
    `${P}/:id/versions`,
    {
      schema: {
        tags,
        summary: "A runbook's versions, newest first",
        params: IdParams,
        response: { 200: Type.Object({ data: Type.Array(RunbookVersionSummary) }) },
      },
    },
    (req) => runbookVersions(req.ctx.db, req.params.id),
  );

  app.get(
    `${P}/:id/versions/:version`,
    {
      schema: {
        tags,
        summary: 'One version of a runbook',
        params: VersionParams,
        response: { 200: RunbookVersion },
      },
    },
    (req) => runbookVersion(req.ctx.db, req.params.id, req.params.version),
  );

  app.get(
    `${P}/:id/diff`,
    {
      schema: {
        tags,
        summary: 'What changed between two versions, line by line and as a unified diff',
        params: IdParams,
        querystring: DiffQuery,
        response: { 200: RunbookDiff },
      },
    },
    (req) => runbookDiff(req.ctx.db, req.params.id, req.query),
  );

  app.get(
    '/incidents/:id/runbooks',
    {
      schema: {
        tags: ['runbooks', 'incidents'],
        summary: "The runbooks that match the incident's alerts, the one pages link to first",
        params: IdParams,
        response: { 200: IncidentRunbooks },
      },
    },
    (req) => incidentRunbooks(req.ctx.db, req.params.id, present(req)),
  );

  app.put(
    '/incidents/:id/runbooks/:runbookId/feedback',
    {
      config: { auth: 'responder' },
      schema: {
        tags: ['runbooks', 'incidents'],
        summary: 'Say whether a runbook helped with the incident (insights count it as efficacy)',
        params: Type.Object({
          id: Type.String({ minLength: 1, maxLength: 64 }),
          runbookId: Type.String({ minLength: 1, maxLength: 64 }),
        }),
        body: Type.Object({ helped: Type.Boolean() }, { additionalProperties: false }),
        response: {
          200: Type.Object({ incident_id: Type.String(), runbook_id: Type.String(), helped: Type.Boolean() }),
        },
      },
    },
    (req) =>
      giveFeedback({
        ctx: req.ctx,
        input: { incidentId: req.params.id, runbookId: req.params.runbookId, helped: req.body.helped },
      }),
  );

  stepRoutes(app);
}
