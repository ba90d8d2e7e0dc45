/**
 * Valid bodies for each ingest endpoint, in the shapes the real senders use (PagerDuty's Events
 * API v2, Alertmanager's webhook v4 and API v2, Grafana's webhook, a generic JSON webhook). The
 * bad-input table breaks them one field at a time and the fuzzer mutates them at random, so each
 * failure is a small distance from something that works.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export function pdTrigger(routingKey: string, overrides: JsonObject = {}): JsonObject {
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    payload: {
      summary: 'Disk full on db-1',
      source: 'db-1',
      severity: 'critical',
      timestamp: '2026-11-25T11:59:00.000+0000',
      component: 'postgres',
      group: 'prod-datapipe',
      class: 'disk',
      custom_details: { free: '0%', mounts: ['/', '/var'] },
    },
    images: [{ src: 'https://example.com/graph.png', href: 'https://example.com', alt: 'graph' }],
    links: [{ href: 'https://example.com/runbook', text: 'runbook' }],
    client: 'Monitoring',
    client_url: 'https://monitoring.example.com',
    ...overrides,
  };
}

export function pdChange(routingKey: string, overrides: JsonObject = {}): JsonObject {
  return {
    routing_key: routingKey,
    payload: {
      summary: 'Deployed checkout v1.2.3',
      source: 'ci',
      timestamp: '2026-11-25T10:00:00.000+0000',
      custom_details: { build: 1234 },
    },
    links: [{ href: 'https://ci.example.com/1234', text: 'build' }],
    ...overrides,
  };
}

export function amAlert(labels: JsonObject = {}, overrides: JsonObject = {}): JsonObject {
  return {
    status: 'firing',
    labels: { alertname: 'HighLatency', instance: 'web-1', job: 'web', severity: 'warning', ...labels },
    annotations: { summary: 'p99 latency above 1s', runbook_url: 'https://example.com/rb' },
    startsAt: '2026-11-25T11:59:00Z',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus:9090/graph?g0.expr=up',
    fingerprint: 'c0ffee',
    ...overrides,
  };
}

export function amWebhook(alerts: JsonValue[] = [amAlert()], overrides: JsonObject = {}): JsonObject {
  return {
    version: '4',
    groupKey: '{}:{alertname="HighLatency"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'tocsin',
    groupLabels: { alertname: 'HighLatency' },
    commonLabels: { alertname: 'HighLatency' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts,
    ...overrides,
  };
}

/** Grafana's webhook: Alertmanager's shape plus dashboard/panel links and values. */
export function grafanaWebhook(alerts?: JsonValue[], overrides: JsonObject = {}): JsonObject {
  return amWebhook(
    alerts ?? [
      amAlert(
        { alertname: 'CPU', grafana_folder: 'Infra' },
        {
          dashboardURL: 'https://grafana.example.com/d/abc',
          panelURL: 'https://grafana.example.com/d/abc?viewPanel=2',
          silenceURL: 'https://grafana.example.com/alerting/silence/new',
          valueString: "[ var='A' labels={} value=97 ]",
          values: { A: 97 },
        },
      ),
    ],
    { orgId: 1, title: '[FIRING:1] CPU', message: 'CPU is high', state: 'alerting', ...overrides },
  );
}

/** Alertmanager API v2 `POST /api/v2/alerts`, as Prometheus posts it: a bare array. */
export function apiV2Alerts(labels: JsonObject = {}, overrides: JsonObject = {}): JsonValue[] {
  return [
    {
      labels: { alertname: 'InstanceDown', instance: 'node-1', job: 'node', severity: 'critical', ...labels },
      annotations: { summary: 'node-1 is down' },
      startsAt: '2026-11-25T11:59:00Z',
      endsAt: '2099-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph?g0.expr=up',
      ...overrides,
    },
  ];
}

export function genericBody(overrides: JsonObject = {}): JsonObject {
  return {
    title: 'Backup failed',
    id: 'backup-nightly',
    severity: 'critical',
    status: 'firing',
    host: 'backup-1',
    labels: { env: 'prod', team: 'storage' },
    details: { exit_code: 2 },
    ...overrides,
  };
}

/** `[[[...1...]]]`, `depth` arrays deep, as text: building it as a value would overflow the stack. */
export function nestedJson(depth: number): string {
  return `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

/** An object of `n` string labels, for label-map limits. */
export function manyLabels(n: number): JsonObject {
  const out: JsonObject = {};
  for (let i = 0; i < n; i++) out[`label_${i}`] = `value_${i}`;
  return out;
}

/** The problem as the answer states it, whichever of the three error shapes it uses. */
export function errorMessage(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text;
  }
  // Alertmanager's API answers a bare JSON string.
  if (typeof body === 'string') return body;
  if (typeof body !== 'object' || body === null) return text;
  const b = body as { errors?: unknown; error?: { message?: unknown }; message?: unknown };
  // PagerDuty: {status, message, errors[]}; Tocsin: {error: {code, message}}; Fastify's own: {message}.
  if (Array.isArray(b.errors)) return b.errors.map(String).join('\n');
  if (typeof b.error === 'object' && b.error !== null) return String(b.error.message);
  return String(b.message);
}
