import type {
  CreateLayerInput,
  PreviewInput,
  RestrictionInput,
  ScheduleView,
  ShiftUnit,
} from '../../types.ts';

/**
 * A layer as the editor holds it while it is changed: the body the API takes for a layer plus
 * the id of the layer it edits (none for a layer to add). A stable `key` keeps React's rows in
 * place while layers are added and removed.
 */
export interface LayerDraft {
  key: string;
  id: string | undefined;
  name: string;
  order: number | undefined;
  time_zone: string;
  start_date: string;
  handoff_time: string;
  shift_length: number;
  shift_unit: ShiftUnit;
  restrictions: RestrictionInput[];
  participants: string[];
}

export const WEEKDAY_NAMES = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
} as const;

export function draftOf(l: ScheduleView['layers'][number]): LayerDraft {
  return {
    key: l.id,
    id: l.id,
    name: l.name,
    order: l.order,
    time_zone: l.time_zone,
    start_date: l.start_date,
    handoff_time: l.handoff_time,
    shift_length: l.shift_length,
    shift_unit: l.shift_unit,
    restrictions: l.restrictions,
    participants: l.participants.map((p) => p.user_id),
  };
}

let counter = 0;
export function newDraft(zone: string, startDate: string, order: number): LayerDraft {
  counter += 1;
  return {
    key: `new-${counter}`,
    id: undefined,
    name: `Layer ${order}`,
    order,
    time_zone: zone,
    start_date: startDate,
    handoff_time: '09:00',
    shift_length: 1,
    shift_unit: 'weeks',
    restrictions: [],
    participants: [],
  };
}

/** The layer's body for POST (a new layer) or PATCH (its rotation settings from now on). */
export function layerBody(d: LayerDraft): CreateLayerInput {
  return {
    name: d.name,
    ...(d.order === undefined ? {} : { order: d.order }),
    time_zone: d.time_zone,
    start_date: d.start_date,
    handoff_time: d.handoff_time,
    shift_length: d.shift_length,
    shift_unit: d.shift_unit,
    restrictions: d.restrictions,
    participants: d.participants,
  };
}

/** The layer as preview and save take it: with its id when it edits a saved layer. */
export function layerWithId(d: LayerDraft): PreviewInput['layers'][number] {
  return { ...(d.id === undefined ? {} : { id: d.id }), ...layerBody(d) };
}

/** What the preview names a layer's shifts by: its id, or `new:<index>` for one not saved yet. */
export function sourceOf(d: LayerDraft, index: number): string {
  return d.id ?? `new:${index}`;
}
