import { mapPage } from '../platform/db/paginate.ts';
import { NotFoundError } from '../platform/errors.ts';
import type { TypedApp } from '../platform/http/app.ts';
import { bodyDefaultsToEmpty, IdParams, PageOf } from '../platform/http/schema.ts';
import { findUserById } from '../users/repository.ts';
import { acknowledgeIncident, resolveIncident } from './act.ts';
import { classifyIncident } from './classify.ts';
import { escalateIncident } from './escalate.ts';
import { countIncidents, incidentFilter } from './list.ts';
import { listNotifications } from './notifications.ts';
import {
  incidentActorRefs,
  presentIncident,
  presentIncidentLoaded,
  presentTimelineEntries,
} from './presenter.ts';
import { loadActorNames } from '../users/actors.ts';
import { reassignIncident } from './reassign.ts';
import { declareRoutes } from './routes-declare.ts';
import { lifecycleRoutes } from './routes-lifecycle.ts';
import { updatesRoutes } from './routes-updates.ts';
import { workRoutes } from './routes-work.ts';
import { extraServicesOf, findIncident, listIncidents, timelinePage } from './repository.ts';
import {
  ClassifyBody,
  EscalateBody,
  Incident,
  IncidentCounts,
  IncidentCountsQuery,
  ListIncidentsQuery,
  ListPageQuery,
  ListTimelineQuery,
  Notification,
  ReassignBody,
  ResolveBody,
  SnoozeBody,
  TimelineEntry,
} from './schemas.ts';
import { snoozeIncident } from './snooze.ts';

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
      const page = await listIncidents(req.ctx.db, incidentFilter(req.ctx, req.query), req.query);
      const names = await loadActorNames(req.ctx.db, incidentActorRefs(...page.data));
      return mapPage(page, (r) => presentIncident(r, names));
    },
  );

  app.get(
    '/incidents/counts',
    {
      schema: {
        tags,
        summary: 'How many incidents match the filters of GET /incidents, per status',
        querystring: IncidentCountsQuery,
        response: { 200: IncidentCounts },
      },
    },
    (req) => countIncidents(req.ctx, req.query),
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
      return presentIncidentLoaded(
        req.ctx.db,
        row,
        (await extraServicesOf(req.ctx.db, [row.id])).get(row.id) ?? [],
      );
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
        summary: 'Resolve an incident and its alerts; say whether it was actionable or noise',
        params: IdParams,
        body: ResolveBody,
        response: { 200: Incident },
      },
      preValidation: bodyDefaultsToEmpty,
    },
    (req) => resolveIncident({ ctx: req.ctx, input: { id: req.params.id, ...req.body } }),
  );

  app.post(
    '/incidents/:id/classify',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Say whether an incident was actionable or noise (alert quality), or change the verdict',
        params: IdParams,
        body: ClassifyBody,
        response: { 200: Incident },
      },
    },
    (req) => classifyIncident({ ctx: req.ctx, input: { id: req.params.id, ...req.body } }),
  );

  responderActionRoutes(app);
  logRoutes(app);
  declareRoutes(app);
  lifecycleRoutes(app);
  workRoutes(app);
  updatesRoutes(app);
}

function responderActionRoutes(app: TypedApp): void {
  app.post(
    '/incidents/:id/escalate',
    {
      config: { auth: 'responder' },
      preValidation: bodyDefaultsToEmpty,
      schema: {
        tags,
        summary:
          'Page the next (or a given) level of the escalation policy now; re-triggers an acknowledged incident',
        params: IdParams,
        body: EscalateBody,
        response: { 200: Incident },
      },
    },
    (req) => escalateIncident({ ctx: req.ctx, input: { id: req.params.id, ...req.body } }),
  );

  app.post(
    '/incidents/:id/reassign',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Hand the incident to people or another escalation policy and page them now',
        params: IdParams,
        body: ReassignBody,
        response: { 200: Incident },
      },
    },
    (req) => reassignIncident({ ctx: req.ctx, input: { id: req.params.id, ...req.body } }),
  );

  app.post(
    '/incidents/:id/snooze',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Snooze an acknowledged incident: it is triggered and paged again when the snooze ends',
        params: IdParams,
        body: SnoozeBody,
        response: { 200: Incident },
      },
    },
    (req) => snoozeIncident({ ctx: req.ctx, input: { id: req.params.id, ...req.body } }),
  );
}

function logRoutes(app: TypedApp): void {
  app.get(
    '/incidents/:id/timeline',
    {
      schema: {
        tags,
        summary: "The incident's timeline, oldest first; ?pinned=true lists the key events",
        params: IdParams,
        querystring: ListTimelineQuery,
        response: { 200: PageOf(TimelineEntry) },
      },
    },
    async (req) => {
      const incident = await findIncident(req.ctx.db, req.params.id);
      if (incident === undefined) throw NotFoundError.of('incident', req.params.id);
      const { pinned, ...page } = req.query;
      const only = pinned === undefined ? undefined : pinned === 'true';
      const entries = await timelinePage(req.ctx.db, incident.id, page, only);
      return {
        data: await presentTimelineEntries(req.ctx.db, entries.data),
        next_cursor: entries.next_cursor,
      };
    },
  );

  app.get(
    '/incidents/:id/notifications',
    {
      schema: {
        tags,
        summary: 'Notifications sent or scheduled for the incident, with every delivery attempt',
        params: IdParams,
        querystring: ListPageQuery,
        response: { 200: PageOf(Notification) },
      },
    },
    async (req) => {
      const incident = await findIncident(req.ctx.db, req.params.id);
      if (incident === undefined) throw NotFoundError.of('incident', req.params.id);
      return listNotifications(req.ctx.db, { incidentId: incident.id }, req.query);
    },
  );

  app.get(
    '/users/:id/notifications',
    {
      schema: {
        tags: ['users', ...tags],
        summary: 'Notifications sent or scheduled for a user, with every delivery attempt',
        params: IdParams,
        querystring: ListPageQuery,
        response: { 200: PageOf(Notification) },
      },
    },
    async (req) => {
      const user = await findUserById(req.ctx.db, req.params.id);
      if (user === undefined) throw NotFoundError.of('user', req.params.id);
      return listNotifications(req.ctx.db, { userId: user.id }, req.query);
    },
  );
}
