import { Type, type Static } from '@sinclair/typebox';
import { Id, PageQuery, StringEnum, Timestamp } from '../platform/http/schema.ts';
import { Actor } from '../users/actors.ts';

/** Schemas of action items: an incident's follow-ups, tracked to done (issue 19). */

export const ACTION_ITEM_PRIORITIES = ['high', 'medium', 'low'] as const;
export const ACTION_ITEM_STATUSES = ['open', 'in_progress', 'done', 'wont_do'] as const;
export const ACTION_ITEM_TITLE_MAX_LENGTH = 500;
export const ACTION_ITEM_DESCRIPTION_MAX_LENGTH = 20_000;

const Priority = StringEnum(ACTION_ITEM_PRIORITIES);
const Status = StringEnum(
  ACTION_ITEM_STATUSES,
  'open and in_progress are still to do; done and wont_do are finished (completed_at is set)',
);
/** Checked again by the action (not in the past, a real day): the schema only gives the shape. */
const DueDate = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: "YYYY-MM-DD, not before today in the owner's time zone",
});
const Title = Type.String({ maxLength: ACTION_ITEM_TITLE_MAX_LENGTH });
const Description = Type.String({
  maxLength: ACTION_ITEM_DESCRIPTION_MAX_LENGTH,
  description: 'Markdown',
});

export const ActionItem = Type.Object({
  id: Type.String(),
  incident: Type.Object({
    id: Type.String(),
    ref: Type.String({ description: 'INC-42' }),
    title: Type.String(),
  }),
  title: Type.String(),
  description: Type.String({ description: 'Markdown' }),
  owner: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  due_date: Type.Union([Type.String(), Type.Null()]),
  overdue: Type.Boolean({
    description:
      "due_date is before today in the owner's time zone (UTC without an owner) and it is not finished",
  }),
  priority: Priority,
  status: Status,
  created_by: Actor,
  created_at: Timestamp,
  updated_at: Timestamp,
  completed_at: Type.Union([Timestamp, Type.Null()]),
  tracker: Type.Union([
    Type.Object({ kind: Type.String(), key: Type.String(), url: Type.String(), state: Type.String() }),
    Type.Null(),
  ]),
});
export type ActionItemView = Static<typeof ActionItem>;

export const CreateActionItemBody = Type.Object(
  {
    title: Title,
    description: Type.Optional(Description),
    owner_id: Type.Optional(Type.Union([Id('an active user'), Type.Null()])),
    due_date: Type.Optional(Type.Union([DueDate, Type.Null()])),
    priority: Type.Optional(Priority),
  },
  { additionalProperties: false },
);
export type CreateActionItemBody = Static<typeof CreateActionItemBody>;

export const UpdateActionItemBody = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(Description),
    owner_id: Type.Optional(Type.Union([Id('an active user'), Type.Null()])),
    due_date: Type.Optional(Type.Union([DueDate, Type.Null()])),
    priority: Type.Optional(Priority),
  },
  { additionalProperties: false },
);
export type UpdateActionItemBody = Static<typeof UpdateActionItemBody>;

export const SetStatusBody = Type.Object({ status: Status }, { additionalProperties: false });
export type SetStatusBody = Static<typeof SetStatusBody>;

export const ListActionItemsQuery = Type.Object(
  {
    owner: Type.Optional(Type.String({ description: 'a user id, or `me`' })),
    status: Type.Optional(Status),
    overdue: Type.Optional(
      StringEnum(
        ['true', 'false'] as const,
        "true: only overdue items (open or in_progress, due before today in the owner's time zone); false or absent: no filter",
      ),
    ),
    service: Type.Optional(Id('a service id: items of incidents on it')),
    team: Type.Optional(Id("a team id: items of incidents on the team's services")),
    incident_id: Type.Optional(Id('an incident id')),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type ListActionItemsQuery = Static<typeof ListActionItemsQuery>;

export const IncidentActionItemsQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export type IncidentActionItemsQuery = Static<typeof IncidentActionItemsQuery>;
