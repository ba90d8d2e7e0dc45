import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../platform/http/app.ts';
import { IdParams, PageOf } from '../platform/http/schema.ts';
import { createActionItem } from './create.ts';
import { deleteActionItem } from './delete.ts';
import { editActionItem } from './edit.ts';
import { getActionItem, listActionItemsAcross, listIncidentActionItems } from './list.ts';
import {
  ActionItem,
  CreateActionItemBody,
  IncidentActionItemsQuery,
  ListActionItemsQuery,
  SetStatusBody,
  UpdateActionItemBody,
} from './schemas.ts';
import { setActionItemStatus } from './status.ts';

const tags = ['action items'];

/** Action items: on an incident, and across incidents (issue 19). */
export function actionItemRoutes(app: TypedApp): void {
  app.get(
    '/action-items',
    {
      schema: {
        tags,
        summary:
          'Action items across incidents, newest first, filtered by owner, status, overdue, service, team or incident',
        querystring: ListActionItemsQuery,
        response: { 200: PageOf(ActionItem) },
      },
    },
    (req) => listActionItemsAcross({ ctx: req.ctx, input: req.query }),
  );

  app.get(
    '/incidents/:id/action-items',
    {
      schema: {
        tags,
        summary: "The incident's action items, newest first",
        params: IdParams,
        querystring: IncidentActionItemsQuery,
        response: { 200: PageOf(ActionItem) },
      },
    },
    (req) => listIncidentActionItems({ ctx: req.ctx, input: { incidentId: req.params.id, ...req.query } }),
  );

  app.post(
    '/incidents/:id/action-items',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Add an action item to the incident (open; medium priority unless given)',
        params: IdParams,
        body: CreateActionItemBody,
        response: { 201: ActionItem },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await createActionItem({ ctx: req.ctx, input: { incidentId: req.params.id, ...req.body } })),
  );

  app.get(
    '/action-items/:id',
    { schema: { tags, summary: 'One action item', params: IdParams, response: { 200: ActionItem } } },
    (req) => getActionItem({ ctx: req.ctx, input: { id: req.params.id } }),
  );

  app.patch(
    '/action-items/:id',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: "Change an action item's title, description, owner, due date or priority",
        params: IdParams,
        body: UpdateActionItemBody,
        response: { 200: ActionItem },
      },
    },
    (req) => editActionItem({ ctx: req.ctx, input: { id: req.params.id, ...req.body } }),
  );

  app.post(
    '/action-items/:id/status',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary:
          'Move an action item to open, in_progress, done or wont_do (done and wont_do set completed_at)',
        params: IdParams,
        body: SetStatusBody,
        response: { 200: ActionItem },
      },
    },
    (req) => setActionItemStatus({ ctx: req.ctx, input: { id: req.params.id, status: req.body.status } }),
  );

  app.delete(
    '/action-items/:id',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Delete an action item (admins and its creator); wont_do keeps the record instead',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await deleteActionItem({ ctx: req.ctx, input: { id: req.params.id } });
      return reply.status(204).send(null);
    },
  );
}
