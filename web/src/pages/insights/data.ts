import { useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { api } from '../../api.ts';
import { duration } from '../incident/Facts.tsx';

/**
 * The insights pages' reads (GET /api/v1/insights/<report>). The filters live in the page's URL
 * as dates (YYYY-MM-DD, the person's own days, both ends included) and the API's ids, so a
 * report can be bookmarked or shared and every section shows the same period and scope.
 */
export type Report = 'response' | 'frequency' | 'oncall-health' | 'alert-quality' | 'process-health';

/** What each report takes besides the period (the API refuses a parameter it does not know). */
const TAKES: Record<Report, readonly string[]> = {
  response: ['team_id', 'service_id', 'severity', 'group_by'],
  frequency: ['team_id', 'service_id', 'severity'],
  'oncall-health': ['team_id'],
  'alert-quality': ['team_id', 'service_id', 'severity'],
  'process-health': ['team_id', 'service_id', 'severity'],
};

export const takesFilter = (report: Report, key: string) => TAKES[report].includes(key);

export const DEFAULT_DAYS = 28;

/** The period the URL asks for, or the last 28 days (today included). */
export function period(params: URLSearchParams): { from: string; to: string } {
  const today = DateTime.now().toISODate();
  const valid = (v: string | null) => (v !== null && DateTime.fromISO(v).isValid ? v : null);
  const to = valid(params.get('to')) ?? today;
  const from =
    valid(params.get('from')) ??
    DateTime.fromISO(to)
      .minus({ days: DEFAULT_DAYS - 1 })
      .toISODate()!;
  return { from, to };
}

/**
 * The API's query for `report`: the period as instants (midnight where the person is; the end
 * is exclusive, so the day after `to`), left open at the end when it reaches today so the
 * server's "now" ends it, and the filters the report takes.
 */
export function reportQuery(report: Report, params: URLSearchParams): URLSearchParams {
  const { from, to } = period(params);
  const q = new URLSearchParams({ from: DateTime.fromISO(from).startOf('day').toUTC().toISO()! });
  const end = DateTime.fromISO(to).plus({ days: 1 }).startOf('day');
  if (end <= DateTime.now().startOf('day')) q.set('to', end.toUTC().toISO()!);
  for (const key of TAKES[report]) {
    const v = params.get(key);
    if (v !== null && v !== '') q.set(key, v);
  }
  return q;
}

export function useReport<T>(report: Report, params: URLSearchParams) {
  const query = reportQuery(report, params).toString();
  return useQuery({
    queryKey: ['insights', report, query],
    queryFn: () => api<T>('GET', `/insights/${report}?${query}`),
    staleTime: 60_000,
  });
}

/** The report's main table as CSV: a plain link, which the session cookie authorises. */
export function csvHref(report: Report, params: URLSearchParams): string {
  const q = reportQuery(report, params);
  q.set('format', 'csv');
  return `/api/v1/insights/${report}?${q.toString()}`;
}

export function csvName(report: Report, params: URLSearchParams): string {
  const { from, to } = period(params);
  return `tocsin-${report}-${from}-to-${to}.csv`;
}

/** A duration in seconds as a person reads it ("4 min 30 s"), or "no data". */
export const seconds = (s: number | null | undefined) =>
  s === null || s === undefined ? 'no data' : duration(s);

/** A 0..1 rate as a whole percentage, or "no data". */
export const percent = (r: number | null | undefined) =>
  r === null || r === undefined ? 'no data' : `${Math.round(r * 100)} %`;

/** A week's Monday (the API's ISO weeks) as "1 Dec". */
export const weekLabel = (iso: string) =>
  DateTime.fromISO(iso, { zone: 'utc' }).toLocaleString({ day: 'numeric', month: 'short' });

/** A per-week or average figure to one decimal ("1.5"), whole numbers without one. */
export const decimal = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
