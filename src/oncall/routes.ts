import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../platform/http/app.ts';
import { IdParams, PageOf } from '../platform/http/schema.ts';
import { createSchedule } from './create.ts';
import { deleteLayer, deleteSchedule } from './delete.ts';
import { getLayer, getSchedule, listLayerViews, listOverrideViews, listScheduleViews } from './get.ts';
import { createLayer } from './layer-create.ts';
import { removeParticipant, setParticipants, updateLayer } from './layer-update.ts';
import { createOverride, deleteOverride } from './overrides.ts';
import { previewSchedule } from './preview.ts';
import { onCallNow, scheduleGaps, scheduleShifts } from './query.ts';
import { planRoutes } from './routes-plans.ts';
import {
  CreateLayerInput,
  CreateOverrideInput,
  CreateScheduleInput,
  Gaps,
  GapsQuery,
  Layer,
  LayerParams,
  ListSchedulesQuery,
  OnCall,
  OnCallQuery,
  Override,
  OverrideParams,
  Participant,
  ParticipantParams,
  PeriodQuery,
  Schedule,
  SetParticipantsInput,
  Shifts,
  ShiftsQuery,
  UpdateLayerInput,
  UpdateScheduleInput,
} from './schemas.ts';
import { PreviewInput, PreviewShifts, ReplaceScheduleInput } from './schemas-preview.ts';
import { replaceSchedule } from './replace.ts';
import { updateSchedule } from './update.ts';

const tags = ['schedules'];
const EffectiveQuery = Type.Object(
  { effective_from: Type.Optional(Type.String({ format: 'date-time' })) },
  { additionalProperties: false },
);

/** Schedules, layers, participants, overrides and the computed views; plans in routes-plans.ts. */
export function scheduleRoutes(app: TypedApp): void {
  app.get(
    '/schedules',
    {
      schema: {
        tags,
        summary: 'List schedules',
        querystring: ListSchedulesQuery,
        response: { 200: PageOf(Schedule) },
      },
    },
    (req) => listScheduleViews(req.ctx, { teamId: req.query.team_id, q: req.query.q }, req.query),
  );
  app.post(
    '/schedules',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Create a schedule (with layers)',
        body: CreateScheduleInput,
        response: { 201: Schedule },
      },
    },
    async (req, reply) => reply.status(201).send(await createSchedule({ ctx: req.ctx, input: req.body })),
  );
  app.get(
    '/schedules/:id',
    { schema: { tags, summary: 'Get a schedule', params: IdParams, response: { 200: Schedule } } },
    (req) => getSchedule(req.ctx, req.params.id),
  );
  app.patch(
    '/schedules/:id',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Update a schedule',
        params: IdParams,
        body: UpdateScheduleInput,
        response: { 200: Schedule },
      },
    },
    (req) => updateSchedule({ ctx: req.ctx, input: { ...req.body, id: req.params.id } }),
  );
  app.put(
    '/schedules/:id',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Save a schedule with all its layers at once (the editor); a layer left out is deleted',
        params: IdParams,
        body: ReplaceScheduleInput,
        response: { 200: Schedule },
      },
    },
    (req) => replaceSchedule({ ctx: req.ctx, input: { ...req.body, id: req.params.id } }),
  );
  app.delete(
    '/schedules/:id',
    {
      config: { auth: 'responder' },
      schema: { tags, summary: 'Delete a schedule', params: IdParams, response: { 204: Type.Null() } },
    },
    async (req, reply) => {
      await deleteSchedule({ ctx: req.ctx, input: { id: req.params.id } });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/schedules/:id/layers',
    {
      schema: {
        tags,
        summary: 'List layers, lowest first',
        params: IdParams,
        response: { 200: Type.Object({ data: Type.Array(Layer) }) },
      },
    },
    async (req) => ({ data: await listLayerViews(req.ctx, req.params.id) }),
  );
  app.post(
    '/schedules/:id/layers',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Add a layer',
        params: IdParams,
        body: CreateLayerInput,
        response: { 201: Layer },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await createLayer({ ctx: req.ctx, input: { ...req.body, scheduleId: req.params.id } })),
  );
  app.get(
    '/schedules/:id/layers/:layerId',
    { schema: { tags, summary: 'Get a layer', params: LayerParams, response: { 200: Layer } } },
    (req) => getLayer(req.ctx, req.params.id, req.params.layerId),
  );
  app.patch(
    '/schedules/:id/layers/:layerId',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Update a layer; rotation changes apply from effective_from (default now), past shifts stay',
        params: LayerParams,
        body: UpdateLayerInput,
        response: { 200: Layer },
      },
    },
    (req) =>
      updateLayer({
        ctx: req.ctx,
        input: { ...req.body, scheduleId: req.params.id, layerId: req.params.layerId },
      }),
  );
  app.delete(
    '/schedules/:id/layers/:layerId',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Delete a layer and its history',
        params: LayerParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await deleteLayer({ ctx: req.ctx, input: { scheduleId: req.params.id, layerId: req.params.layerId } });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/schedules/:id/layers/:layerId/participants',
    {
      schema: {
        tags,
        summary: 'The participants in force now, in rotation order',
        params: LayerParams,
        response: { 200: Type.Object({ data: Type.Array(Participant) }) },
      },
    },
    async (req) => ({ data: (await getLayer(req.ctx, req.params.id, req.params.layerId)).participants }),
  );
  app.put(
    '/schedules/:id/layers/:layerId/participants',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Replace the participants from effective_from (default now) on',
        params: LayerParams,
        body: SetParticipantsInput,
        response: { 200: Layer },
      },
    },
    (req) =>
      setParticipants({
        ctx: req.ctx,
        input: { ...req.body, scheduleId: req.params.id, layerId: req.params.layerId },
      }),
  );
  app.delete(
    '/schedules/:id/layers/:layerId/participants/:userId',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Take a user out of the rotation from effective_from (default now) on',
        params: ParticipantParams,
        querystring: EffectiveQuery,
        response: { 200: Layer },
      },
    },
    (req) =>
      removeParticipant({
        ctx: req.ctx,
        input: {
          scheduleId: req.params.id,
          layerId: req.params.layerId,
          userId: req.params.userId,
          effective_from: req.query.effective_from,
        },
      }),
  );

  app.get(
    '/schedules/:id/overrides',
    {
      schema: {
        tags,
        summary: 'List overrides touching [from, to)',
        params: IdParams,
        querystring: PeriodQuery,
        response: { 200: PageOf(Override) },
      },
    },
    (req) => {
      const { from, to, ...page } = req.query;
      return listOverrideViews(
        req.ctx,
        req.params.id,
        {
          from: from === undefined ? undefined : Date.parse(from),
          to: to === undefined ? undefined : Date.parse(to),
        },
        page,
      );
    },
  );
  app.post(
    '/schedules/:id/overrides',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Put a team member on call instead (yourself; anyone as admin)',
        params: IdParams,
        body: CreateOverrideInput,
        response: { 201: Override },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await createOverride({ ctx: req.ctx, input: { ...req.body, scheduleId: req.params.id } })),
  );
  app.delete(
    '/schedules/:id/overrides/:overrideId',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Remove an override (your own; any as admin)',
        params: OverrideParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await deleteOverride({ ctx: req.ctx, input: { scheduleId: req.params.id, id: req.params.overrideId } });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/schedules/:id/shifts',
    {
      schema: {
        tags,
        summary: 'The computed shifts in [from, to), with the gaps where nobody is on call',
        params: IdParams,
        querystring: ShiftsQuery,
        response: { 200: Shifts },
      },
    },
    (req) => scheduleShifts(req.ctx, { id: req.params.id, from: req.query.from, to: req.query.to }),
  );
  app.post(
    '/schedules/preview',
    {
      schema: {
        tags,
        summary: 'The shifts a schedule would have with these layers, computed without saving',
        body: PreviewInput,
        response: { 200: PreviewShifts },
      },
    },
    (req) => previewSchedule(req.ctx, req.body),
  );
  app.get(
    '/schedules/:id/gaps',
    {
      schema: {
        tags,
        summary: 'Coverage gaps in the next N days',
        params: IdParams,
        querystring: GapsQuery,
        response: { 200: Gaps },
      },
    },
    (req) => scheduleGaps(req.ctx, { id: req.params.id, days: req.query.days }),
  );
  app.get(
    '/oncall',
    {
      schema: {
        tags: ['oncall'],
        summary: 'Who is on call on every schedule, now or at a time',
        querystring: OnCallQuery,
        response: { 200: OnCall },
      },
    },
    (req) =>
      onCallNow(req.ctx, {
        at: req.query.at,
        filter: { teamId: req.query.team_id, id: req.query.schedule_id },
        page: { limit: req.query.limit, cursor: req.query.cursor, order: req.query.order },
      }),
  );

  planRoutes(app);
}
