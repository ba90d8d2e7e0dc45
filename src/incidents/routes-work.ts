import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../platform/http/app.ts';
import { IdParams } from '../platform/http/schema.ts';
import { mergeIncidents } from './merge.ts';
import { addNote, pinTimelineEntry } from './notes.ts';
import { relatedIncidents } from './related.ts';
import { Incident, TimelineEntry } from './schemas.ts';
import {
  CreateTaskBody,
  MergeBody,
  NoteBody,
  PinBody,
  RelatedList,
  RelatedQuery,
  Task,
  TaskParams,
  TimelineEntryParams,
  UpdateTaskBody,
} from './schemas-work.ts';
import { createTask, listTasks, updateIncidentTask } from './tasks.ts';

const tags = ['incidents'];

/** Work on an incident: notes and key events, tasks, merging, related incidents. */
export function workRoutes(app: TypedApp): void {
  app.post(
    '/incidents/:id/notes',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Add a note to the timeline; a past `at` backdates it, `pinned` makes it a key event',
        params: IdParams,
        body: NoteBody,
        response: { 201: TimelineEntry },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await addNote({ ctx: req.ctx, input: { id: req.params.id, ...req.body } })),
  );

  app.patch(
    '/incidents/:id/timeline/:entryId',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Pin or unpin a timeline entry as a key event (nothing else about an entry changes)',
        params: TimelineEntryParams,
        body: PinBody,
        response: { 200: TimelineEntry },
      },
    },
    (req) => pinTimelineEntry({ ctx: req.ctx, input: { ...req.params, ...req.body } }),
  );

  app.get(
    '/incidents/:id/tasks',
    {
      schema: {
        tags,
        summary: "The incident's tasks in checklist order",
        params: IdParams,
        response: { 200: Type.Object({ data: Type.Array(Task) }) },
      },
    },
    async (req) => ({ data: await listTasks({ ctx: req.ctx, input: { id: req.params.id } }) }),
  );

  app.post(
    '/incidents/:id/tasks',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Add a task at the end of the checklist',
        params: IdParams,
        body: CreateTaskBody,
        response: { 201: Task },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createTask({ ctx: req.ctx, input: { id: req.params.id, ...req.body } })),
  );

  app.patch(
    '/incidents/:id/tasks/:taskId',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary: 'Rename, assign (null unassigns) or tick/untick a task',
        params: TaskParams,
        body: UpdateTaskBody,
        response: { 200: Task },
      },
    },
    (req) => updateIncidentTask({ ctx: req.ctx, input: { ...req.params, ...req.body } }),
  );

  app.post(
    '/incidents/:id/merge',
    {
      config: { auth: 'responder' },
      schema: {
        tags,
        summary:
          'Merge other incidents into this one: their alerts, timeline, tasks and subscribers move here; they end resolved',
        params: IdParams,
        body: MergeBody,
        response: { 200: Incident },
      },
    },
    (req) => mergeIncidents({ ctx: req.ctx, input: { id: req.params.id, ...req.body } }),
  );

  app.get(
    '/incidents/:id/related',
    {
      schema: {
        tags,
        summary:
          'Incidents of the last 30 days probably about the same thing: same service or shared alert labels, best first',
        params: IdParams,
        querystring: RelatedQuery,
        response: { 200: RelatedList },
      },
    },
    async (req) => ({
      data: await relatedIncidents({ ctx: req.ctx, input: { id: req.params.id, limit: req.query.limit } }),
    }),
  );
}
