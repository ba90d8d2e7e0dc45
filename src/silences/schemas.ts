import { Type, type Static } from '@sinclair/typebox';
import { Id, Name, PageQuery, StringEnum, Timestamp } from '../platform/http/schema.ts';
import { Description } from '../teams/schemas.ts';
import { MATCH_OPS } from './matchers.ts';
import { LIFECYCLES } from './period.ts';
import { MAX_PERIOD_DAYS } from '../platform/time-bounds.ts';

// Schemas of both silences and maintenance windows: they share the period fields and states.

export const State = StringEnum(LIFECYCLES, 'active now, pending (starts later) or expired');

const MatcherObject = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'label name' }),
    op: StringEnum(MATCH_OPS, '= equal, != not equal, =~ regex match, !~ regex non-match (anchored)'),
    value: Type.String({ maxLength: 1000 }),
  },
  { additionalProperties: false },
);

export const MatchersInput = Type.Array(
  Type.Union([
    MatcherObject,
    Type.String({
      minLength: 1,
      maxLength: 1300,
      description: 'Alertmanager syntax, e.g. severity=~"crit|warn"',
    }),
  ]),
  { maxItems: 50, description: 'all must hold; a missing label is the empty string' },
);

const PeriodFields = {
  starts_at: Type.Optional(
    Type.String({ format: 'date-time', description: 'default now; a past time means now' }),
  ),
  ends_at: Type.Optional(
    Type.String({ format: 'date-time', description: 'required unless duration_minutes' }),
  ),
  duration_minutes: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_PERIOD_DAYS * 24 * 60,
      description: 'instead of ends_at: minutes from starts_at',
    }),
  ),
};

const Comment = Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' });

export const Silence = Type.Object({
  id: Type.String(),
  name: Type.Union([Type.String(), Type.Null()], { description: 'unique when set; null: unnamed' }),
  service_id: Type.Union([Type.String(), Type.Null()], { description: 'null: any service' }),
  matchers: Type.Array(Type.Object({ name: Type.String(), op: Type.String(), value: Type.String() })),
  starts_at: Timestamp,
  ends_at: Timestamp,
  state: State,
  comment: Type.String(),
  created_by: Type.String({ description: 'name of who created it' }),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type SilenceView = Static<typeof Silence>;

export const CreateSilenceInput = Type.Object(
  {
    name: Type.Optional(Name),
    service_id: Type.Optional(Id('silence alerts of this service only')),
    matchers: Type.Optional(MatchersInput),
    ...PeriodFields,
    comment: Comment,
  },
  { additionalProperties: false },
);
export type CreateSilenceInput = Static<typeof CreateSilenceInput>;

export const UpdateSilenceInput = Type.Object(
  {
    name: Type.Optional(Type.Union([Name, Type.Null()], { description: 'null clears it' })),
    service_id: Type.Optional(Type.Union([Id('silence alerts of this service only'), Type.Null()])),
    matchers: Type.Optional(MatchersInput),
    ...PeriodFields,
    comment: Type.Optional(Comment),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateSilenceInput = Static<typeof UpdateSilenceInput>;

export const ListSilencesQuery = Type.Object(
  {
    ...PageQuery,
    name: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'only the silence of this name' }),
    ),
    service_id: Type.Optional(Id('only silences scoped to this service')),
    state: Type.Optional(State),
  },
  { additionalProperties: false },
);
export type ListSilencesQuery = Static<typeof ListSilencesQuery>;

export const MaintenanceWindow = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  service_ids: Type.Array(Type.String(), { description: 'services in maintenance, sorted' }),
  starts_at: Timestamp,
  ends_at: Timestamp,
  state: State,
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type MaintenanceWindowView = Static<typeof MaintenanceWindow>;

export const ServiceIds = Type.Array(Id('a service in maintenance'), { minItems: 1, maxItems: 500 });

export const CreateMaintenanceWindowInput = Type.Object(
  { name: Name, description: Type.Optional(Description), service_ids: ServiceIds, ...PeriodFields },
  { additionalProperties: false },
);
export type CreateMaintenanceWindowInput = Static<typeof CreateMaintenanceWindowInput>;

export const UpdateMaintenanceWindowInput = Type.Object(
  {
    name: Type.Optional(Name),
    description: Type.Optional(Description),
    service_ids: Type.Optional(ServiceIds),
    ...PeriodFields,
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateMaintenanceWindowInput = Static<typeof UpdateMaintenanceWindowInput>;

export const ListMaintenanceWindowsQuery = Type.Object(
  {
    ...PageQuery,
    service_id: Type.Optional(Id('only windows covering this service')),
    state: Type.Optional(State),
  },
  { additionalProperties: false },
);
export type ListMaintenanceWindowsQuery = Static<typeof ListMaintenanceWindowsQuery>;
