import { DateTime, Interval } from 'luxon';
import type { ShiftView, TimeOffView } from '../../types.ts';

/** What the calendar shows: day, week (Monday first, as luxon and ISO have it) or month. */
export const VIEWS = ['day', 'week', 'month'] as const;
export type View = (typeof VIEWS)[number];

/** The days a view covers around `date`, in the schedule's zone; a month shows whole weeks. */
export function daysOf(view: View, date: DateTime): DateTime[] {
  let start = date.startOf(view === 'day' ? 'day' : view);
  let end = start.plus({ [view]: 1 });
  if (view === 'month') {
    start = start.startOf('week');
    end = end.minus({ days: 1 }).endOf('week').plus({ milliseconds: 1 });
  }
  const days: DateTime[] = [];
  for (let d = start; d < end; d = d.plus({ days: 1 })) days.push(d);
  return days;
}

/** One thing drawn in a day: the part of a shift, gap or time off that falls within it. */
export interface Segment {
  kind: 'shift' | 'gap' | 'time-off';
  start: DateTime;
  end: DateTime;
  /** Where it started and ends beyond this day: a shift is picked whole for an override. */
  whole: Interval<true>;
  shift?: ShiftView;
  timeOff?: TimeOffView;
}

interface Timed {
  start: string;
  end: string;
}

/** Everything overlapping `day` (in the zone of `day`), clipped to it, in time order. */
export function segmentsOf(
  day: DateTime,
  shifts: ShiftView[],
  gaps: Timed[],
  timeOff: TimeOffView[],
): Segment[] {
  const dayStart = day.startOf('day');
  const dayEnd = dayStart.plus({ days: 1 });
  const out: Segment[] = [];
  const add = (kind: Segment['kind'], t: Timed, extra: Partial<Segment>) => {
    const whole = Interval.fromDateTimes(
      DateTime.fromISO(t.start, { zone: day.zone }),
      DateTime.fromISO(t.end, { zone: day.zone }),
    );
    if (!whole.isValid || whole.end <= dayStart || whole.start >= dayEnd) return;
    const start = whole.start < dayStart ? dayStart : whole.start;
    const end = whole.end > dayEnd ? dayEnd : whole.end;
    out.push({ kind, start, end, whole, ...extra });
  };
  for (const s of shifts) add('shift', s, { shift: s });
  for (const g of gaps) add('gap', g, {});
  for (const t of timeOff) add('time-off', t, { timeOff: t });
  return out.sort((a, b) => a.start.toMillis() - b.start.toMillis());
}

/** "08:00–20:00", or "08:00–24:00" for what runs to the end of the day. */
export function hours(s: Segment): string {
  const end = s.end.equals(s.start.startOf('day').plus({ days: 1 })) ? '24:00' : s.end.toFormat('HH:mm');
  return `${s.start.toFormat('HH:mm')}–${end}`;
}

/** The whole span, for names read aloud and the override form: "Mon 7 Dec 08:00 – Tue 8 Dec 08:00". */
export function span(i: Interval<true>): string {
  return `${i.start.toFormat('ccc d LLL HH:mm')} – ${i.end.toFormat('ccc d LLL HH:mm')}`;
}

/**
 * A colour per person, the same on every page and visit for the same set of people: each takes
 * the palette slot its id hashes to, or the next free one, so people on one schedule differ.
 */
// Hues far apart, so neighbours in a week read as different people; no red: red marks a gap.
const PALETTE = ['blue', 'orange', 'grape', 'lime', 'teal', 'yellow', 'pink'];

export function personColors(userIds: Iterable<string>): Map<string, string> {
  const ids = [...new Set(userIds)].sort();
  const taken = new Set<number>();
  const colors = new Map<string, string>();
  for (const id of ids) {
    let slot = [...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % PALETTE.length;
    for (let i = 0; taken.has(slot) && i < PALETTE.length; i++) slot = (slot + 1) % PALETTE.length;
    taken.add(slot);
    colors.set(id, PALETTE[slot]!);
  }
  return colors;
}
