import type { LayerSpec, LayerVersionSpec, Restriction, ScheduleSpec, Shift } from './types.ts';

/** Builders for the core's unit tests: small literal specs with readable defaults. */
export const at = (iso: string): number => Date.parse(iso);

/** A small deterministic PRNG (mulberry32), so every run checks or measures the same data. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function version(over: Partial<LayerVersionSpec> = {}): LayerVersionSpec {
  return {
    effectiveFrom: -Infinity,
    timeZone: 'UTC',
    startDate: '2024-01-01',
    handoffTime: '09:00',
    shiftLength: 1,
    shiftUnit: 'days',
    end: null,
    restrictions: [],
    participants: ['alice', 'bob', 'carol'],
    rotationOffset: 0,
    ...over,
  };
}

export function layer(
  id: string,
  over: Partial<LayerVersionSpec> = {},
  more: LayerVersionSpec[] = [],
): LayerSpec {
  return { id, versions: [version(over), ...more] };
}

export function schedule(over: Partial<ScheduleSpec> = {}): ScheduleSpec {
  return {
    id: 'sch',
    layers: [],
    overrides: [],
    temporarySchedules: [],
    timeOff: [],
    unavailable: [],
    ...over,
  };
}

export const daily = (start: string, end: string): Restriction => ({ type: 'daily', start, end });

/** Shifts as `user start end` lines with ISO instants, easy to compare and to read in a diff. */
export function lines(list: Shift[]): string[] {
  return list.map((s) => `${s.userId} ${new Date(s.start).toISOString()} ${new Date(s.end).toISOString()}`);
}

/** The same in the given zone's wall-clock time, e.g. `alice 03-30 09:00 -> 03-31 09:00 (24h)`. */
export function localLines(list: Shift[], timeZone: string): string[] {
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const f = (t: number) => fmt.format(t).replace(',', '');
  return list.map((s) => `${s.userId} ${f(s.start)} -> ${f(s.end)} (${(s.end - s.start) / 3_600_000}h)`);
}

export const HOURS = 3_600_000;
