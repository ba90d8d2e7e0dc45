import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../../platform/http/app.ts';
import { IdParams } from '../../platform/http/schema.ts';
import { ActionItem } from '../schemas.ts';
import { type TrackerDeps, createTracker } from './create.ts';
import { deleteTracker } from './delete.ts';
import { editTracker } from './edit.ts';
import { getTracker, listTrackers } from './list.ts';
import { pushActionItem } from './push.ts';
import {
  CreateTicketTrackerBody,
  CreatedTicketTracker,
  PushBody,
  TicketTracker,
  TicketTrackerList,
  UpdateTicketTrackerBody,
} from './schemas.ts';

const tags = ['ticket trackers'];

/** Ticket trackers (read by anyone signed in, changed by admins), and pushing an action item to one (who may edit the item). */
export function ticketTrackerRoutes(app: TypedApp): void {
  const deps: TrackerDeps = { key: app.deps.keys.ticketTrackers, publicUrl: app.deps.config.publicUrl };

  app.get(
    '/ticket-trackers',
    {
      config: { auth: 'viewer' },
      schema: {
        tags,
        summary:
          'GitHub and Jira trackers action items can be pushed to, for anyone signed in (never their token or secret)',
        response: { 200: TicketTrackerList },
      },
    },
    (req) => listTrackers({ ctx: req.ctx, deps }),
  );

  app.post(
    '/ticket-trackers',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Add a GitHub or Jira tracker; the answer carries the webhook secret, shown this once',
        body: CreateTicketTrackerBody,
        response: { 201: CreatedTicketTracker },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createTracker({ ctx: req.ctx, input: req.body, deps })),
  );

  app.get(
    '/ticket-trackers/:id',
    {
      config: { auth: 'viewer' },
      schema: { tags, summary: 'One ticket tracker', params: IdParams, response: { 200: TicketTracker } },
    },
    (req) => getTracker({ ctx: req.ctx, input: { id: req.params.id }, deps }),
  );

  app.patch(
    '/ticket-trackers/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: "Change a tracker's name, base URL, project, issue type, email, labels or token",
        params: IdParams,
        body: UpdateTicketTrackerBody,
        response: { 200: TicketTracker },
      },
    },
    (req) => editTracker({ ctx: req.ctx, input: { id: req.params.id, ...req.body }, deps }),
  );

  app.delete(
    '/ticket-trackers/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Remove a tracker; items pushed to it keep their link but no longer follow the issue',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await deleteTracker({ ctx: req.ctx, input: { id: req.params.id }, deps });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/action-items/:id/push',
    {
      config: { auth: 'responder' },
      schema: {
        tags: ['action items'],
        summary:
          'Create a GitHub issue or Jira ticket for the action item; its status then follows the ticket (502 when the tracker fails, 409 when already pushed)',
        params: IdParams,
        body: PushBody,
        response: { 200: ActionItem },
      },
    },
    (req) =>
      pushActionItem({ ctx: req.ctx, input: { id: req.params.id, trackerId: req.body.tracker_id }, deps }),
  );
}
