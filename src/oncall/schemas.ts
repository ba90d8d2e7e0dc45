import { Type, type Static } from '@sinclair/typebox';
import { Id, Name, PageQuery, StringEnum, Timestamp } from '../platform/http/schema.ts';
import { Description } from '../teams/schemas.ts';
import { TimeZone } from '../users/schemas.ts';
import { WEEKDAYS } from './core/types.ts';

export const SHIFT_UNITS = ['hours', 'days', 'weeks'] as const;
export const RESTRICTION_TYPES = ['daily', 'weekly'] as const;
export const SHIFT_SOURCES = ['layer', 'override', 'temporary'] as const;

export const ClockTime = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  description: 'wall-clock time HH:MM (24-hour) in the layer time zone',
});
export const LocalDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const Restriction = Type.Object(
  {
    type: StringEnum(RESTRICTION_TYPES, 'daily: every day start-end; weekly: start_day start to end_day end'),
    start: ClockTime,
    end: ClockTime,
    start_day: Type.Optional(StringEnum(WEEKDAYS)),
    end_day: Type.Optional(StringEnum(WEEKDAYS)),
  },
  {
    additionalProperties: false,
    description:
      'a window in which the layer may have someone on call; an end at or before the start crosses midnight',
  },
);
export type RestrictionInput = Static<typeof Restriction>;

const layerFields = {
  name: Name,
  order: Type.Integer({
    minimum: 1,
    maximum: 1000,
    description: 'rank: a higher layer wins where it has someone',
  }),
  time_zone: TimeZone,
  start_date: LocalDate,
  handoff_time: ClockTime,
  shift_length: Type.Integer({ minimum: 1, maximum: 1000 }),
  shift_unit: StringEnum(SHIFT_UNITS),
  end: NullableTimestamp,
  restrictions: Type.Array(Restriction, { maxItems: 50 }),
  participants: Type.Array(Id('a user id; a user may appear more than once'), { maxItems: 200 }),
};

export const CreateLayerInput = Type.Object(
  {
    name: Type.Optional(layerFields.name),
    order: Type.Optional(layerFields.order),
    time_zone: Type.Optional(layerFields.time_zone),
    start_date: layerFields.start_date,
    handoff_time: Type.Optional(layerFields.handoff_time),
    shift_length: layerFields.shift_length,
    shift_unit: layerFields.shift_unit,
    end: Type.Optional(layerFields.end),
    restrictions: Type.Optional(layerFields.restrictions),
    participants: layerFields.participants,
  },
  { additionalProperties: false },
);
export type CreateLayerInput = Static<typeof CreateLayerInput>;

export const EffectiveFrom = Timestamp;

export const UpdateLayerInput = Type.Object(
  {
    name: Type.Optional(layerFields.name),
    order: Type.Optional(layerFields.order),
    time_zone: Type.Optional(layerFields.time_zone),
    start_date: Type.Optional(layerFields.start_date),
    handoff_time: Type.Optional(layerFields.handoff_time),
    shift_length: Type.Optional(layerFields.shift_length),
    shift_unit: Type.Optional(layerFields.shift_unit),
    end: Type.Optional(layerFields.end),
    restrictions: Type.Optional(layerFields.restrictions),
    participants: Type.Optional(layerFields.participants),
    effective_from: Type.Optional(EffectiveFrom),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateLayerInput = Static<typeof UpdateLayerInput>;

export const SetParticipantsInput = Type.Object(
  { participants: layerFields.participants, effective_from: Type.Optional(EffectiveFrom) },
  { additionalProperties: false },
);
export type SetParticipantsInput = Static<typeof SetParticipantsInput>;

export const Participant = Type.Object({
  user_id: Type.String(),
  name: Type.Union([Type.String(), Type.Null()], { description: 'null when the user was deleted' }),
});

export const LayerVersion = Type.Object({
  effective_from: Timestamp,
  time_zone: Type.String(),
  start_date: Type.String(),
  handoff_time: Type.String(),
  shift_length: Type.Integer(),
  shift_unit: StringEnum(SHIFT_UNITS),
  end: NullableTimestamp,
  restrictions: Type.Array(Restriction),
  participants: Type.Array(Type.String()),
});
export type LayerVersionView = Static<typeof LayerVersion>;

export const Layer = Type.Object({
  id: Type.String(),
  schedule_id: Type.String(),
  name: Type.String(),
  order: Type.Integer(),
  time_zone: Type.String(),
  start_date: Type.String(),
  handoff_time: Type.String(),
  shift_length: Type.Integer(),
  shift_unit: StringEnum(SHIFT_UNITS),
  end: NullableTimestamp,
  restrictions: Type.Array(Restriction),
  participants: Type.Array(Participant),
  effective_from: Timestamp,
  versions: Type.Array(LayerVersion, {
    description: 'every configuration, oldest first; past ones are kept',
  }),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type LayerView = Static<typeof Layer>;

export const Schedule = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  team_id: Type.String(),
  time_zone: Type.String(),
  layers: Type.Array(Layer, { description: 'lowest first' }),
  revision: Type.String({
    description:
      'changes whenever the schedule or any of its layers or layer versions does; send it back as ' +
      'if_revision with PUT so a save made on a stale copy is refused (409)',
  }),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type ScheduleView = Static<typeof Schedule>;

export const CreateScheduleInput = Type.Object(
  {
    name: Name,
    team_id: Id('the owning team'),
    time_zone: Type.Optional(TimeZone),
    description: Type.Optional(Description),
    layers: Type.Optional(Type.Array(CreateLayerInput, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type CreateScheduleInput = Static<typeof CreateScheduleInput>;

export const UpdateScheduleInput = Type.Object(
  {
    name: Type.Optional(Name),
    team_id: Type.Optional(Id('the owning team')),
    time_zone: Type.Optional(TimeZone),
    description: Type.Optional(Description),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateScheduleInput = Static<typeof UpdateScheduleInput>;

export const ListSchedulesQuery = Type.Object(
  {
    ...PageQuery,
    team_id: Type.Optional(Id('only schedules of this team')),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'substring of the name' })),
  },
  { additionalProperties: false },
);
export type ListSchedulesQuery = Static<typeof ListSchedulesQuery>;

export const LayerParams = Type.Object({ id: Id(), layerId: Id() });
export const ParticipantParams = Type.Object({ id: Id(), layerId: Id(), userId: Id() });
export const OverrideParams = Type.Object({ id: Id(), overrideId: Id() });

export const Override = Type.Object({
  id: Type.String(),
  schedule_id: Type.String(),
  user_id: Type.String(),
  user_name: Type.String(),
  start: Timestamp,
  end: Timestamp,
  swap_id: NullableString,
  created_by: Type.String(),
  created_at: Timestamp,
});
export type OverrideView = Static<typeof Override>;

export const CreateOverrideInput = Type.Object(
  {
    user_id: Type.Optional(Id('who is on call instead; defaults to you')),
    start: Timestamp,
    end: Timestamp,
  },
  { additionalProperties: false },
);
export type CreateOverrideInput = Static<typeof CreateOverrideInput>;

export const PeriodQuery = Type.Object(
  { ...PageQuery, from: Type.Optional(Timestamp), to: Type.Optional(Timestamp) },
  { additionalProperties: false },
);
export type PeriodQuery = Static<typeof PeriodQuery>;

export const ShiftsQuery = Type.Object({ from: Timestamp, to: Timestamp }, { additionalProperties: false });

export const Shift = Type.Object({
  user_id: Type.String(),
  user_name: NullableString,
  start: Timestamp,
  end: Timestamp,
  source: StringEnum(SHIFT_SOURCES),
  source_id: Type.String({ description: 'the layer, override or temporary schedule' }),
});
export type ShiftView = Static<typeof Shift>;

export const Gap = Type.Object({ start: Timestamp, end: Timestamp });

export const Shifts = Type.Object({
  schedule_id: Type.String(),
  from: Timestamp,
  to: Timestamp,
  data: Type.Array(Shift, { description: 'clipped to [from, to)' }),
  gaps: Type.Array(Gap, { description: 'where nobody is on call' }),
});
export type ShiftsView = Static<typeof Shifts>;

export const GapsQuery = Type.Object(
  { days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, description: 'look ahead (default 14)' })) },
  { additionalProperties: false },
);
export const Gaps = Type.Object({
  schedule_id: Type.String(),
  from: Timestamp,
  to: Timestamp,
  data: Type.Array(Gap),
});

export const OnCallQuery = Type.Object(
  {
    ...PageQuery,
    at: Type.Optional(Timestamp),
    team_id: Type.Optional(Id('only schedules of this team')),
    schedule_id: Type.Optional(Id('only this schedule')),
  },
  { additionalProperties: false },
);
export type OnCallQuery = Static<typeof OnCallQuery>;

export const OnCallEntry = Type.Object({
  schedule_id: Type.String(),
  schedule_name: Type.String(),
  team_id: Type.String(),
  user_id: NullableString,
  user_name: NullableString,
  source: Type.Union([StringEnum(SHIFT_SOURCES), Type.Null()]),
  source_id: NullableString,
  shift_start: Type.Union([Timestamp, Type.Null()], { description: 'looked for up to 31 days back' }),
  shift_end: Type.Union([Timestamp, Type.Null()], { description: 'looked for up to 31 days ahead' }),
});
export type OnCallEntryView = Static<typeof OnCallEntry>;

export const OnCall = Type.Object({
  at: Timestamp,
  data: Type.Array(OnCallEntry, { description: 'user null: nobody is on call (a gap)' }),
  next_cursor: NullableString,
});
