import { Type, type Static } from '@sinclair/typebox';
import { Id, Name, Timestamp } from '../platform/http/schema.ts';
import { Description } from '../teams/schemas.ts';
import { TimeZone } from '../users/schemas.ts';
import { CreateLayerInput, Gap, Shift } from './schemas.ts';

export const PreviewLayer = Type.Object(
  {
    id: Type.Optional(Id('a layer of schedule_id: its settings change from now on; omit for a layer to add')),
    ...CreateLayerInput.properties,
  },
  { additionalProperties: false },
);
export type PreviewLayer = Static<typeof PreviewLayer>;

export const PreviewInput = Type.Object(
  {
    schedule_id: Type.Optional(Id('the schedule being edited; omit for a schedule not created yet')),
    team_id: Type.Optional(
      Id('the owning team of a schedule not created yet, or the team an edit moves schedule_id to'),
    ),
    time_zone: Type.Optional(TimeZone),
    layers: Type.Array(PreviewLayer, {
      maxItems: 20,
      description: "every layer as it would be saved; a schedule's layer left out is deleted",
    }),
    from: Timestamp,
    to: Timestamp,
  },
  { additionalProperties: false },
);
export type PreviewInput = Static<typeof PreviewInput>;

export const PreviewShifts = Type.Object({
  schedule_id: Type.Union([Type.String(), Type.Null()]),
  from: Type.String({
    format: 'date-time',
    description: 'the later of the asked from and now: saving changes nothing before now',
  }),
  to: Timestamp,
  data: Type.Array(Shift, {
    description: 'clipped to [from, to); a layer to add has source_id "new:<index in layers>"',
  }),
  gaps: Type.Array(Gap, { description: 'where nobody would be on call' }),
});
export type PreviewShiftsView = Static<typeof PreviewShifts>;

/** PUT /schedules/:id: the schedule as the editor has it, saved at once (src/oncall/replace.ts). */
export const ReplaceScheduleInput = Type.Object(
  {
    name: Type.Optional(Name),
    team_id: Type.Optional(Id('the owning team')),
    time_zone: Type.Optional(TimeZone),
    description: Type.Optional(Description),
    if_revision: Type.Optional(
      Type.String({
        maxLength: 100,
        description:
          'the revision of the schedule the editor loaded: when the schedule has changed since, the save ' +
          'is refused with 409 instead of overwriting (or deleting) what someone else saved',
      }),
    ),
    layers: Type.Array(PreviewLayer, {
      maxItems: 20,
      description:
        'every layer as it is to be: with id, an existing layer whose changed settings apply from now on ' +
        '(past shifts stay); without, a layer to add; a layer left out is deleted with its history',
    }),
  },
  { additionalProperties: false },
);
export type ReplaceScheduleInput = Static<typeof ReplaceScheduleInput>;
