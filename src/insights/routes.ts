import type { FastifyReply } from 'fastify';
import { Type, type TSchema } from '@sinclair/typebox';
import { IdParams } from '../platform/http/schema.ts';
import { createDigest, deleteDigest, listDigests } from './digest/manage.ts';
import { CreateDigestBody, CreatedDigest, Digest, DigestParams } from './digest/schemas.ts';
import type { TypedApp } from '../platform/http/app.ts';
import { alertQuality } from './alert-quality.ts';
import { toCsv } from './csv.ts';
import { onCallHealth } from './oncall-health.ts';
import { processHealth } from './process-health.ts';
import { frequencyInsights, responseInsights } from './response.ts';
import {
  AlertQualityAnswer,
  AlertQualityQuery,
  FrequencyAnswer,
  FrequencyQuery,
  OnCallHealthAnswer,
  OnCallHealthQuery,
  ProcessHealthAnswer,
  ProcessHealthQuery,
  ResponseAnswer,
  ResponseQuery,
} from './schemas.ts';

const tags = ['insights'];
const DigestList = Type.Object({ data: Type.Array(Digest) });

/** 200 as JSON (the schema) or, with `format=csv`, as text/csv. */
const answer = (schema: TSchema) => ({
  200: {
    content: {
      'application/json': { schema },
      'text/csv': { schema: { type: 'string', description: 'with format=csv' } },
    },
  },
});

/** The report as JSON, or the rows of its main table as CSV. */
function send(
  reply: FastifyReply,
  format: string | undefined,
  name: string,
  body: object,
  rows: Record<string, unknown>[],
) {
  if (format !== 'csv') return reply.type('application/json; charset=utf-8').send(body);
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="tocsin-${name}.csv"`)
    .send(toCsv(rows));
}

/** Insights (SPEC §6): every report over a period of at most two years, JSON or CSV. */
export function insightRoutes(app: TypedApp): void {
  app.get(
    '/insights/response',
    {
      schema: {
        tags,
        summary:
          'MTTD, MTTA, MTTM and MTTR (count, mean, median, p90 in seconds), against the previous period',
        querystring: ResponseQuery,
        response: answer(ResponseAnswer),
      },
    },
    async (req, reply) => {
      const a = await responseInsights({ ctx: req.ctx, input: req.query });
      const rows = a.groups.length > 0 ? a.groups : [{ key: 'all', name: 'all', ...a.metrics }];
      return send(reply, req.query.format, 'response', a, rows);
    },
  );

  app.get(
    '/insights/frequency',
    {
      schema: {
        tags,
        summary: 'Incidents per week by severity, and per service with MTBF',
        querystring: FrequencyQuery,
        response: answer(FrequencyAnswer),
      },
    },
    async (req, reply) => {
      const a = await frequencyInsights({ ctx: req.ctx, input: req.query });
      return send(reply, req.query.format, 'frequency', a, a.weeks);
    },
  );

  app.get(
    '/insights/oncall-health',
    {
      schema: {
        tags,
        summary:
          'Pages per person by business, after and sleep hours in their time zone, nights broken, hours on call, who is overloaded',
        querystring: OnCallHealthQuery,
        response: answer(OnCallHealthAnswer),
      },
    },
    async (req, reply) => {
      const a = await onCallHealth({ ctx: req.ctx, input: req.query });
      return send(reply, req.query.format, 'oncall-health', a, a.people);
    },
  );

  app.get(
    '/insights/alert-quality',
    {
      schema: {
        tags,
        summary:
          'Alert accuracy (actionable / classified) per service and alert, the noisiest alerts, flapping',
        querystring: AlertQualityQuery,
        response: answer(AlertQualityAnswer),
      },
    },
    async (req, reply) => {
      const a = await alertQuality({ ctx: req.ctx, input: req.query });
      return send(reply, req.query.format, 'alert-quality', a, a.alerts);
    },
  );

  app.get(
    '/insights/process-health',
    {
      schema: {
        tags,
        summary: 'Postmortems published, action items closed by their due date, time to first status update',
        querystring: ProcessHealthQuery,
        response: answer(ProcessHealthAnswer),
      },
    },
    async (req, reply) => {
      const a = await processHealth({ ctx: req.ctx, input: req.query });
      return send(reply, req.query.format, 'process-health', a, [a]);
    },
  );

  digestRoutes(app);
}

/** A team's weekly digest subscriptions: its managers and admins. */
function digestRoutes(app: TypedApp): void {
  app.get(
    '/teams/:id/insight-digests',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: "Where the team's weekly insight digest goes",
        params: IdParams,
        response: { 200: DigestList },
      },
    },
    async (req) => ({ data: await listDigests({ ctx: req.ctx, input: { teamId: req.params.id } }) }),
  );

  app.post(
    '/teams/:id/insight-digests',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary:
          "Send the team's weekly insight digest to an email address or a signed webhook (every Monday, the week before)",
        params: IdParams,
        body: CreateDigestBody,
        response: { 201: CreatedDigest },
      },
    },
    async (req, reply) =>
      reply.status(201).send(
        await createDigest({
          ctx: req.ctx,
          keys: app.deps.keys,
          input: { teamId: req.params.id, ...req.body },
        }),
      ),
  );

  app.delete(
    '/teams/:id/insight-digests/:digestId',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Stop sending the digest there',
        params: DigestParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await deleteDigest({ ctx: req.ctx, input: { teamId: req.params.id, id: req.params.digestId } });
      return reply.status(204).send(null);
    },
  );
}
