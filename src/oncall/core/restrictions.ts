import { type Interval, type Restriction, WEEKDAYS } from './types.ts';
import { DAY, WEEK, weekStart } from './zone.ts';

/** Minutes after midnight of an "HH:MM" wall-clock time. */
export function clockMs(time: string): number {
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return (hh * 60 + mm) * 60_000;
}

/**
 * Restrictions as sorted, merged windows of the week (ms since Monday 00:00, within [0, WEEK)).
 * `undefined` means the layer is never restricted (no restrictions, or windows covering it all).
 */
export function weekWindows(restrictions: Restriction[]): Interval[] | undefined {
  if (restrictions.length === 0) return undefined;
  const raw: Interval[] = [];
  const add = (start: number, end: number) => {
    // A window that runs past Sunday midnight continues at Monday 00:00.
    if (end <= WEEK) raw.push({ start, end });
    else {
      raw.push({ start, end: WEEK });
      raw.push({ start: 0, end: end - WEEK });
    }
  };
  for (const r of restrictions) {
    const s = clockMs(r.start);
    const e = clockMs(r.end);
    switch (r.type) {
      case 'daily':
        for (let d = 0; d < 7; d++) add(d * DAY + s, d * DAY + (e > s ? e : e + DAY));
        break;
      case 'weekly': {
        const ws = WEEKDAYS.indexOf(r.start_day) * DAY + s;
        const we = WEEKDAYS.indexOf(r.end_day) * DAY + e;
        add(ws, we > ws ? we : we + WEEK);
        break;
      }
    }
  }
  raw.sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const w of raw) {
    const last = merged[merged.length - 1];
    if (last !== undefined && w.start <= last.end) last.end = Math.max(last.end, w.end);
    else merged.push({ ...w });
  }
  if (merged.length === 1 && merged[0]!.start === 0 && merged[0]!.end === WEEK) return undefined;
  return merged;
}

/** The parts of local range [from, to) inside the windows, merged across week boundaries. */
export function activeLocal(windows: Interval[], from: number, to: number): Interval[] {
  const out: Interval[] = [];
  for (let w = weekStart(from); w < to; w += WEEK) {
    for (const win of windows) {
      const s = Math.max(from, w + win.start);
      const e = Math.min(to, w + win.end);
      if (s >= e) continue;
      const last = out[out.length - 1];
      if (last !== undefined && last.end === s) last.end = e;
      else out.push({ start: s, end: e });
    }
  }
  return out;
}
