import { mapPage } from '../platform/db/paginate.ts';
import { NotFoundError } from '../platform/errors.ts';
import type { TypedApp } from '../platform/http/app.ts';
import { IdParams, PageOf } from '../platform/http/schema.ts';
import { acknowledgeIncident, resolveIncident } from './act.ts';
import { presentIncident } from './presenter.ts';
import { findIncident, listIncidents } from './repository.ts';
import { Incident, ListIncidentsQuery } from './schemas.ts';

const tags = ['incidents'];

export function incidentRoutes(app: TypedApp): void {
  app.get(
    '/incidents',
    {
      schema: {
        tags,
        summary: 'List incidents',
        querystring: ListIncidentsQuery,
        response: { 200: PageOf(Incident) },
      },
    },
    async (req) => {
      const q = req.query;
      const page = await listIncidents(
        req.ctx.db,
        {
          serviceId: q.service_id,
          status: q.status,
          urgency: q.urgency,
          since: q.since !== undefined ? Date.parse(q.since) : undefined,
          until: q.until !== undefined ? Date.parse(q.until) : undefined,
        },
        q,
      );
      return mapPage(page, presentIncident);
    },
  );

  app.get(
    '/incidents/:id',
    {
      schema: {
        tags,
        summary: 'Get an incident by id or INC-number',
        params: IdParams,
        response: { 200: Incident },
      },
    },
    async (req) => {
      const row = await findIncident(req.ctx.db, req.params.id);
      if (row === undefined) throw NotFoundError.of('incident', req.params.id);
      return presentIncident(row);
    },
  );

  app.post(
    '/incidents/:id/acknowledge',
    {
      config: { auth: 'responder' },
      schema: { tags, summary: 'Acknowledge an incident', params: IdParams, response: { 200: Incident } },
    },
    (req) => acknowledgeIncident({ ctx: req.ctx, input: { id: req.params.id } }),
  );

  app.post(
    '/incidents/:id/resolve',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Resolve an incident and its alerts',
        params: IdParams,
        response: { 200: Incident },
      },
    },
    (req) => resolveIncident({ ctx: req.ctx, input: { id: req.params.id } }),
  );
}
