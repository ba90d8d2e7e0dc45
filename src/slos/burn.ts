/**
 * The arithmetic of SLOs, pure and with the clock passed in (no I/O): burn rates over windows,
 * the multiwindow multi-burn-rate alert decision of the Google SRE Workbook (ch. 5, "Alerting on
 * SLOs"), and the error budget. The engine (evaluate.ts) reads the counts and acts on the answer.
 */

/** The windows an alert may use. Up to 6 h they are summed from minute buckets, 1 d and 3 d from hours. */
export const WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export type Window = (typeof WINDOWS)[number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const WINDOW_MS: Readonly<Record<Window, number>> = {
  '5m': 5 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': HOUR,
  '2h': 2 * HOUR,
  '6h': 6 * HOUR,
  '1d': DAY,
  '3d': 3 * DAY,
};

/** Windows longer than this are summed from hour buckets (the minutes are not kept that long). */
export const MINUTE_WINDOW_LIMIT_MS = 6 * HOUR;

export const SLO_WINDOW_DAYS = [7, 28, 30] as const;

export interface Counts {
  good: number;
  total: number;
}

export interface AlertRule {
  name: string;
  longWindow: Window;
  shortWindow: Window;
  burnRate: number;
  severity: 'critical' | 'error' | 'warning' | 'info';
}

/** The workbook's table 5-8: two pages and a ticket for a 30-day SLO. */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = [
  { name: 'page-fast', longWindow: '1h', shortWindow: '5m', burnRate: 14.4, severity: 'critical' },
  { name: 'page-slow', longWindow: '6h', shortWindow: '30m', burnRate: 6, severity: 'critical' },
  { name: 'ticket', longWindow: '3d', shortWindow: '6h', burnRate: 1, severity: 'warning' },
];

/**
 * Error ratio over the budget's ratio. No traffic is not an outage: zero events burn nothing and
 * answer null, which no threshold exceeds.
 */
export function burnRate(c: Counts, objective: number): number | null {
  if (!(c.total > 0)) return null;
  const errors = Math.max(0, c.total - c.good);
  return errors / c.total / (1 - objective);
}

/**
 * Whether a burn rate has reached a threshold. At least, not strictly over: the workbook's
 * example thresholds are exactly what a steady error rate produces (1.44% on 99.9% is 14.4x), and
 * 0.0144 / 0.001 is 14.399999999999999 in binary floating point; the relative tolerance keeps
 * such a rate on the paging side.
 */
export function reaches(rate: number | null, threshold: number): boolean {
  return rate !== null && rate >= threshold * (1 - 1e-9);
}

export type BurnRates = Partial<Record<Window, number | null>>;

export interface AlertDecision {
  /** Rules whose both windows reached their burn rate and that were not firing. */
  fire: AlertRule[];
  /** Firing rules whose short window dropped below their burn rate (or saw no traffic). */
  resolve: AlertRule[];
}

/**
 * The multiwindow rule: a rule fires when both its long and its short window burn at or above
 * its rate; the long window makes it significant (that much budget is spent), the short one makes
 * it current. Once firing it resolves when the short window drops below the rate, which is
 * within the short window's length after the errors stop, whatever the long window still says.
 */
export function decideAlerts(
  rules: readonly AlertRule[],
  rates: BurnRates,
  firing: ReadonlySet<string>,
): AlertDecision {
  const fire: AlertRule[] = [];
  const resolve: AlertRule[] = [];
  for (const r of rules) {
    const short = rates[r.shortWindow] ?? null;
    const long = rates[r.longWindow] ?? null;
    if (firing.has(r.name)) {
      if (!reaches(short, r.burnRate)) resolve.push(r);
    } else if (reaches(long, r.burnRate) && reaches(short, r.burnRate)) {
      fire.push(r);
    }
  }
  return { fire, resolve };
}

export interface Budget {
  /** Of the budget, what is left: 1 untouched, 0 spent, below 0 overspent; null without traffic. */
  remaining: number | null;
  /** Minutes of full outage the rest of the budget allows at the window's traffic. */
  remainingMinutes: number | null;
  /** The whole budget as minutes of full outage: the window's minutes times (1 - objective). */
  allowedMinutes: number;
  errorRatio: number | null;
  /**
   * When the budget runs out if the current burn rate holds (events leaving the window are not
   * credited back, so this errs early); null when nothing burns or it is already spent.
   */
  exhaustedAt: number | null;
}

export function errorBudget(
  window: Counts,
  objective: number,
  windowDays: number,
  currentBurn: number | null,
  now: number,
): Budget {
  const allowedMinutes = windowDays * 1440 * (1 - objective);
  const rate = burnRate(window, objective);
  if (rate === null) {
    return { remaining: null, remainingMinutes: null, allowedMinutes, errorRatio: null, exhaustedAt: null };
  }
  const remaining = 1 - rate;
  const exhaustedAt =
    currentBurn !== null && currentBurn > 0 && remaining > 0
      ? now + Math.round((remaining * windowDays * DAY) / currentBurn)
      : null;
  return {
    remaining,
    remainingMinutes: remaining * allowedMinutes,
    allowedMinutes,
    errorRatio: rate * (1 - objective),
    exhaustedAt,
  };
}

export type SloStatus = 'ok' | 'burning' | 'exhausted' | 'unknown' | 'no_data';

/** One word for lists: unknown (no reading) first, then an alert firing, then a spent budget. */
export function statusOf(opts: { unknown: boolean; firing: number; remaining: number | null }): SloStatus {
  if (opts.unknown) return 'unknown';
  if (opts.firing > 0) return 'burning';
  if (opts.remaining === null) return 'no_data';
  if (opts.remaining <= 0) return 'exhausted';
  return 'ok';
}

/** The start of the minute holding `t`: buckets and evaluations are per whole minute. */
export function minuteOf(t: number): number {
  return t - (((t % MINUTE) + MINUTE) % MINUTE);
}

export function hourOf(t: number): number {
  return t - (((t % HOUR) + HOUR) % HOUR);
}

export { MINUTE, HOUR, DAY };
