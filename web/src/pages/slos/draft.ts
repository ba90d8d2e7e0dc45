import { ApiError } from '../../api.ts';
import { fieldError } from '../../form-errors.ts';
import {
  type AlertRuleView,
  type BurnWindow,
  DEFAULT_ALERTS,
  type SloSeverity,
  type SloView,
  toFraction,
  toPercent,
} from './model.ts';

/** One burn-rate alert row of the form, keyed for React; the burn rate as typed. */
export interface RuleRow {
  key: number;
  name: string;
  long_window: BurnWindow;
  short_window: BurnWindow;
  burn_rate: number | string;
  severity: SloSeverity;
}

/** What the SLO form holds until it is saved, as its controls show it. */
export interface SloDraft {
  service_id: string;
  name: string;
  description: string;
  /** A percentage as typed (99.9), or '' while the box is empty. */
  objective: number | string;
  window_days: number;
  kind: 'events' | 'prometheus';
  prometheus_url: string;
  /** Which query the person writes next to the total: good events, or errors. */
  counts: 'good' | 'error';
  query: string;
  total_query: string;
  alerts: RuleRow[];
  exclude_maintenance: boolean;
  unknown_alert_after_minutes: number | string;
}

const rowsOf = (alerts: AlertRuleView[]): RuleRow[] => alerts.map((a, key) => ({ key, ...a }));

export function newDraft(serviceId: string): SloDraft {
  return {
    service_id: serviceId,
    name: '',
    description: '',
    objective: 99.9,
    window_days: 30,
    kind: 'events',
    prometheus_url: '',
    counts: 'good',
    query: '',
    total_query: '',
    alerts: rowsOf(DEFAULT_ALERTS),
    exclude_maintenance: true,
    unknown_alert_after_minutes: 10,
  };
}

export function draftOf(slo: SloView): SloDraft {
  const prom = slo.sli.kind === 'prometheus' ? slo.sli : undefined;
  return {
    service_id: slo.service_id,
    name: slo.name,
    description: slo.description,
    objective: toPercent(slo.objective),
    window_days: slo.window_days,
    kind: slo.sli.kind,
    prometheus_url: prom?.prometheus_url ?? '',
    counts: prom !== undefined && (prom.good_query ?? null) === null ? 'error' : 'good',
    query: prom?.good_query ?? prom?.error_query ?? '',
    total_query: prom?.total_query ?? '',
    alerts: rowsOf(slo.alerts),
    exclude_maintenance: slo.exclude_maintenance,
    unknown_alert_after_minutes: slo.unknown_alert_after_minutes,
  };
}

/** A number as typed; what is not a number yet goes as typed, for the API to name the field. */
const num = (v: number | string) => (typeof v === 'number' ? v : v.trim() === '' ? null : Number(v));

function sliOf(d: SloDraft) {
  if (d.kind === 'events') return { kind: 'events' };
  return {
    kind: 'prometheus',
    prometheus_url: d.prometheus_url.trim(),
    good_query: d.counts === 'good' ? d.query.trim() : null,
    error_query: d.counts === 'error' ? d.query.trim() : null,
    total_query: d.total_query.trim(),
  };
}

/** Every field but the service, as both POST and PATCH take them. */
function fieldsOf(d: SloDraft) {
  const objective = num(d.objective);
  return {
    name: d.name.trim(),
    description: d.description,
    objective: objective === null ? null : toFraction(objective),
    window_days: d.window_days,
    sli: sliOf(d),
    alerts: d.alerts.map((r) => ({
      name: r.name.trim(),
      long_window: r.long_window,
      short_window: r.short_window,
      burn_rate: num(r.burn_rate),
      severity: r.severity,
    })),
    exclude_maintenance: d.exclude_maintenance,
    unknown_alert_after_minutes: num(d.unknown_alert_after_minutes),
  };
}

export const createBody = (d: SloDraft) => ({ service_id: d.service_id, ...fieldsOf(d) });

/** The PATCH body: only what changed. */
export function patchOf(d: SloDraft, slo: SloView): Record<string, unknown> {
  const now = fieldsOf(d);
  const was = fieldsOf(draftOf(slo));
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(now) as (keyof typeof now)[]) {
    if (JSON.stringify(now[key]) !== JSON.stringify(was[key])) changed[key] = now[key];
  }
  return changed;
}

/**
 * Where a failed save shows: a 400 at the control it names (`body.objective`, `body.sli.good_query`,
 * an alert's part at its row: `body.alerts.0.short_window`), a 409 (a name already taken in the
 * service) at the name; anything else (a 403, a network failure) above the buttons.
 */
export function saveErrors(e: unknown, d: SloDraft) {
  const f = fieldError(e);
  const at = (name: string) => (f?.field === name ? f.message : undefined);
  const sli = (sub: string) => (f?.field === 'sli' && f.sub === sub ? f.message : undefined);
  const nameTaken = e instanceof ApiError && e.status === 409;
  const alertRow = f?.field === 'alerts' && f.index !== undefined ? d.alerts[f.index]?.key : undefined;
  const byField = {
    service_id: at('service_id'),
    name: nameTaken ? e.message : at('name'),
    description: at('description'),
    objective: at('objective'),
    window_days: at('window_days'),
    kind: f?.field === 'sli' && (f.sub === undefined || f.sub === 'kind') ? f.message : undefined,
    prometheus_url: sli('prometheus_url'),
    query: sli(d.counts === 'good' ? 'good_query' : 'error_query') ?? sli('good_query') ?? sli('error_query'),
    total_query: sli('total_query'),
    alerts: f?.field === 'alerts' && alertRow === undefined ? f.message : undefined,
    exclude_maintenance: at('exclude_maintenance'),
    unknown_alert_after_minutes: at('unknown_alert_after_minutes'),
  };
  const shown = Object.values(byField).some((m) => m !== undefined) || alertRow !== undefined;
  const other =
    e === null || e === undefined || shown
      ? undefined
      : e instanceof Error
        ? e.message
        : 'The request failed.';
  return { byField, alertRow, alertSub: f?.sub, alertMessage: f?.message, other };
}
export type SaveErrors = ReturnType<typeof saveErrors>;
