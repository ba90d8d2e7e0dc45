/** SLOs (src/slos, issue 23): definitions, their last evaluation, and per-minute/hour counts. Times are ms. */
export interface SloTables {
  slos: SlosTable;
  slo_minutes: SloMinutesTable;
  slo_hours: SloHoursTable;
  slo_event_keys: SloEventKeysTable;
  slo_policies: SloPoliciesTable;
}

export type SliKind = 'events' | 'prometheus';
export type SloStatusName = 'ok' | 'burning' | 'exhausted' | 'unknown' | 'no_data';

export interface SlosTable {
  id: string;
  service_id: string;
  name: string;
  description: string;
  /** Decimal text, e.g. `0.999`: exact as written, parsed where used. */
  objective: string;
  window_days: number;
  sli_kind: SliKind;
  prometheus_url: string | null;
  good_query: string | null;
  error_query: string | null;
  total_query: string | null;
  /** JSON array of `{name, longWindow, shortWindow, burnRate, severity}` (slos/burn.ts AlertRule). */
  alert_rules: string;
  exclude_maintenance: number;
  unknown_alert_after_minutes: number;
  status: SloStatusName;
  status_reason: string | null;
  /** JSON: the last evaluation's budget and burn rates (slos/evaluation.ts), null before the first. */
  evaluation: string | null;
  /** JSON object: rule name -> `{since, alertId}` for the rules whose alert is open. */
  firing: string;
  /** Since when the Prometheus SLI could not be read; null while it can. */
  unknown_since: number | null;
  evaluated_at: number | null;
  /** Prometheus SLI: the end of the last minute read, so missed minutes are read back later. */
  fetched_until: number | null;
  next_eval_at: number;
  claimed_by: string | null;
  claimed_until: number | null;
  created_by: string;
  created_at: number;
  updated_by: string;
  updated_at: number;
}

/** Thousandths of an event (a Prometheus increase() is fractional). */
export interface SloMinutesTable {
  slo_id: string;
  minute: number;
  good: number;
  total: number;
  excluded: number;
}

export interface SloHoursTable {
  slo_id: string;
  hour: number;
  good: number;
  total: number;
  excluded: number;
}

export interface SloEventKeysTable {
  slo_id: string;
  key: string;
  created_at: number;
}

export interface SloPoliciesTable {
  service_id: string;
  block_releases: number;
  /** Decimal text: releases stop when the budget left falls below this fraction (default 0). */
  min_budget_remaining: string;
  block_when_unknown: number;
  override_until: number | null;
  override_reason: string | null;
  updated_by: string;
  updated_at: number;
}
