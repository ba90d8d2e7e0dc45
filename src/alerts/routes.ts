import { mapPage } from '../platform/db/paginate.ts';
import { NotFoundError } from '../platform/errors.ts';
import type { TypedApp } from '../platform/http/app.ts';
import { IdParams, PageOf } from '../platform/http/schema.ts';
import { actOnAlert } from './act.ts';
import { presentAlert, presentAlertEvent } from './presenter.ts';
import { alertEvents, findAlert, listAlertEvents, listAlerts } from './repository.ts';
import { Alert, AlertEvent, AlertWithEvents, ListAlertEventsQuery, ListAlertsQuery } from './schemas.ts';

const tags = ['alerts'];

export function alertRoutes(app: TypedApp): void {
  app.get(
    '/alerts',
    {
      schema: {
        tags,
        summary: 'List alerts',
        querystring: ListAlertsQuery,
        response: { 200: PageOf(Alert) },
      },
    },
    async (req) => {
      const q = req.query;
      const [name, ...rest] = q.label?.split('=') ?? [];
      const page = await listAlerts(
        req.ctx.db,
        {
          serviceId: q.service_id,
          incidentId: q.incident_id,
          status: q.status,
          severity: q.severity,
          label: name !== undefined ? { name, value: rest.join('=') } : undefined,
          suppressedBy: q.suppressed_by,
          since: q.since !== undefined ? Date.parse(q.since) : undefined,
          until: q.until !== undefined ? Date.parse(q.until) : undefined,
        },
        q,
      );
      return mapPage(page, presentAlert);
    },
  );

  app.get(
    '/alerts/:id',
    {
      schema: {
        tags,
        summary: 'Get an alert with its latest 100 events',
        params: IdParams,
        response: { 200: AlertWithEvents },
      },
    },
    async (req) => {
      const row = await findAlert(req.ctx.db, req.params.id);
      if (row === undefined) throw NotFoundError.of('alert', req.params.id);
      return { ...presentAlert(row), events: (await alertEvents(req.ctx.db, row.id)).map(presentAlertEvent) };
    },
  );

  app.get(
    '/alerts/:id/events',
    {
      schema: {
        tags,
        summary: 'Every event received for an alert, newest first',
        params: IdParams,
        querystring: ListAlertEventsQuery,
        response: { 200: PageOf(AlertEvent) },
      },
    },
    async (req) => {
      const row = await findAlert(req.ctx.db, req.params.id);
      if (row === undefined) throw NotFoundError.of('alert', req.params.id);
      return mapPage(await listAlertEvents(req.ctx.db, row.id, req.query), presentAlertEvent);
    },
  );

  for (const action of ['acknowledge', 'resolve'] as const) {
    app.post(
      `/alerts/:id/${action}`,
      {
        config: { auth: 'responder' },
        schema: {
          tags,
          summary: `${action === 'acknowledge' ? 'Acknowledge' : 'Resolve'} an alert`,
          params: IdParams,
          response: { 200: Alert },
        },
      },
      (req) => actOnAlert({ ctx: req.ctx, input: { id: req.params.id, action } }),
    );
  }
}
