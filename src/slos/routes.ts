import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../platform/http/app.ts';
import { IdParams, PageOf } from '../platform/http/schema.ts';
import { sloChart } from './chart.ts';
import { createSlo } from './create.ts';
import { deleteSlo } from './delete.ts';
import { editSlo } from './edit.ts';
import { pushCommitter, pushEvents } from './events.ts';
import { getBudgetPolicy, releaseGate, setBudgetPolicy } from './gate.ts';
import { getSloView, listSloViews, sloAlertHistory } from './list.ts';
import type { PresentOptions } from './presenter.ts';
import { rulesOfSlo, rulesOfSlos } from './rule-export.ts';
import {
  BudgetPolicy,
  BudgetPolicyInput,
  Chart,
  CreateSloInput,
  EditSloInput,
  ListSlosQuery,
  PushEventsAnswer,
  PushEventsInput,
  ReleaseGate,
  Slo,
  SloAlerts,
} from './schemas.ts';

/** SLOs under /api/v1/slos, their counts, charts and rule export; a service's budget policy and release gate. */
const tags = ['slos'];
const P = '/slos';
const YAML = 'application/yaml; charset=utf-8';

export function sloRoutes(app: TypedApp): void {
  const present: PresentOptions = { publicUrl: app.deps.config.publicUrl };
  // Concurrent pushes share a transaction (one fsync for all of them).
  const committer = pushCommitter(app.deps);

  app.get(
    P,
    {
      schema: {
        tags,
        summary: 'SLOs, with their error budget and status; filter by service, status or name',
        querystring: ListSlosQuery,
        response: { 200: PageOf(Slo) },
      },
    },
    (req) => listSloViews(req.ctx.db, req.query, present),
  );

  app.post(
    P,
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Define an SLO on a service (a Prometheus SLI has its queries checked against Prometheus)',
        body: CreateSloInput,
        response: { 201: Slo },
      },
    },
    async (req, reply) => reply.status(201).send(await createSlo({ ctx: req.ctx, input: req.body, present })),
  );

  app.get(
    `${P}/:id`,
    {
      schema: {
        tags,
        summary: 'An SLO with its budget, burn rates and firing alerts',
        params: IdParams,
        response: { 200: Slo },
      },
    },
    (req) => getSloView(req.ctx.db, req.params.id, present),
  );

  app.patch(
    `${P}/:id`,
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Change an SLO; its counts stay',
        params: IdParams,
        body: EditSloInput,
        response: { 200: Slo },
      },
    },
    (req) => editSlo({ ctx: req.ctx, input: { ...req.body, id: req.params.id }, present }),
  );

  app.delete(
    `${P}/:id`,
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Delete an SLO and its counts',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await deleteSlo({ ctx: req.ctx, input: { id: req.params.id }, present });
      return reply.status(204).send(null);
    },
  );

  app.post(
    `${P}/:id/events`,
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary:
          'Push good and total event counts (one, or up to 1,000 as `events`); an Idempotency-Key header makes a retry count once',
        params: IdParams,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
        body: PushEventsInput,
        response: { 202: PushEventsAnswer },
      },
    },
    async (req, reply) =>
      reply.status(202).send(
        await pushEvents({
          ctx: req.ctx,
          input: { id: req.params.id, body: req.body, idempotencyKey: req.headers['idempotency-key'] },
          committer,
        }),
      ),
  );

  app.get(
    `${P}/:id/chart`,
    {
      schema: {
        tags,
        summary: 'Hourly error ratio, burn rate and budget left over the window',
        params: IdParams,
        response: { 200: Chart },
      },
    },
    (req) => sloChart(req.ctx.db, req.params.id, req.ctx.clock.now()),
  );

  app.get(
    `${P}/:id/alerts`,
    {
      schema: {
        tags,
        summary: 'The alerts the SLO raised, newest first',
        params: IdParams,
        response: { 200: SloAlerts },
      },
    },
    (req) => sloAlertHistory(req.ctx.db, req.params.id),
  );

  app.get(
    `${P}/:id/prometheus-rules`,
    {
      schema: {
        tags,
        summary: 'The SLO as Prometheus recording and alerting rules (a Prometheus SLI only)',
        params: IdParams,
        response: { 200: Type.String({ description: 'a Prometheus rule file (YAML)' }) },
      },
    },
    async (req, reply) => reply.type(YAML).send(await rulesOfSlo(req.ctx.db, req.params.id, present)),
  );

  app.get(
    '/slo-rules',
    {
      schema: {
        tags,
        summary: 'Every SLO with a Prometheus SLI (of a service) as one Prometheus rule file',
        querystring: Type.Object({ service_id: Type.Optional(Type.String()) }),
        response: { 200: Type.String({ description: 'a Prometheus rule file (YAML)' }) },
      },
    },
    async (req, reply) => reply.type(YAML).send(await rulesOfSlos(req.ctx.db, req.query.service_id, present)),
  );

  app.get(
    '/services/:id/release-gate',
    {
      schema: {
        tags,
        summary: "Whether the service's error budget policy lets releases go out now (for CI/CD)",
        params: IdParams,
        response: { 200: ReleaseGate },
      },
    },
    (req) => releaseGate(req.ctx.db, req.params.id, req.ctx.clock.now()),
  );

  app.get(
    '/services/:id/budget-policy',
    {
      schema: {
        tags,
        summary: "The service's error budget policy",
        params: IdParams,
        response: { 200: BudgetPolicy },
      },
    },
    (req) => getBudgetPolicy(req.ctx.db, req.params.id),
  );

  app.put(
    '/services/:id/budget-policy',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary:
          "Change the service's error budget policy, or override the release gate until a time (team managers)",
        params: IdParams,
        body: BudgetPolicyInput,
        response: { 200: BudgetPolicy },
      },
    },
    (req) => setBudgetPolicy({ ctx: req.ctx, input: { ...req.body, service_id: req.params.id } }),
  );
}
