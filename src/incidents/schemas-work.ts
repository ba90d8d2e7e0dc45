import { Type, type Static } from '@sinclair/typebox';
import { Id, StringEnum, Timestamp } from '../platform/http/schema.ts';
import { Actor, NullableActor } from '../users/actors.ts';
import { Incident } from './schemas.ts';

/** Schemas of the work on an incident: notes and key events, tasks, merging, related incidents. */

export const NOTE_MAX_LENGTH = 10_000;
export const TASK_TITLE_MAX_LENGTH = 500;
export const MAX_MERGE = 20;

export const NoteBody = Type.Object(
  {
    message: Type.String({ minLength: 1, maxLength: NOTE_MAX_LENGTH, pattern: '\\S' }),
    pinned: Type.Optional(Type.Boolean({ description: 'mark the note as a key event' })),
    at: Type.Optional(
      Type.String({
        format: 'date-time',
        description:
          'when it happened, if earlier than now: the entry sorts there and is marked backdated ' +
          '(at most 24 hours before the incident began)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type NoteBody = Static<typeof NoteBody>;

export const TimelineEntryParams = Type.Object({ id: Id(), entryId: Id('timeline entry id') });

export const PinBody = Type.Object(
  { pinned: Type.Boolean({ description: 'true: a key event; false: an ordinary entry' }) },
  { additionalProperties: false },
);
export type PinBody = Static<typeof PinBody>;

const NullableTime = Type.Union([Timestamp, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const Task = Type.Object({
  id: Type.String(),
  incident_id: Type.String(),
  title: Type.String(),
  position: Type.Integer({ description: 'order on the checklist, lowest first' }),
  assignee_id: NullableString,
  source: StringEnum(['checklist', 'manual'], "checklist: seeded from the severity's checklist"),
  done: Type.Boolean(),
  done_at: NullableTime,
  done_by: NullableActor,
  created_at: Timestamp,
  created_by: Actor,
});
export type TaskView = Static<typeof Task>;

const TaskTitle = Type.String({ minLength: 1, maxLength: TASK_TITLE_MAX_LENGTH, pattern: '\\S' });

export const CreateTaskBody = Type.Object(
  {
    title: TaskTitle,
    assignee_id: Type.Optional(Type.Union([Id('a user'), Type.Null()])),
  },
  { additionalProperties: false },
);
export type CreateTaskBody = Static<typeof CreateTaskBody>;

export const UpdateTaskBody = Type.Object(
  {
    title: Type.Optional(TaskTitle),
    assignee_id: Type.Optional(Type.Union([Id('a user'), Type.Null()], { description: 'null unassigns' })),
    done: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateTaskBody = Static<typeof UpdateTaskBody>;

export const TaskParams = Type.Object({ id: Id(), taskId: Id('task id') });

export const MergeBody = Type.Object(
  {
    incident_ids: Type.Array(Id('an incident id or INC-number'), {
      minItems: 1,
      maxItems: MAX_MERGE,
      description: 'the incidents to merge into this one; each ends resolved, pointing at it',
    }),
  },
  { additionalProperties: false },
);
export type MergeBody = Static<typeof MergeBody>;

export const RelatedQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, description: 'default 10' })) },
  { additionalProperties: false },
);
export type RelatedQuery = Static<typeof RelatedQuery>;

export const RelatedIncident = Type.Object({
  incident: Incident,
  score: Type.Integer({ description: '1 for the same service, plus 1 per shared alert label pair' }),
  reasons: Type.Array(Type.String(), { description: 'e.g. "same service", "shared labels: app=web"' }),
});
export type RelatedIncidentView = Static<typeof RelatedIncident>;

export const RelatedList = Type.Object({ data: Type.Array(RelatedIncident) });
