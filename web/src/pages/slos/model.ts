/**
 * How the SLO pages say the API's figures (src/slos/schemas.ts, through web/src/types.ts):
 * objectives as percentages, budgets as "62.3 %", burn rates as "2.4×", windows in words.
 */
import type { SloRuleView, SloStatus } from '../../types.ts';

export type {
  BudgetPolicyView,
  ReleaseGateView,
  SloAlertView,
  SloChartView,
  SloStatus,
  SloView,
} from '../../types.ts';
export type AlertRuleView = SloRuleView;
export type BurnWindow = SloRuleView['long_window'];
export type SloSeverity = SloRuleView['severity'];

/** The windows an alert may use, shortest first (src/slos/burn.ts). */
export const WINDOWS: readonly BurnWindow[] = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];
export const SLO_SEVERITIES: readonly SloSeverity[] = ['critical', 'error', 'warning', 'info'];
export const SLO_STATUSES: readonly SloStatus[] = ['ok', 'burning', 'exhausted', 'unknown', 'no_data'];
export const WINDOW_DAYS = [7, 28, 30] as const;

/** The defaults the API gives an SLO created without alerts (CONTRACT.md): the form starts from them. */
export const DEFAULT_ALERTS: AlertRuleView[] = [
  { name: 'page-fast', long_window: '1h', short_window: '5m', burn_rate: 14.4, severity: 'critical' },
  { name: 'page-slow', long_window: '6h', short_window: '30m', burn_rate: 6, severity: 'critical' },
  { name: 'ticket', long_window: '3d', short_window: '6h', burn_rate: 1, severity: 'warning' },
];

/** A fraction as a percentage without float noise: 0.999 is 99.9, not 99.89999999999999. */
export const toPercent = (fraction: number) => Number((fraction * 100).toPrecision(12));
/** A percentage as the fraction the API takes: 99.9 is 0.999, not 0.9990000000000001. */
export const toFraction = (percent: number) => Number((percent / 100).toPrecision(12));

/** "99.9 %", "99.95 %": the objective as people write it. */
export const objectiveText = (objective: number) => `${toPercent(objective)} %`;

/** "62.3 %" of the error budget left; "-35.0 %" once overspent. */
export function budgetText(remaining: number): string {
  return `${(remaining * 100).toFixed(1)} %`;
}

/** "14.4×", "0.25×"; "no traffic" when the window had none. */
export function burnText(rate: number | null): string {
  if (rate === null) return 'no traffic';
  const digits = rate >= 100 ? 0 : rate >= 10 ? 1 : 2;
  return `${rate.toFixed(digits)}×`;
}

/** "43 min", "2 h 5 min", "3 d 4 h": a length of full outage. */
export function minutesText(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return `${m} min`;
  if (m < 1440) return `${Math.floor(m / 60)} h${m % 60 === 0 ? '' : ` ${m % 60} min`}`;
  const h = Math.floor((m % 1440) / 60);
  return `${Math.floor(m / 1440)} d${h === 0 ? '' : ` ${h} h`}`;
}

const WINDOW_WORDS: Record<BurnWindow, string> = {
  '5m': '5 minutes',
  '30m': '30 minutes',
  '1h': '1 hour',
  '2h': '2 hours',
  '6h': '6 hours',
  '1d': '1 day',
  '3d': '3 days',
};
export const windowWords = (w: BurnWindow) => WINDOW_WORDS[w];

export const STATUS_WORDS: Record<SloStatus, string> = {
  ok: 'OK',
  burning: 'Burning',
  exhausted: 'Budget exhausted',
  unknown: 'Unknown',
  no_data: 'No data',
};

export const STATUS_COLORS: Record<SloStatus, string> = {
  ok: 'green.8',
  burning: 'orange.8',
  exhausted: 'red.8',
  unknown: 'gray.7',
  no_data: 'gray.7',
};

/** The SLO's page in the app, which is also its path under /api/v1. */
export const sloPath = (id: string) => `/slos/${encodeURIComponent(id)}`;
