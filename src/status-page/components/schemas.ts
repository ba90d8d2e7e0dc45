import { Type, type Static } from '@sinclair/typebox';
import { Id, Name, PageQuery, Timestamp } from '../../platform/http/schema.ts';
import { NullableActor } from '../../users/actors.ts';
import { ComponentStatusSchema } from '../schemas.ts';

const Description = Type.String({ maxLength: 2000 });
const Position = Type.Integer({
  minimum: 0,
  maximum: 1_000_000,
  description: 'order on the page, low first',
});
const StartDate = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'YYYY-MM-DD: the uptime bars start here; null: from creation',
});

export const Component = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  group_id: Type.Union([Type.String(), Type.Null()]),
  service_id: Type.Union([Type.String(), Type.Null()], {
    description: 'the Tocsin service it stands for; a public incident of that service affects it by default',
  }),
  position: Type.Integer(),
  status: ComponentStatusSchema,
  showcase: Type.Boolean({ description: 'show its uptime bars' }),
  only_show_if_degraded: Type.Boolean(),
  start_date: Type.Union([Type.String(), Type.Null()]),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type ComponentView = Static<typeof Component>;

export const CreateComponentInput = Type.Object(
  {
    name: Name,
    description: Type.Optional(Description),
    group_id: Type.Optional(Type.Union([Id('a component group'), Type.Null()])),
    service_id: Type.Optional(Type.Union([Id('a service'), Type.Null()])),
    position: Type.Optional(Position),
    status: Type.Optional(ComponentStatusSchema),
    showcase: Type.Optional(Type.Boolean()),
    only_show_if_degraded: Type.Optional(Type.Boolean()),
    start_date: Type.Optional(Type.Union([StartDate, Type.Null()])),
  },
  { additionalProperties: false },
);
export type CreateComponentInput = Static<typeof CreateComponentInput>;

export const UpdateComponentInput = Type.Object(
  {
    name: Type.Optional(Name),
    description: Type.Optional(Description),
    group_id: Type.Optional(Type.Union([Id('a component group'), Type.Null()])),
    service_id: Type.Optional(Type.Union([Id('a service'), Type.Null()])),
    position: Type.Optional(Position),
    status: Type.Optional(ComponentStatusSchema),
    showcase: Type.Optional(Type.Boolean()),
    only_show_if_degraded: Type.Optional(Type.Boolean()),
    start_date: Type.Optional(Type.Union([StartDate, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateComponentInput = Static<typeof UpdateComponentInput>;

export const ListComponentsQuery = Type.Object(
  {
    ...PageQuery,
    group_id: Type.Optional(Id('only components of this group')),
    service_id: Type.Optional(Id('only components standing for this service')),
  },
  { additionalProperties: false },
);
export type ListComponentsQuery = Static<typeof ListComponentsQuery>;

export const ComponentChange = Type.Object({
  id: Type.String(),
  component_id: Type.String(),
  status: ComponentStatusSchema,
  at: Timestamp,
  status_incident_id: Type.Union([Type.String(), Type.Null()], {
    description: 'the public incident or maintenance that made the change; null: by hand',
  }),
  changed_by: NullableActor,
});
export type ComponentChangeView = Static<typeof ComponentChange>;

export const HistoryQuery = Type.Object(
  {
    ...PageQuery,
    since: Type.Optional(Type.String({ format: 'date-time', description: 'changes at or after' })),
    until: Type.Optional(Type.String({ format: 'date-time', description: 'changes before' })),
  },
  { additionalProperties: false },
);
export type HistoryQuery = Static<typeof HistoryQuery>;

export const ComponentGroup = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  position: Type.Integer(),
  component_ids: Type.Array(Type.String(), { description: 'its components, in page order' }),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type ComponentGroupView = Static<typeof ComponentGroup>;

const ComponentIds = Type.Array(Id('a component'), {
  maxItems: 500,
  description: 'the components in the group; replaces its list (others leave the group)',
});

export const CreateGroupInput = Type.Object(
  {
    name: Name,
    description: Type.Optional(Description),
    position: Type.Optional(Position),
    component_ids: Type.Optional(ComponentIds),
  },
  { additionalProperties: false },
);
export type CreateGroupInput = Static<typeof CreateGroupInput>;

export const UpdateGroupInput = Type.Object(
  {
    name: Type.Optional(Name),
    description: Type.Optional(Description),
    position: Type.Optional(Position),
    component_ids: Type.Optional(ComponentIds),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateGroupInput = Static<typeof UpdateGroupInput>;
