import { Type, type Static } from '@sinclair/typebox';
import { Id, Name, PageQuery, StringEnum, Timestamp } from '../../platform/http/schema.ts';
import { NullableActor } from '../../users/actors.ts';
import { ComponentStatusSchema, ImpactSchema, UpdateStatusSchema } from '../schemas.ts';

const Body = Type.String({ minLength: 1, maxLength: 20_000, pattern: '\\S', description: 'Markdown' });

export const AffectedComponent = Type.Object({
  code: Type.String({ description: 'the component id' }),
  name: Type.String(),
  old_status: ComponentStatusSchema,
  new_status: ComponentStatusSchema,
});
export type AffectedComponentView = Static<typeof AffectedComponent>;

export const PublicUpdate = Type.Object({
  id: Type.String(),
  status: UpdateStatusSchema,
  body: Type.String(),
  display_at: Timestamp,
  affected_components: Type.Array(AffectedComponent, {
    description: 'the components whose status this update changed, as Statuspage lists them',
  }),
  deliver_notifications: Type.Boolean(),
  created_at: Timestamp,
  created_by: NullableActor,
});
export type PublicUpdateView = Static<typeof PublicUpdate>;

export const PublicIncident = Type.Object({
  id: Type.String(),
  kind: StringEnum(['incident', 'maintenance'] as const),
  name: Type.String(),
  status: UpdateStatusSchema,
  impact: ImpactSchema,
  incident_id: Type.Union([Type.String(), Type.Null()], {
    description: 'the internal incident it was published from; never shown publicly',
  }),
  maintenance_window_id: Type.Union([Type.String(), Type.Null()], {
    description: 'maintenance: the Tocsin maintenance window silencing alerts for the same period',
  }),
  scheduled_for: Type.Union([Timestamp, Type.Null()]),
  scheduled_until: Type.Union([Timestamp, Type.Null()]),
  auto_transition: Type.Boolean(),
  started_at: Timestamp,
  monitoring_at: Type.Union([Timestamp, Type.Null()]),
  resolved_at: Type.Union([Timestamp, Type.Null()]),
  created_at: Timestamp,
  updated_at: Timestamp,
  components: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      status: ComponentStatusSchema,
    }),
    { description: 'the components it affects, each with the status it gives it while open' },
  ),
  updates: Type.Array(PublicUpdate, { description: 'newest first' }),
});
export type PublicIncidentView = Static<typeof PublicIncident>;

export const ComponentStatuses = Type.Record(
  Type.String({ minLength: 1, maxLength: 64 }),
  ComponentStatusSchema,
  {
    description: '{component id: status}: the status each component has while this is open',
  },
);
export type ComponentStatuses = Static<typeof ComponentStatuses>;

const Deliver = Type.Boolean({ description: 'tell subscribers (default true)' });

export const CreatePublicIncidentInput = Type.Object(
  {
    name: Name,
    incident_id: Type.Optional(
      Id('publish this internal incident (at most once); components default to its services'),
    ),
    status: Type.Optional(
      StringEnum(['investigating', 'identified', 'monitoring', 'resolved'] as const, 'default investigating'),
    ),
    impact: Type.Optional(
      StringEnum(['none', 'minor', 'major', 'critical'] as const, 'default: from the worst component status'),
    ),
    body: Body,
    components: Type.Optional(ComponentStatuses),
    deliver_notifications: Type.Optional(Deliver),
  },
  { additionalProperties: false },
);
export type CreatePublicIncidentInput = Static<typeof CreatePublicIncidentInput>;

export const EditPublicIncidentInput = Type.Object(
  {
    name: Type.Optional(Name),
    impact: Type.Optional(StringEnum(['none', 'minor', 'major', 'critical'] as const)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type EditPublicIncidentInput = Static<typeof EditPublicIncidentInput>;

export const PostPublicUpdateInput = Type.Object(
  {
    status: UpdateStatusSchema,
    body: Body,
    components: Type.Optional(ComponentStatuses),
    deliver_notifications: Type.Optional(Deliver),
  },
  { additionalProperties: false },
);
export type PostPublicUpdateInput = Static<typeof PostPublicUpdateInput>;

export const ListPublicIncidentsQuery = Type.Object(
  {
    ...PageQuery,
    kind: Type.Optional(StringEnum(['incident', 'maintenance'] as const)),
    open: Type.Optional(Type.Boolean({ description: 'true: not resolved or completed; false: closed' })),
    incident_id: Type.Optional(Id('the one published from this internal incident')),
  },
  { additionalProperties: false },
);
export type ListPublicIncidentsQuery = Static<typeof ListPublicIncidentsQuery>;

export const CreateMaintenanceInput = Type.Object(
  {
    name: Name,
    scheduled_for: Type.String({ format: 'date-time' }),
    scheduled_until: Type.String({ format: 'date-time' }),
    components: Type.Array(Id('a component'), { minItems: 1, maxItems: 500 }),
    body: Body,
    auto_transition: Type.Optional(
      Type.Boolean({ description: 'start and complete at the scheduled times (default true)' }),
    ),
    silence_alerts: Type.Optional(
      Type.Boolean({
        description:
          "silence the components' services with a maintenance window for the period (default true)",
      }),
    ),
    deliver_notifications: Type.Optional(Deliver),
  },
  { additionalProperties: false },
);
export type CreateMaintenanceInput = Static<typeof CreateMaintenanceInput>;

export const RescheduleMaintenanceInput = Type.Object(
  {
    name: Type.Optional(Name),
    scheduled_for: Type.Optional(Type.String({ format: 'date-time' })),
    scheduled_until: Type.Optional(Type.String({ format: 'date-time' })),
    components: Type.Optional(Type.Array(Id('a component'), { minItems: 1, maxItems: 500 })),
    auto_transition: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type RescheduleMaintenanceInput = Static<typeof RescheduleMaintenanceInput>;
