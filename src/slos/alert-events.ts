import type { IngestEvent } from '../ingest/event.ts';
import { sloPageUrl } from '../platform/http/page-urls.ts';
import type { AlertRule, BurnRates } from './burn.ts';
import type { SloRow } from './repository.ts';

/**
 * The alerts an SLO raises, as ingest events: they go through the same pipeline as any alert
 * (dedup, grouping, silences, maintenance, urgency, escalation). One dedup key per SLO and rule,
 * so a rule firing again while its alert is open deduplicates, and once resolved opens anew.
 */
export const UNKNOWN_RULE = '@unknown';

export function sloDedupKey(sloId: string, rule: string): string {
  return `slo:${sloId}:${rule === UNKNOWN_RULE ? 'unknown' : rule}`;
}

const fmt = (n: number | null | undefined) =>
  n === null || n === undefined ? 'no traffic' : `${Number(n.toPrecision(3))}x`;
const pct = (objective: number) => `${Number((objective * 100).toPrecision(6))}%`;

export interface SloAlertCtx {
  slo: SloRow;
  serviceName: string;
  publicUrl: string;
  now: number;
}

function base(
  c: SloAlertCtx,
  rule: string,
  action: 'trigger' | 'resolve',
): Omit<IngestEvent, 'summary' | 'severity' | 'labels' | 'details'> {
  return {
    serviceId: c.slo.service_id,
    integrationId: null,
    integrationType: 'slo',
    action,
    dedupKey: sloDedupKey(c.slo.id, rule),
    source: 'tocsin-slo',
    component: c.slo.name,
    group: null,
    class: 'slo',
    links: [{ href: sloPageUrl(c.publicUrl, c.slo.id), text: `SLO ${c.slo.name}` }],
    images: [],
    startedAt: c.now,
    endsAt: null,
    payload: { slo: c.slo.id, rule, action },
  };
}

export function burnEvent(
  c: SloAlertCtx,
  rule: AlertRule,
  rates: BurnRates,
  remaining: number | null,
): IngestEvent {
  const long = rates[rule.longWindow] ?? null;
  const short = rates[rule.shortWindow] ?? null;
  const objective = Number(c.slo.objective);
  return {
    ...base(c, rule.name, 'trigger'),
    summary: `${c.serviceName} ${c.slo.name}: error budget burning ${fmt(long)} over ${rule.longWindow} (${fmt(short)} over ${rule.shortWindow}), threshold ${rule.burnRate}x`,
    severity: rule.severity,
    labels: {
      alertname: 'SLOBurnRate',
      slo: c.slo.name,
      slo_id: c.slo.id,
      service: c.serviceName,
      slo_alert: rule.name,
      objective: pct(objective),
      long_window: rule.longWindow,
      short_window: rule.shortWindow,
      burn_rate_threshold: String(rule.burnRate),
      burn_rate_long: long === null ? 'none' : String(Number(long.toPrecision(4))),
      burn_rate_short: short === null ? 'none' : String(Number(short.toPrecision(4))),
    },
    details: {
      budget_remaining: remaining,
      window_days: c.slo.window_days,
      slo_url: sloPageUrl(c.publicUrl, c.slo.id),
    },
  };
}

export function unknownEvent(c: SloAlertCtx, reason: string, since: number): IngestEvent {
  return {
    ...base(c, UNKNOWN_RULE, 'trigger'),
    summary: `${c.serviceName} ${c.slo.name}: SLI unreadable since ${new Date(since).toISOString()} (${reason})`,
    severity: 'warning',
    labels: {
      alertname: 'SLOUnknown',
      slo: c.slo.name,
      slo_id: c.slo.id,
      service: c.serviceName,
      slo_alert: UNKNOWN_RULE,
    },
    details: { reason, unknown_since: new Date(since).toISOString() },
  };
}

/** Resolves a rule's alert (or the unknown one): the pipeline needs only the service and dedup key. */
export function resolveEvent(c: SloAlertCtx, rule: string, why: string): IngestEvent {
  return {
    ...base(c, rule, 'resolve'),
    summary: `${c.serviceName} ${c.slo.name}: ${why}`,
    severity: 'info',
    labels: {},
    details: { resolved_by: why },
  };
}
