import { Type } from '@sinclair/typebox';
import { systemActor } from '../platform/auth/actor.ts';
import type { TypedApp } from '../platform/http/app.ts';
import { requestCtx } from '../platform/http/auth.ts';
import { IdParams, PageOf } from '../platform/http/schema.ts';
import { createFeed, listFeedViews, revokeFeed } from './feeds.ts';
import { scheduleFeed, userFeed } from './ical.ts';
import { listTimeOff } from './repository-plans.ts';
import {
  CalendarFeed,
  CreateCalendarFeedInput,
  CreateSwapInput,
  CreateTemporaryInput,
  CreateTimeOffInput,
  CreatedCalendarFeed,
  FeedQuery,
  PageOnlyQuery,
  ListSwapsQuery,
  ListTimeOffQuery,
  Swap,
  SwapParams,
  Temporary,
  TemporaryParams,
  TimeOff,
} from './schemas-plans.ts';
import { mapPage } from '../platform/db/paginate.ts';
import { presentTimeOff } from './presenter.ts';
import { acceptSwap, cancelSwap, declineSwap, listSwapViews, requestSwap } from './swaps.ts';
import { createTemporary, deleteTemporary, getTemporary, listTemporaryViews } from './temporary.ts';
import { createTimeOff, deleteTimeOff } from './time-off.ts';

const tags = ['schedules'];
const ICS = 'text/calendar; charset=utf-8';

/** Shift swaps, temporary schedules, time off and calendar feeds. */
export function planRoutes(app: TypedApp): void {
  app.get(
    '/schedules/:id/swaps',
    {
      schema: {
        tags,
        summary: 'List shift swaps',
        params: IdParams,
        querystring: ListSwapsQuery,
        response: { 200: PageOf(Swap) },
      },
    },
    (req) => listSwapViews(req.ctx, { scheduleId: req.params.id, status: req.query.status, page: req.query }),
  );
  app.post(
    '/schedules/:id/swaps',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Offer your shifts in [start, end) to another team member',
        params: IdParams,
        body: CreateSwapInput,
        response: { 201: Swap },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await requestSwap({ ctx: req.ctx, input: { ...req.body, scheduleId: req.params.id } })),
  );
  for (const [verb, action, summary] of [
    ['accept', acceptSwap, 'Accept a swap: you go on call instead (as overrides)'],
    ['decline', declineSwap, 'Decline a swap offered to you'],
    ['cancel', cancelSwap, 'Withdraw your swap'],
  ] as const) {
    app.post(
      `/schedules/:id/swaps/:swapId/${verb}`,
      {
        config: { auth: 'responder' },
        schema: { tags, summary, params: SwapParams, response: { 200: Swap } },
      },
      (req) => action({ ctx: req.ctx, input: { scheduleId: req.params.id, swapId: req.params.swapId } }),
    );
  }

  app.get(
    '/schedules/:id/temporary-schedules',
    {
      schema: {
        tags,
        summary: 'List temporary schedules',
        params: IdParams,
        querystring: PageOnlyQuery,
        response: { 200: PageOf(Temporary) },
      },
    },
    (req) => listTemporaryViews(req.ctx, req.params.id, req.query),
  );
  app.post(
    '/schedules/:id/temporary-schedules',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Replace the computed schedule for a period with a plan',
        params: IdParams,
        body: CreateTemporaryInput,
        response: { 201: Temporary },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await createTemporary({ ctx: req.ctx, input: { ...req.body, scheduleId: req.params.id } })),
  );
  app.get(
    '/schedules/:id/temporary-schedules/:temporaryId',
    {
      schema: {
        tags,
        summary: 'Get a temporary schedule',
        params: TemporaryParams,
        response: { 200: Temporary },
      },
    },
    (req) => getTemporary(req.ctx, req.params.id, req.params.temporaryId),
  );
  app.delete(
    '/schedules/:id/temporary-schedules/:temporaryId',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Delete a temporary schedule',
        params: TemporaryParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await deleteTemporary({
        ctx: req.ctx,
        input: { scheduleId: req.params.id, id: req.params.temporaryId },
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/time-off',
    {
      schema: {
        tags: ['time off'],
        summary: 'List time off',
        querystring: ListTimeOffQuery,
        response: { 200: PageOf(TimeOff) },
      },
    },
    async (req) => {
      const { user_id, from, to, ...page } = req.query;
      const filter = {
        userId: user_id,
        from: from === undefined ? undefined : Date.parse(from),
        to: to === undefined ? undefined : Date.parse(to),
      };
      return mapPage(await listTimeOff(req.ctx.db, filter, page), presentTimeOff);
    },
  );
  app.post(
    '/time-off',
    {
      config: { auth: 'responder' },
      schema: {
        tags: ['time off'],
        summary: 'Record time off (yours; anyone as admin)',
        body: CreateTimeOffInput,
        response: { 201: TimeOff },
      },
    },
    async (req, reply) => reply.status(201).send(await createTimeOff({ ctx: req.ctx, input: req.body })),
  );
  app.delete(
    '/time-off/:id',
    {
      config: { auth: 'responder' },
      schema: {
        tags: ['time off'],
        summary: 'Delete time off',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await deleteTimeOff({ ctx: req.ctx, input: { id: req.params.id } });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/calendar-feeds',
    {
      schema: {
        tags: ['calendar feeds'],
        summary: 'Your calendar feeds (everyone’s for admins)',
        querystring: PageOnlyQuery,
        response: { 200: PageOf(CalendarFeed) },
      },
    },
    (req) => listFeedViews(req.ctx, req.query),
  );
  app.post(
    '/calendar-feeds',
    {
      schema: {
        tags: ['calendar feeds'],
        summary: 'Create an iCalendar feed URL of a schedule or of a user; the token is shown once',
        body: CreateCalendarFeedInput,
        response: { 201: CreatedCalendarFeed },
      },
    },
    async (req, reply) => {
      const feed = await createFeed({ ctx: req.ctx, input: req.body });
      const path =
        feed.kind === 'schedule' ? `schedules/${feed.schedule_id}/ical` : `users/${feed.user_id}/ical`;
      const url = `${app.deps.config.publicUrl}/api/v1/${path}?token=${encodeURIComponent(feed.token)}`;
      return reply.status(201).send({ ...feed, url });
    },
  );
  app.delete(
    '/calendar-feeds/:id',
    {
      schema: {
        tags: ['calendar feeds'],
        summary: 'Revoke a calendar feed',
        params: IdParams,
        response: { 200: CalendarFeed },
      },
    },
    (req) => revokeFeed({ ctx: req.ctx, input: { id: req.params.id } }),
  );

  // The token in the URL authorises these: calendar clients cannot send credentials.
  app.get(
    '/schedules/:id/ical',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['calendar feeds'],
        summary: 'iCalendar feed of a schedule',
        params: IdParams,
        querystring: FeedQuery,
      },
    },
    async (req, reply) => {
      const ctx = requestCtx(app.deps, req, systemActor('calendar feed'));
      const body = await scheduleFeed(ctx, { id: req.params.id, token: req.query.token });
      return reply.type(ICS).header('cache-control', 'private, max-age=300').send(body);
    },
  );
  app.get(
    '/users/:id/ical',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['calendar feeds'],
        summary: "iCalendar feed of a user's shifts",
        params: IdParams,
        querystring: FeedQuery,
      },
    },
    async (req, reply) => {
      const ctx = requestCtx(app.deps, req, systemActor('calendar feed'));
      const body = await userFeed(ctx, { id: req.params.id, token: req.query.token });
      return reply.type(ICS).header('cache-control', 'private, max-age=300').send(body);
    },
  );
}
