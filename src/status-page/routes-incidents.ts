import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../platform/http/app.ts';
import { IdParams, PageOf } from '../platform/http/schema.ts';
import { deletePublicIncident, editPublicIncident, postPublicUpdate } from './incidents/act.ts';
import { createPublicIncident } from './incidents/create.ts';
import { createMaintenance, rescheduleMaintenance } from './incidents/maintenance.ts';
import { getPublicIncident, listPublicIncidentViews } from './incidents/presenter.ts';
import {
  CreateMaintenanceInput,
  CreatePublicIncidentInput,
  EditPublicIncidentInput,
  ListPublicIncidentsQuery,
  PostPublicUpdateInput,
  PublicIncident,
  RescheduleMaintenanceInput,
} from './incidents/schemas.ts';

/** Public incidents, their updates and scheduled maintenance under /api/v1/status-page. */
const tags = ['status page'];
const P = '/status-page';

export function statusPageIncidentRoutes(app: TypedApp): void {
  app.get(
    `${P}/incidents`,
    {
      schema: {
        tags,
        summary: 'List public incidents and maintenances, newest first',
        querystring: ListPublicIncidentsQuery,
        response: { 200: PageOf(PublicIncident) },
      },
    },
    (req) =>
      listPublicIncidentViews(
        req.ctx.db,
        { kind: req.query.kind, open: req.query.open, incidentId: req.query.incident_id },
        req.query,
      ),
  );

  app.post(
    `${P}/incidents`,
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Open a public incident, on its own or published from an internal one (incident_id)',
        body: CreatePublicIncidentInput,
        response: { 201: PublicIncident },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createPublicIncident({ ctx: req.ctx, input: req.body })),
  );

  app.get(
    `${P}/incidents/:id`,
    {
      schema: {
        tags,
        summary: 'Get a public incident or maintenance',
        params: IdParams,
        response: { 200: PublicIncident },
      },
    },
    (req) => getPublicIncident(req.ctx.db, req.params.id),
  );

  app.patch(
    `${P}/incidents/:id`,
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Rename a public incident or change its impact (its status changes by posting an update)',
        params: IdParams,
        body: EditPublicIncidentInput,
        response: { 200: PublicIncident },
      },
    },
    (req) => editPublicIncident({ ctx: req.ctx, input: { ...req.body, id: req.params.id } }),
  );

  app.post(
    `${P}/incidents/:id/updates`,
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Post an update: its status, text and the status of components; answers the incident',
        params: IdParams,
        body: PostPublicUpdateInput,
        response: { 201: PublicIncident },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await postPublicUpdate({ ctx: req.ctx, input: { ...req.body, id: req.params.id } })),
  );

  app.delete(
    `${P}/incidents/:id`,
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Delete a public incident or maintenance; its components return, its window ends',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await deletePublicIncident({ ctx: req.ctx, input: { id: req.params.id } });
      return reply.status(204).send(null);
    },
  );

  app.post(
    `${P}/maintenances`,
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Schedule maintenance; by default it silences alerts of its services for the period',
        body: CreateMaintenanceInput,
        response: { 201: PublicIncident },
      },
    },
    async (req, reply) => reply.status(201).send(await createMaintenance({ ctx: req.ctx, input: req.body })),
  );

  app.patch(
    `${P}/maintenances/:id`,
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Reschedule a maintenance or change its components; its maintenance window follows',
        params: IdParams,
        body: RescheduleMaintenanceInput,
        response: { 200: PublicIncident },
      },
    },
    (req) => rescheduleMaintenance({ ctx: req.ctx, input: { ...req.body, id: req.params.id } }),
  );
}
