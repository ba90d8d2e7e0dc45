import type { IntegrationType } from '../platform/db/tables/integrations.ts';
import type { Severity } from '../platform/db/tables/ingest.ts';

/**
 * One event after its wire format is parsed: every adapter (PagerDuty, Alertmanager, Grafana,
 * generic, heartbeat, engine timers) produces these, and one pipeline stores them.
 */
export type EventAction = 'trigger' | 'acknowledge' | 'resolve';

export interface IngestEvent {
  serviceId: string;
  integrationId: string | null;
  /** `slo`: raised by an SLO's burn-rate evaluation (src/slos), on no integration. */
  integrationType: IntegrationType | 'slo';
  action: EventAction;
  dedupKey: string;
  summary: string;
  severity: Severity;
  source: string;
  component: string | null;
  group: string | null;
  class: string | null;
  labels: Record<string, string>;
  details: unknown;
  links: unknown[];
  images: unknown[];
  /** The source's own time (for MTTD); the receive time when it sent none. */
  startedAt: number;
  /** Alertmanager: the alert resolves itself at this time unless re-sent. */
  endsAt: number | null;
  /** The event as received, kept on the alert's event log. */
  payload: unknown;
}

export type Outcome = 'created' | 'deduplicated' | 'suppressed' | 'acknowledged' | 'resolved' | 'ignored';

export interface EventResult {
  outcome: Outcome;
  alertId: string | null;
  incidentId: string | null;
}

export const SEVERITIES: readonly Severity[] = ['critical', 'error', 'warning', 'info'];

/** Words other tools use for severity, mapped to ours; unknown words become `error` (pages, but not the top). */
export function normalizeSeverity(value: unknown, fallback: Severity = 'error'): Severity {
  if (typeof value !== 'string') return fallback;
  const v = value.trim().toLowerCase();
  switch (v) {
    case 'critical':
    case 'crit':
    case 'page':
    case 'p1':
    case 'sev1':
    case 'fatal':
    case 'emergency':
    case 'disaster':
      return 'critical';
    case 'error':
    case 'err':
    case 'high':
    case 'major':
    case 'p2':
    case 'sev2':
      return 'error';
    case 'warning':
    case 'warn':
    case 'medium':
    case 'minor':
    case 'average':
    case 'p3':
    case 'sev3':
      return 'warning';
    case 'info':
    case 'informational':
    case 'information':
    case 'low':
    case 'none':
    case 'ok':
    case 'p4':
    case 'p5':
    case 'sev4':
      return 'info';
    default:
      return fallback;
  }
}

/**
 * An acknowledge or resolve aimed at an alert that exists already (a responder's action, an
 * expired endsAt): the pipeline needs only its service and dedup key, and logs `payload`.
 */
export function followUpEvent(
  alert: { service_id: string; integration_id: string | null; dedup_key: string },
  action: 'acknowledge' | 'resolve',
  integrationType: IntegrationType,
  now: number,
  payload: unknown,
): IngestEvent {
  return {
    serviceId: alert.service_id,
    integrationId: alert.integration_id,
    integrationType,
    action,
    dedupKey: alert.dedup_key,
    summary: '',
    severity: 'info',
    source: 'tocsin',
    component: null,
    group: null,
    class: null,
    labels: {},
    details: {},
    links: [],
    images: [],
    startedAt: now,
    endsAt: null,
    payload,
  };
}
