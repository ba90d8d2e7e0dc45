import type { ComponentStatus } from '../../platform/db/tables/status-page.ts';

/**
 * A component's 90-day uptime (the bars on the public page), computed from its status history
 * (status_component_changes: one row per status it entered). Pure: the clock is passed in.
 *
 * The rule is Atlassian Statuspage's "uptime showcase" (help.statuspage.io/help/uptime-calendar,
 * "How it works: driven by component states"): uptime comes from the minutes a component spent in
 * each state. Minutes in major outage count fully as downtime; minutes in partial outage count
 * 30% (PARTIAL_OUTAGE_WEIGHT); degraded performance and under maintenance are not downtime.
 * Uptime = (tracked minutes - downtime) / tracked minutes. Days are UTC days, as the page shows
 * them in UTC without JavaScript. Days before the component was tracked (its start_date, else its
 * creation) have no data and count for nothing: a component added last week is not 100% "up"
 * for the 83 days before it existed, nor down.
 */

export const UPTIME_DAYS = 90;
export const PARTIAL_OUTAGE_WEIGHT = 0.3;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Worst last: the order a day's bar colour and an overall status are chosen by. */
export const STATUS_ORDER: readonly ComponentStatus[] = [
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
];

export function worstStatus(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let worst: ComponentStatus = 'operational';
  for (const s of statuses) if (STATUS_ORDER.indexOf(s) > STATUS_ORDER.indexOf(worst)) worst = s;
  return worst;
}

export interface StatusChange {
  status: ComponentStatus;
  at: number;
}

export type StatusMinutes = Record<ComponentStatus, number>;

export interface UptimeDay {
  /** The UTC day, YYYY-MM-DD. */
  date: string;
  /** Minutes in each status that day (today: until now); null before the component was tracked. */
  minutes: StatusMinutes | null;
  /** The worst status entered that day: the bar's colour. Null when there is no data. */
  worst: ComponentStatus | null;
}

export interface Uptime {
  /** Oldest first, today last. */
  days: UptimeDay[];
  /** 0..100 over the tracked minutes of the window; null when nothing was tracked. */
  percent: number | null;
}

/** When a component's bars begin: its start_date (midnight UTC), else its creation. */
export function trackedFrom(startDate: string | null, createdAt: number): number {
  if (startDate === null) return createdAt;
  const t = Date.parse(`${startDate}T00:00:00Z`);
  return Number.isNaN(t) ? createdAt : t;
}

const emptyMinutes = (): StatusMinutes => ({
  operational: 0,
  under_maintenance: 0,
  degraded_performance: 0,
  partial_outage: 0,
  major_outage: 0,
});

/**
 * `changes` in any order; a change at or before `from` sets the status the window starts in
 * (none: operational, as Statuspage assumes for a start_date earlier than the first record).
 */
export function computeUptime(args: {
  changes: readonly StatusChange[];
  from: number;
  now: number;
  days?: number;
}): Uptime {
  const { from, now } = args;
  const dayCount = args.days ?? UPTIME_DAYS;
  const changes = [...args.changes].sort((a, b) => a.at - b.at);
  const firstDay = (Math.floor(now / DAY_MS) - dayCount + 1) * DAY_MS;
  const ms: (StatusMinutes | null)[] = Array.from({ length: dayCount }, () => null);
  const worst: (Set<ComponentStatus> | null)[] = Array.from({ length: dayCount }, () => null);

  // Walk the history as segments [start, end) in one status, adding each to the days it spans.
  const add = (status: ComponentStatus, start: number, end: number) => {
    let t = Math.max(start, from, firstDay);
    const stop = Math.min(end, now);
    while (t < stop) {
      const day = Math.floor((t - firstDay) / DAY_MS);
      const dayEnd = firstDay + (day + 1) * DAY_MS;
      const upTo = Math.min(stop, dayEnd);
      const bucket = (ms[day] ??= emptyMinutes());
      bucket[status] += upTo - t;
      (worst[day] ??= new Set()).add(status);
      t = upTo;
    }
  };
  let status: ComponentStatus = 'operational';
  let since = from;
  for (const c of changes) {
    if (c.at <= from) {
      status = c.status;
      continue;
    }
    add(status, since, c.at);
    status = c.status;
    since = c.at;
  }
  add(status, since, now);

  let tracked = 0;
  let down = 0;
  const days = ms.map((bucket, i): UptimeDay => {
    const date = new Date(firstDay + i * DAY_MS).toISOString().slice(0, 10);
    if (bucket === null) return { date, minutes: null, worst: null };
    const minutes = emptyMinutes();
    for (const s of STATUS_ORDER) {
      minutes[s] = Math.round(bucket[s] / MINUTE_MS);
      tracked += minutes[s];
    }
    down += minutes.major_outage + PARTIAL_OUTAGE_WEIGHT * minutes.partial_outage;
    return { date, minutes, worst: worstStatus(worst[i] ?? []) };
  });
  return { days, percent: tracked === 0 ? null : (100 * (tracked - down)) / tracked };
}

/** "99.95": two decimals, rounded down so a day of downtime never shows as 100.00. */
export function formatPercent(percent: number): string {
  return (Math.floor(percent * 100) / 100).toFixed(2);
}

const STATUS_WORDS: Record<ComponentStatus, string> = {
  operational: 'operational',
  under_maintenance: 'under maintenance',
  degraded_performance: 'degraded performance',
  partial_outage: 'partial outage',
  major_outage: 'major outage',
};

export function statusWords(status: ComponentStatus): string {
  return STATUS_WORDS[status];
}

function duration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A day's text alternative, e.g. "3 Dec: 12 min partial outage" or "3 Dec: no downtime": what a
 * screen reader says for a bar and a mouse shows on hover. Worst first; operational is implied.
 */
export function describeDay(day: UptimeDay): string {
  const [, month, date] = day.date.split('-').map(Number) as [number, number, number];
  const label = `${date} ${MONTHS[month - 1]!}`;
  if (day.minutes === null) return `${label}: no data`;
  const parts = [...STATUS_ORDER]
    .reverse()
    // The day's worst status counts even under a minute (an outage that began seconds ago
    // colours the bar already; its text must not say "no downtime").
    .filter((s) => s !== 'operational' && (day.minutes![s] > 0 || s === day.worst))
    .map((s) => `${day.minutes![s] > 0 ? duration(day.minutes![s]) : 'under 1 min'} ${STATUS_WORDS[s]}`);
  return `${label}: ${parts.length === 0 ? 'no downtime' : parts.join(', ')}`;
}
