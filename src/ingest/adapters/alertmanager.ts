import { createHash } from 'node:crypto';
import type { IngestEvent } from '../event.ts';
import { normalizeSeverity } from '../event.ts';
import { type Errors, isObject, optSourceTime, optString, stringMap } from './fields.ts';

/**
 * Alertmanager's webhook (v4), Alertmanager's API v2 as Prometheus posts it, and Grafana's
 * webhook (the same alert objects with extra fields). Each alert is identified by its label set,
 * so re-sends through any of these paths fold into the same open alert.
 */
export type AlertEvent = Omit<IngestEvent, 'serviceId' | 'integrationId'>;

export function labelFingerprint(labels: Record<string, string>): string {
  const sorted = Object.keys(labels)
    .sort()
    .map((k) => [k, labels[k]]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 32);
}

interface AlertShape {
  source: 'alertmanager' | 'grafana';
  /** Webhook `status`; the API v2 has none and decides by endsAt alone. */
  useStatus: boolean;
  externalUrl?: string | undefined;
}

function toEvent(
  a: Record<string, unknown>,
  path: string,
  shape: AlertShape,
  now: number,
  errors: Errors,
): AlertEvent | undefined {
  const before = errors.length;
  const labels = stringMap(a.labels, `${path}.labels`, errors);
  const annotations = stringMap(a.annotations, `${path}.annotations`, errors);
  // Go clients (Alertmanager, amtool) write the zero time for a time they leave unset.
  const startsAt = optSourceTime(a, 'startsAt', `${path}.startsAt`, errors);
  const endsAt = optSourceTime(a, 'endsAt', `${path}.endsAt`, errors) ?? null;
  const generatorUrl = optString(a, 'generatorURL', `${path}.generatorURL`, errors, 4096);
  let status: string | undefined;
  if (shape.useStatus) {
    status = optString(a, 'status', `${path}.status`, errors, 20);
    if (status !== undefined && status !== 'firing' && status !== 'resolved') {
      errors.push(`'${path}.status' must be firing or resolved`);
    }
  }
  if (Object.keys(labels).length === 0 && !errors.slice(before).some((e) => e.includes('.labels'))) {
    errors.push(`'${path}.labels' is missing or empty`);
  }
  if (errors.length > before) return undefined;

  const resolved = status === 'resolved' || (endsAt !== null && endsAt <= now);
  const links: { href: string; text: string }[] = [];
  if (generatorUrl) links.push({ href: generatorUrl, text: 'Source' });
  for (const k of ['dashboardURL', 'panelURL', 'silenceURL'] as const) {
    const v = a[k];
    if (typeof v === 'string' && v !== '') links.push({ href: v, text: k.replace('URL', '') });
  }
  return {
    integrationType: shape.source === 'grafana' ? 'grafana' : 'alertmanager',
    action: resolved ? 'resolve' : 'trigger',
    dedupKey: labelFingerprint(labels),
    summary: (annotations.summary ?? annotations.description ?? labels.alertname ?? 'alert').slice(0, 1024),
    severity: normalizeSeverity(labels.severity ?? labels.priority, 'error'),
    source: labels.instance ?? labels.job ?? shape.externalUrl ?? shape.source,
    component: labels.job ?? null,
    group: labels.cluster ?? labels.namespace ?? null,
    class: labels.alertname ?? null,
    labels,
    details: { annotations, ...(typeof a.valueString === 'string' ? { value: a.valueString } : {}) },
    links,
    images: [],
    // Unset, it started when it arrived, or when it ended if that was earlier (as Alertmanager
    // takes endsAt), never in the year 1: time-to-detect is received_at - started_at.
    startedAt: startsAt ?? Math.min(now, endsAt ?? now),
    // Firing alerts with an end time resolve themselves then unless re-sent (Prometheus's contract).
    endsAt: resolved ? null : endsAt,
    payload: a,
  };
}

export type Parsed = { ok: true; events: AlertEvent[] } | { ok: false; errors: Errors };

const MAX_ALERTS = 10_000;

function parseAlertList(list: unknown, path: string, shape: AlertShape, now: number): Parsed {
  const errors: Errors = [];
  if (!Array.isArray(list)) return { ok: false, errors: [`'${path}' must be an array of alerts`] };
  if (list.length > MAX_ALERTS)
    return { ok: false, errors: [`'${path}' has more than ${MAX_ALERTS} alerts`] };
  const events: AlertEvent[] = [];
  list.forEach((a, i) => {
    if (!isObject(a)) errors.push(`'${path}.${i}' must be an object`);
    else {
      const e = toEvent(a, `${path}.${i}`, shape, now, errors);
      if (e) events.push(e);
    }
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, events };
}

/** Alertmanager webhook payload (version 4) or Grafana's webhook payload. */
export function parseWebhook(body: unknown, source: 'alertmanager' | 'grafana', now: number): Parsed {
  if (!isObject(body)) return { ok: false, errors: ['body must be a JSON object with an alerts array'] };
  const externalUrl = typeof body.externalURL === 'string' ? body.externalURL : undefined;
  return parseAlertList(body.alerts, 'alerts', { source, useStatus: true, externalUrl }, now);
}

/** Alertmanager API v2 `POST /api/v2/alerts`: a bare array of postable alerts. */
export function parseApiV2(body: unknown, now: number): Parsed {
  return parseAlertList(body, 'body', { source: 'alertmanager', useStatus: false }, now);
}
