import type { IntegrationType } from '../../types.ts';

/**
 * What to paste into each sender to point it at a new integration, built from the browser's
 * origin and the key shown once. The wire formats are the ingest routes' (src/ingest/routes.ts,
 * src/heartbeats/routes.ts; README "Sending alerts"): the key goes in the path, except for the
 * Events API where it is the body's `routing_key`.
 */
export interface TestRequest {
  method: 'POST';
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export interface Snippet {
  title: string;
  /** What the snippet is for, one sentence. */
  hint: string;
  text: string;
}

/** The request one test alert takes; `nonce` keeps each test a new alert (no dedup fold). */
export function testRequest(type: IntegrationType, origin: string, key: string, nonce: string): TestRequest {
  const json = (url: string, body: unknown): TestRequest => ({
    method: 'POST',
    url,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const summary = 'Test alert from Tocsin';
  const k = encodeURIComponent(key);
  switch (type) {
    case 'events-v2':
      return json(`${origin}/v2/enqueue`, {
        routing_key: key,
        event_action: 'trigger',
        payload: { summary, source: 'tocsin-test', severity: 'critical', custom_details: { test: nonce } },
      });
    case 'alertmanager':
    case 'grafana':
      // Alertmanager's webhook payload (version 4); Grafana sends the same alert objects.
      return json(`${origin}/integrations/${type}/${k}`, {
        version: '4',
        status: 'firing',
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'TocsinTest', severity: 'critical', test: nonce },
            annotations: { summary },
          },
        ],
      });
    case 'generic':
      return json(`${origin}/integrations/generic/${k}`, {
        summary,
        severity: 'critical',
        source: 'tocsin-test',
        dedup_key: `tocsin-test-${nonce}`,
      });
    case 'heartbeat':
      // `/fail` opens the heartbeat's alert at once instead of waiting for a missed ping.
      return { method: 'POST', url: `${origin}/heartbeat/${k}/fail`, headers: {}, body: undefined };
  }
}

/** A request as a curl command; single-quoted, so nothing in it is expanded by the shell. */
export function curl(r: TestRequest): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const lines = [`curl -X ${r.method} ${q(r.url)}`];
  for (const [name, value] of Object.entries(r.headers)) lines.push(`  -H ${q(`${name}: ${value}`)}`);
  if (r.body !== undefined) lines.push(`  -d ${q(r.body)}`);
  return lines.join(' \\\n');
}

export function snippets(type: IntegrationType, origin: string, key: string): Snippet[] {
  const url = new URL(origin);
  const k = encodeURIComponent(key);
  const sample = curl(testRequest(type, origin, key, 'manual'));
  switch (type) {
    case 'events-v2':
      return [
        {
          title: 'PagerDuty Events v2 (curl)',
          hint: 'Any sender that speaks the Events API v2 takes this integration key as its routing key.',
          text: sample,
        },
      ];
    case 'alertmanager': {
      // Prometheus wants host:port targets; a URL without a port means the scheme's default.
      const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
      return [
        {
          title: 'prometheus.yml',
          hint: 'Prometheus posts to Tocsin as to an Alertmanager (API v2); the key is in the path prefix.',
          text: [
            'alerting:',
            '  alertmanagers:',
            '    - api_version: v2',
            `      scheme: ${url.protocol.replace(':', '')}`,
            `      path_prefix: /integrations/${k}`,
            '      static_configs:',
            `        - targets: ['${url.hostname}:${port}']`,
          ].join('\n'),
        },
        {
          title: 'alertmanager.yml receiver',
          hint: 'Or keep your Alertmanager and add Tocsin as a webhook receiver.',
          text: [
            'receivers:',
            '  - name: tocsin',
            '    webhook_configs:',
            `      - url: '${origin}/integrations/alertmanager/${k}'`,
            '        send_resolved: true',
          ].join('\n'),
        },
        {
          title: 'amtool config',
          hint: 'amtool queries and silences this service as an Alertmanager: put this line in ~/.config/prometheus/amtool.yml (Debian; upstream: ~/.config/amtool/config.yml).',
          text: `alertmanager.url: ${origin}/integrations/${k}`,
        },
        {
          title: 'Grafana Alertmanager data source',
          hint: "Grafana's alert list and silences for this service, from a provisioning file.",
          text: [
            'apiVersion: 1',
            'datasources:',
            '  - name: Tocsin',
            '    type: alertmanager',
            `    url: ${origin}/integrations/${k}`,
            '    access: proxy',
            '    jsonData:',
            '      implementation: prometheus',
          ].join('\n'),
        },
        { title: 'Test with curl', hint: 'One firing alert in the webhook format.', text: sample },
      ];
    }
    case 'grafana':
      return [
        {
          title: 'Grafana contact point',
          hint: 'A webhook contact point (Alerting > Contact points), or this provisioning file.',
          text: [
            'apiVersion: 1',
            'contactPoints:',
            '  - orgId: 1',
            '    name: Tocsin',
            '    receivers:',
            '      - uid: tocsin',
            '        type: webhook',
            '        settings:',
            `          url: ${origin}/integrations/grafana/${k}`,
            '          httpMethod: POST',
          ].join('\n'),
        },
        { title: 'Test with curl', hint: 'One firing alert in the webhook format.', text: sample },
      ];
    case 'generic':
      return [
        {
          title: 'Webhook (curl)',
          hint: 'Any JSON; fields are found by common names unless the integration maps them.',
          text: sample,
        },
      ];
    case 'heartbeat':
      return [
        {
          title: 'Heartbeat for cron',
          hint: 'Ping after each successful run; /start and /fail mark a run starting or failing.',
          text: `*/5 * * * * /usr/local/bin/your-job && curl -fsS -m 10 --retry 3 '${origin}/heartbeat/${k}' > /dev/null`,
        },
        { title: 'Report a failure (curl)', hint: 'Opens the heartbeat alert at once.', text: sample },
      ];
  }
}
