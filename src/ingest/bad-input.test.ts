import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { buildIntegration } from '../../test/factories.ts';
import { api, describeEachDialect, type TestServer } from '../../test/harness.ts';
import {
  type JsonObject,
  type JsonValue,
  amAlert,
  amWebhook,
  apiV2Alerts,
  errorMessage,
  genericBody,
  grafanaWebhook,
  manyLabels,
  nestedJson,
  pdChange,
  pdTrigger,
} from '../../test/fuzz/samples.ts';
import type { IntegrationType } from '../platform/db/tables/integrations.ts';
import { BODY_LIMIT } from '../platform/http/app.ts';
import { MAX_DEPTH, MAX_MAP_ENTRIES } from './adapters/fields.ts';

/**
 * Malformed requests to every ingest endpoint: each must answer 4xx (never 5xx) with a message
 * naming the problem, and must store nothing. The table is data; one `it` per row, so a failure
 * names the endpoint and the case.
 */
type Keys = Record<IntegrationType, string> & { disabled: Record<IntegrationType, string> };

interface Req {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

interface Case {
  endpoint: string;
  name: string;
  request: (k: Keys) => Req;
  status: number;
  message: RegExp;
}

interface Endpoint {
  name: string;
  type: IntegrationType;
  method: 'GET' | 'POST';
  /** Where the key travels: PagerDuty's routing_key is in the body. */
  keyIn: 'body' | 'path' | 'bearer';
  /** URL and headers (without content-type) for a key. */
  target(key: string): { url: string; headers: Record<string, string> };
  /** A valid body for the key; undefined for heartbeats, which need none. */
  valid?(key: string): JsonValue;
  /** The message when the body is not the JSON shape the endpoint takes (object vs array). */
  notItsShape?: RegExp;
  /** PagerDuty answers errors in its own format: 400 for everything but 413 and 429. */
  pagerDuty?: boolean;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const UNKNOWN_KEY = 'tik_no-such-key-0123456789abcdef';

const ENDPOINTS: Endpoint[] = [
  {
    name: 'POST /v2/enqueue',
    type: 'events-v2',
    method: 'POST',
    keyIn: 'body',
    target: () => ({ url: '/v2/enqueue', headers: {} }),
    valid: (key) => pdTrigger(key),
    notItsShape: /Event must be a JSON object/,
    pagerDuty: true,
  },
  {
    name: 'POST /v2/change/enqueue',
    type: 'events-v2',
    method: 'POST',
    keyIn: 'body',
    target: () => ({ url: '/v2/change/enqueue', headers: {} }),
    valid: (key) => pdChange(key),
    notItsShape: /Event must be a JSON object/,
    pagerDuty: true,
  },
  {
    name: 'POST /integrations/alertmanager/:key',
    type: 'alertmanager',
    method: 'POST',
    keyIn: 'path',
    target: (key) => ({ url: `/integrations/alertmanager/${key}`, headers: {} }),
    valid: () => amWebhook(),
    notItsShape: /body must be a JSON object with an alerts array/,
  },
  {
    name: 'POST /integrations/grafana/:key',
    type: 'grafana',
    method: 'POST',
    keyIn: 'path',
    target: (key) => ({ url: `/integrations/grafana/${key}`, headers: {} }),
    valid: () => grafanaWebhook(),
    notItsShape: /body must be a JSON object with an alerts array/,
  },
  {
    name: 'POST /api/v2/alerts',
    type: 'alertmanager',
    method: 'POST',
    keyIn: 'bearer',
    target: (key) => ({ url: '/api/v2/alerts', headers: { authorization: `Bearer ${key}` } }),
    valid: () => apiV2Alerts(),
    notItsShape: /'body' must be an array of alerts/,
  },
  {
    name: 'POST /integrations/:key/api/v2/alerts',
    type: 'alertmanager',
    method: 'POST',
    keyIn: 'path',
    target: (key) => ({ url: `/integrations/${key}/api/v2/alerts`, headers: {} }),
    valid: () => apiV2Alerts(),
    notItsShape: /'body' must be an array of alerts/,
  },
  {
    name: 'POST /integrations/generic/:key',
    type: 'generic',
    method: 'POST',
    keyIn: 'path',
    target: (key) => ({ url: `/integrations/generic/${key}`, headers: {} }),
    valid: () => genericBody(),
    notItsShape: /body must be a JSON object/,
  },
  ...(['', '/start', '/fail'] as const).flatMap((suffix) =>
    (['GET', 'POST'] as const).map((method): Endpoint => ({
      name: `${method} /heartbeat/:key${suffix}`,
      type: 'heartbeat',
      method,
      keyIn: 'path',
      target: (key) => ({ url: `/heartbeat/${key}${suffix}`, headers: {} }),
    })),
  ),
];

function otherType(type: IntegrationType): IntegrationType {
  return type === 'events-v2' ? 'alertmanager' : 'events-v2';
}

/** The JSON text of `value` with `"field": <raw>` added first (to the first element of an array). */
function withRawField(value: JsonValue, field: string, raw: string): string {
  const text = JSON.stringify(value);
  const rest = (after: string) => (after.startsWith('}') ? after : `,${after}`);
  if (text.startsWith('[{')) return `[{"${field}":${raw}${rest(text.slice(2))}`;
  if (text.startsWith('{')) return `{"${field}":${raw}${rest(text.slice(1))}`;
  return `{"${field}":${raw}}`;
}

/** A body that is valid in every other respect but longer than the 512 KB limit. */
function oversized(value: JsonValue | undefined): string {
  return withRawField(value ?? {}, 'padding', JSON.stringify('x'.repeat(BODY_LIMIT)));
}

/** Cases every endpoint shares: the key, the transport, the size and shape of the JSON. */
function commonCases(ep: Endpoint): Case[] {
  const cases: Case[] = [];
  const add = (name: string, request: Case['request'], status: number, message: RegExp) =>
    cases.push({ endpoint: ep.name, name, request, status, message });
  // PagerDuty's clients expect its answer: 400 `invalid event` for every input problem but 413.
  const status = (ours: number) => (ep.pagerDuty ? (ours === 413 ? 413 : 400) : ours);
  const valid = (k: Keys) => (ep.valid ? ep.valid(k[ep.type]) : undefined);
  /** A request with the right key and `payload` (JSON text unless the headers say otherwise). */
  const req =
    (payload: string | Buffer | undefined, headers: Record<string, string> = JSON_TYPE) =>
    (k: Keys): Req => {
      const t = ep.target(k[ep.type]);
      return {
        method: ep.method,
        url: t.url,
        headers: { ...t.headers, ...headers },
        ...(payload !== undefined ? { payload } : {}),
      };
    };

  // Wrong keys. PagerDuty's routing key is a body field; elsewhere the key is in the URL or header.
  if (ep.keyIn === 'body') {
    const withKey = (key: (k: Keys) => string) => (k: Keys) => req(JSON.stringify(ep.valid!(key(k))))(k);
    add(
      'unknown routing_key',
      withKey(() => UNKNOWN_KEY),
      400,
      /routing_key: no integration has this key/,
    );
    add(
      'routing_key of another integration type',
      withKey((k) => k.alertmanager),
      400,
      /routing_key: this key belongs to a alertmanager integration, not events-v2/,
    );
    add(
      'routing_key of a disabled integration',
      withKey((k) => k.disabled[ep.type]),
      400,
      /is disabled/,
    );
  } else {
    const body = (k: Keys) => (ep.valid ? JSON.stringify(ep.valid(k[ep.type])) : undefined);
    const withKey =
      (key: (k: Keys) => string) =>
      (k: Keys): Req => {
        const t = ep.target(key(k));
        const payload = body(k);
        return {
          method: ep.method,
          url: t.url,
          headers: { ...t.headers, ...(payload !== undefined ? JSON_TYPE : {}) },
          ...(payload !== undefined ? { payload } : {}),
        };
      };
    add(
      'unknown key',
      withKey(() => UNKNOWN_KEY),
      404,
      /no integration has this key/,
    );
    add(
      'key of another integration type',
      withKey((k) => k[otherType(ep.type)]),
      403,
      new RegExp(`this key belongs to a ${otherType(ep.type)} integration, not ${ep.type}`),
    );
    add(
      'key of a disabled integration',
      withKey((k) => k.disabled[ep.type]),
      403,
      /is disabled/,
    );
    if (ep.keyIn === 'path') {
      add(
        'key with a NUL byte',
        withKey(() => '%00'),
        404,
        /no integration has this key/,
      );
      add(
        'key with broken percent-encoding',
        withKey(() => '%E0%A4%A'),
        400,
        /not a valid url component/,
      );
    } else {
      add(
        'no Authorization header',
        (k) => {
          const r = withKey(() => '')(k);
          delete r.headers.authorization;
          return r;
        },
        401,
        /integration key missing/,
      );
    }
  }
  if (ep.method === 'GET') return cases;

  // The JSON itself. Heartbeats take a body of any type, but one that claims to be JSON must be
  // JSON: a sender whose encoder is broken hears about it instead of pinging into the void.
  add(
    'invalid JSON (truncated)',
    (k) => req(JSON.stringify(valid(k) ?? { ok: true }).slice(0, -3))(k),
    status(400),
    /not valid JSON/,
  );
  add('invalid JSON (single quotes)', req("{'summary': 'x'}"), status(400), /not valid JSON/);
  add('empty body with a JSON content-type', req(''), status(400), /body (cannot be|is) empty/i);
  add('oversized body (> 512 KB)', (k) => req(oversized(valid(k)))(k), 413, /512 KB/);
  add(
    'deeply nested JSON (100,000 levels)',
    (k) => req(withRawField(valid(k) ?? {}, 'deep', nestedJson(100_000)))(k),
    status(400),
    new RegExp(`body is nested deeper than ${MAX_DEPTH} levels`),
  );
  // __proto__ keys are refused outright (prototype poisoning), saying so.
  add(
    'prototype-poisoning __proto__ key',
    (k) => req(withRawField(valid(k) ?? {}, '__proto__', '{"isAdmin":true}'))(k),
    status(400),
    /body(\.0)?\.__proto__: a "__proto__" key is not allowed/,
  );
  if (ep.notItsShape === undefined) return cases;

  const shape = ep.notItsShape;
  add('empty body without a content-type', req(undefined, {}), status(400), shape);
  add('JSON null', req('null'), status(400), shape);
  add('JSON string', req('"an alert"'), status(400), shape);
  add('JSON number', req('42'), status(400), shape);
  add(
    'JSON sent as text/plain',
    (k) => req(JSON.stringify(valid(k)), { 'content-type': 'text/plain' })(k),
    status(400),
    shape,
  );
  add(
    'wrong content-type (application/xml)',
    req('<alert/>', { 'content-type': 'application/xml' }),
    status(415),
    ep.pagerDuty ? /Unsupported Media Type/ : /send the body as application\/json/,
  );
  add(
    'wrong content-type (form-encoded)',
    req('summary=x', { 'content-type': 'application/x-www-form-urlencoded' }),
    status(415),
    ep.pagerDuty ? /Unsupported Media Type/ : /send the body as application\/json/,
  );
  add(
    'random bytes as octet-stream',
    req(Buffer.from([0, 159, 146, 150, 255, 1]), { 'content-type': 'application/octet-stream' }),
    status(415),
    ep.pagerDuty ? /Unsupported Media Type/ : /send the body as application\/json/,
  );
  return cases;
}

/** Field-level cases: each row's body is the endpoint's valid body with one thing broken. */
function fieldCases(
  ep: Endpoint,
  rows: [name: string, body: (key: string) => JsonValue, message: RegExp][],
): Case[] {
  return rows.map(([name, body, message]) => ({
    endpoint: ep.name,
    name,
    request: (k) => {
      const t = ep.target(k[ep.type]);
      return {
        method: ep.method,
        url: t.url,
        headers: { ...t.headers, ...JSON_TYPE },
        payload: JSON.stringify(body(k[ep.type])),
      };
    },
    status: 400,
    message,
  }));
}

const endpoint = (name: string): Endpoint => ENDPOINTS.find((e) => e.name === name)!;
const pdPayload = (extra: JsonObject): JsonObject => ({ ...(pdTrigger('').payload as JsonObject), ...extra });
const without = (o: JsonObject, ...keys: string[]): JsonObject =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

const pdCases = fieldCases(endpoint('POST /v2/enqueue'), [
  ['missing routing_key', (k) => without(pdTrigger(k), 'routing_key'), /'routing_key' is missing or blank/],
  ['routing_key is a number', (k) => pdTrigger(k, { routing_key: 12345 }), /'routing_key' must be a string/],
  ['blank routing_key', (k) => pdTrigger(k, { routing_key: '   ' }), /'routing_key' is missing or blank/],
  [
    'missing event_action',
    (k) => without(pdTrigger(k), 'event_action'),
    /'event_action' must be one of trigger, acknowledge, resolve/,
  ],
  [
    'unknown event_action',
    (k) => pdTrigger(k, { event_action: 'explode' }),
    /'event_action' must be one of trigger, acknowledge, resolve/,
  ],
  [
    'event_action in the wrong case',
    (k) => pdTrigger(k, { event_action: 'TRIGGER' }),
    /'event_action' must be one of/,
  ],
  ['event_action is a number', (k) => pdTrigger(k, { event_action: 1 }), /'event_action' must be one of/],
  [
    'trigger without payload',
    (k) => without(pdTrigger(k), 'payload'),
    /'payload' is missing or not an object/,
  ],
  [
    'payload is a string',
    (k) => pdTrigger(k, { payload: 'disk full' }),
    /'payload' is missing or not an object/,
  ],
  ['payload is an array', (k) => pdTrigger(k, { payload: [] }), /'payload' is missing or not an object/],
  [
    'missing payload.summary',
    (k) => pdTrigger(k, { payload: without(pdPayload({}), 'summary') }),
    /'payload.summary' is missing or blank/,
  ],
  [
    'payload.summary is a number',
    (k) => pdTrigger(k, { payload: pdPayload({ summary: 42 }) }),
    /'payload.summary' must be a string/,
  ],
  [
    'payload.summary over 1024 characters',
    (k) => pdTrigger(k, { payload: pdPayload({ summary: 's'.repeat(1025) }) }),
    /'payload.summary' is longer than 1024 characters/,
  ],
  [
    'missing payload.source',
    (k) => pdTrigger(k, { payload: without(pdPayload({}), 'source') }),
    /'payload.source' is missing or blank/,
  ],
  [
    'missing payload.severity',
    (k) => pdTrigger(k, { payload: without(pdPayload({}), 'severity') }),
    /'payload.severity' must be one of critical, error, warning, info/,
  ],
  [
    'unknown payload.severity',
    (k) => pdTrigger(k, { payload: pdPayload({ severity: 'urgent' }) }),
    /'payload.severity' must be one of critical, error, warning, info/,
  ],
  [
    'payload.severity is a boolean',
    (k) => pdTrigger(k, { payload: pdPayload({ severity: true }) }),
    /'payload.severity' must be one of/,
  ],
  [
    'payload.timestamp is not a time',
    (k) => pdTrigger(k, { payload: pdPayload({ timestamp: 'yesterday' }) }),
    /'payload.timestamp' is not a valid timestamp: "yesterday"/,
  ],
  [
    'payload.timestamp is a number',
    (k) => pdTrigger(k, { payload: pdPayload({ timestamp: 1764072000 }) }),
    /'payload.timestamp' must be a timestamp string/,
  ],
  [
    'payload.component is an object',
    (k) => pdTrigger(k, { payload: pdPayload({ component: {} }) }),
    /'payload.component' must be a string/,
  ],
  ['dedup_key is an object', (k) => pdTrigger(k, { dedup_key: {} }), /'dedup_key' must be a string/],
  [
    'dedup_key over 255 characters',
    (k) => pdTrigger(k, { dedup_key: 'k'.repeat(256) }),
    /'dedup_key' is longer than 255 characters/,
  ],
  [
    'resolve without dedup_key',
    (k) => ({ routing_key: k, event_action: 'resolve' }),
    /'dedup_key' is required for resolve events/,
  ],
  [
    'acknowledge with a blank dedup_key',
    (k) => ({ routing_key: k, event_action: 'acknowledge', dedup_key: ' ' }),
    /'dedup_key' is required for acknowledge events/,
  ],
  ['images is an object', (k) => pdTrigger(k, { images: { src: 'x' } }), /'images' must be an array/],
  ['image without src', (k) => pdTrigger(k, { images: [{ alt: 'graph' }] }), /'images.0.src' is missing/],
  ['links is a string', (k) => pdTrigger(k, { links: 'https://x' }), /'links' must be an array/],
  ['link is a string', (k) => pdTrigger(k, { links: ['https://x'] }), /'links.0.href' is missing/],
  [
    'more than 100 links',
    (k) => pdTrigger(k, { links: Array.from({ length: 101 }, () => ({ href: 'https://x' })) }),
    /'links' has more than 100 entries/,
  ],
  ['client_url is a number', (k) => pdTrigger(k, { client_url: 5 }), /'client_url' must be a string/],
  ['an array of events', (k) => [pdTrigger(k), pdTrigger(k)], /Event must be a JSON object/],
]);

const changeCases = fieldCases(endpoint('POST /v2/change/enqueue'), [
  ['missing routing_key', (k) => without(pdChange(k), 'routing_key'), /'routing_key' is missing or blank/],
  ['routing_key is an array', (k) => pdChange(k, { routing_key: [k] }), /'routing_key' must be a string/],
  ['missing payload', (k) => without(pdChange(k), 'payload'), /'payload' is missing or not an object/],
  ['payload is a number', (k) => pdChange(k, { payload: 7 }), /'payload' is missing or not an object/],
  [
    'missing payload.summary',
    (k) => pdChange(k, { payload: { source: 'ci' } }),
    /'payload.summary' is missing or blank/,
  ],
  [
    'payload.summary is a number',
    (k) => pdChange(k, { payload: { summary: 1 } }),
    /'payload.summary' must be a string/,
  ],
  [
    'payload.source is a boolean',
    (k) => pdChange(k, { payload: { summary: 's', source: false } }),
    /'payload.source' must be a string/,
  ],
  [
    'payload.timestamp is not a time',
    (k) => pdChange(k, { payload: { summary: 's', timestamp: '25/11/2026' } }),
    /'payload.timestamp' is not a valid timestamp/,
  ],
  ['links is an object', (k) => pdChange(k, { links: {} }), /'links' must be an array/],
  ['an array of change events', (k) => [pdChange(k)], /Event must be a JSON object/],
]);

/** The alert-list rules Alertmanager's webhook and Grafana's share. */
function webhookCases(ep: Endpoint, build: (alerts?: JsonValue[], o?: JsonObject) => JsonObject): Case[] {
  return fieldCases(ep, [
    ['missing alerts', () => without(build(), 'alerts'), /'alerts' must be an array of alerts/],
    [
      'alerts is an object',
      () => build(undefined, { alerts: amAlert() }),
      /'alerts' must be an array of alerts/,
    ],
    ['an alert is a string', () => build(['HighLatency']), /'alerts.0' must be an object/],
    ['an alert is null', () => build([amAlert(), null]), /'alerts.1' must be an object/],
    [
      'alert without labels',
      () => build([without(amAlert(), 'labels')]),
      /'alerts.0.labels' is missing or empty/,
    ],
    [
      'alert with empty labels',
      () => build([amAlert({}, { labels: {} })]),
      /'alerts.0.labels' is missing or empty/,
    ],
    [
      'labels is an array',
      () => build([amAlert({}, { labels: ['a'] })]),
      /'alerts.0.labels' must be an object of strings/,
    ],
    [
      'a label value is a number',
      () => build([amAlert({ severity: 2 })]),
      /'alerts.0.labels.severity' must be a string/,
    ],
    [
      'a label value is null',
      () => build([amAlert({ instance: null })]),
      /'alerts.0.labels.instance' must be a string/,
    ],
    [
      'annotations is a string',
      () => build([amAlert({}, { annotations: 'summary' })]),
      /'alerts.0.annotations' must be an object of strings/,
    ],
    [
      'unknown alert status',
      () => build([amAlert({}, { status: 'exploded' })]),
      /'alerts.0.status' must be firing or resolved/,
    ],
    [
      'status is a boolean',
      () => build([amAlert({}, { status: true })]),
      /'alerts.0.status' must be a string/,
    ],
    [
      'startsAt is not a time',
      () => build([amAlert({}, { startsAt: 'now' })]),
      /'alerts.0.startsAt' is not a valid timestamp: "now"/,
    ],
    [
      'endsAt is a number',
      () => build([amAlert({}, { endsAt: 0 })]),
      /'alerts.0.endsAt' must be a timestamp string/,
    ],
    [
      'generatorURL is an object',
      () => build([amAlert({}, { generatorURL: {} })]),
      /'alerts.0.generatorURL' must be a string/,
    ],
    [
      `a label map of ${MAX_MAP_ENTRIES + 1} labels`,
      () => build([amAlert(manyLabels(MAX_MAP_ENTRIES + 1))]),
      new RegExp(`'alerts.0.labels' has more than ${MAX_MAP_ENTRIES} entries`),
    ],
    [
      'a huge label map (10,000 labels)',
      () => build([amAlert(manyLabels(10_000))]),
      new RegExp(`'alerts.0.labels' has more than ${MAX_MAP_ENTRIES} entries`),
    ],
    [
      'a huge annotation map',
      () => build([amAlert({}, { annotations: manyLabels(5_000) })]),
      new RegExp(`'alerts.0.annotations' has more than ${MAX_MAP_ENTRIES} entries`),
    ],
    [
      'more than 10,000 alerts',
      () => build(Array.from({ length: 10_001 }, () => ({}))),
      /'alerts' has more than 10000 alerts/,
    ],
    // All or nothing: the good alerts of a rejected request are not stored either.
    [
      'one bad alert among good ones',
      () =>
        build([amAlert({ instance: 'good-1' }), amAlert({ instance: 7 }), amAlert({ instance: 'good-2' })]),
      /'alerts.1.labels.instance' must be a string/,
    ],
    [
      'an array of alerts instead of the webhook object',
      () => [amAlert()],
      /body must be a JSON object with an alerts array/,
    ],
  ]);
}

function apiV2Cases(ep: Endpoint): Case[] {
  const alert = (labels: JsonObject = {}, o: JsonObject = {}) => apiV2Alerts(labels, o)[0]!;
  return fieldCases(ep, [
    ['one alert object instead of an array', () => alert(), /'body' must be an array of alerts/],
    ['the webhook shape instead of an array', () => amWebhook(), /'body' must be an array of alerts/],
    ['an alert is a number', () => [1], /'body.0' must be an object/],
    ['an alert is an array', () => [[alert()]], /'body.0' must be an object/],
    [
      'alert without labels',
      () => [without(alert() as JsonObject, 'labels')],
      /'body.0.labels' is missing or empty/,
    ],
    [
      'labels is a string',
      () => [alert({}, { labels: 'alertname=X' })],
      /'body.0.labels' must be an object of strings/,
    ],
    ['a label value is an object', () => [alert({ job: {} })], /'body.0.labels.job' must be a string/],
    [
      'startsAt is not a time',
      () => [alert({}, { startsAt: '2026-13-45' })],
      /'body.0.startsAt' is not a valid timestamp/,
    ],
    ['endsAt is an array', () => [alert({}, { endsAt: [] })], /'body.0.endsAt' must be a timestamp string/],
    [
      `a label map of ${MAX_MAP_ENTRIES + 1} labels`,
      () => [alert(manyLabels(MAX_MAP_ENTRIES + 1))],
      new RegExp(`'body.0.labels' has more than ${MAX_MAP_ENTRIES} entries`),
    ],
    [
      'a huge label map (10,000 labels)',
      () => [alert(manyLabels(10_000))],
      new RegExp(`'body.0.labels' has more than ${MAX_MAP_ENTRIES} entries`),
    ],
    [
      'more than 10,000 alerts',
      () => Array.from({ length: 10_001 }, () => 0),
      /'body' has more than 10000 alerts/,
    ],
    [
      'one bad alert among good ones',
      () => [alert({ instance: 'good-1' }), alert({}, { annotations: [] }), alert({ instance: 'good-2' })],
      /'body.1.annotations' must be an object of strings/,
    ],
  ]);
}

const genericCases = fieldCases(endpoint('POST /integrations/generic/:key'), [
  ['no summary anywhere', () => without(genericBody(), 'title'), /summary: nothing found at summary\|title/],
  ['summary is an object', () => genericBody({ title: { text: 'x' } }), /summary: nothing found at/],
  ['summary is blank', () => genericBody({ title: '   ' }), /summary: nothing found at/],
  ['summary is null', () => genericBody({ title: null }), /summary: nothing found at/],
  ['an array of alerts', () => [genericBody()], /summary: nothing found at/],
  [
    `a label map of ${MAX_MAP_ENTRIES + 1} labels`,
    () => genericBody({ labels: manyLabels(MAX_MAP_ENTRIES + 1) }),
    new RegExp(`labels: more than ${MAX_MAP_ENTRIES} entries at labels\\|tags`),
  ],
  [
    'a huge label map (10,000 tags)',
    () => without(genericBody({ tags: manyLabels(10_000) }), 'labels'),
    new RegExp(`labels: more than ${MAX_MAP_ENTRIES} entries`),
  ],
  // Any JSON is the point of this endpoint: an unknown status is a trigger, not an error.
]);

const CASES: Case[] = [
  ...ENDPOINTS.flatMap(commonCases),
  ...pdCases,
  ...changeCases,
  ...webhookCases(endpoint('POST /integrations/alertmanager/:key'), amWebhook),
  ...webhookCases(endpoint('POST /integrations/grafana/:key'), grafanaWebhook),
  ...apiV2Cases(endpoint('POST /api/v2/alerts')),
  ...apiV2Cases(endpoint('POST /integrations/:key/api/v2/alerts')),
  ...genericCases,
];

/** What a rejected request must not change: row counts of everything ingest writes, and heartbeat state. */
async function stored(s: TestServer) {
  const count = async (table: 'alerts' | 'alert_events' | 'incidents' | 'change_events') =>
    Number(
      (
        await s.tdb.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    alerts: await count('alerts'),
    alert_events: await count('alert_events'),
    incidents: await count('incidents'),
    change_events: await count('change_events'),
    heartbeats: await s.tdb.db.selectFrom('heartbeats').selectAll().orderBy('integration_id').execute(),
  };
}

describeEachDialect(
  'ingest endpoints refuse bad input with 4xx, a message naming the problem, and store nothing',
  (server) => {
    const keys = { disabled: {} } as Keys;
    const TYPES: IntegrationType[] = ['events-v2', 'alertmanager', 'grafana', 'generic', 'heartbeat'];

    before(async () => {
      const { app } = server();
      for (const type of TYPES) {
        keys[type] = (await buildIntegration(app, type)).key;
        const off = await buildIntegration(app, type);
        const res = await api(app, 'PATCH', `/api/v1/integrations/${off.id}`, { body: { enabled: false } });
        assert.equal(res.status, 200);
        keys.disabled[type] = off.key;
      }
    });

    it('covers every ingest endpoint', () => {
      const covered = new Set(CASES.map((c) => c.endpoint));
      assert.deepEqual([...covered].sort(), ENDPOINTS.map((e) => e.name).sort());
    });

    for (const c of CASES) {
      it(`${c.endpoint}: ${c.name} -> ${c.status}`, async () => {
        const s = server();
        const before = await stored(s);
        const req = c.request(keys);
        const res = await s.app.inject(req);
        assert.ok(
          res.statusCode >= 400 && res.statusCode < 500,
          `answered ${res.statusCode}: ${res.body.slice(0, 300)}`,
        );
        assert.equal(res.statusCode, c.status, res.body.slice(0, 300));
        assert.match(errorMessage(res.body), c.message);
        if (req.url.startsWith('/v2/'))
          assert.equal((JSON.parse(res.body) as { status: string }).status, 'invalid event');
        assert.deepEqual(await stored(s), before, 'a rejected request stored something');
      });
    }

    // Inputs that look bad but are valid; each was a 5xx or a refusal before it was fixed.
    it('stores NUL characters and lone surrogates as U+FFFD, so both databases hold and find them', async () => {
      const s = server();
      const nul = 'disk\u0000full';
      const pd = await s.app.inject({
        method: 'POST',
        url: '/v2/enqueue',
        payload: pdTrigger(keys['events-v2'], {
          dedup_key: `nul\u0000key`,
          payload: pdPayload({ summary: nul, source: nul }),
        }),
      });
      assert.equal(pd.statusCode, 202, pd.body);
      const am = await s.app.inject({
        method: 'POST',
        url: `/integrations/alertmanager/${keys.alertmanager}`,
        payload: amWebhook([amAlert({ alertname: nul, instance: nul }, { annotations: { summary: nul } })]),
      });
      assert.equal(am.statusCode, 200, am.body);
      const generic = await s.app.inject({
        method: 'POST',
        url: `/integrations/generic/${keys.generic}`,
        payload: genericBody({ title: nul, id: nul }),
      });
      assert.equal(generic.statusCode, 202, generic.body);
      const change = await s.app.inject({
        method: 'POST',
        url: '/v2/change/enqueue',
        payload: pdChange(keys['events-v2'], { payload: { summary: nul, source: nul } }),
      });
      assert.equal(change.statusCode, 202, change.body);
      const rows = await s.tdb.db
        .selectFrom('alerts')
        .select(['summary', 'dedup_key'])
        .where('summary', '=', 'disk\uFFFDfull')
        .execute();
      assert.equal(rows.length, 3);
      assert.ok(rows.some((r) => r.dedup_key === 'nul\uFFFDkey'));
      // The same key, sent again with its NUL, folds into the alert stored under U+FFFD.
      const resolve = await s.app.inject({
        method: 'POST',
        url: '/v2/enqueue',
        payload: { routing_key: keys['events-v2'], event_action: 'resolve', dedup_key: 'nul\u0000key' },
      });
      assert.equal(resolve.statusCode, 202);
      const alert = await s.tdb.db
        .selectFrom('alerts')
        .select('status')
        .where('dedup_key', '=', 'nul\uFFFDkey')
        .executeTakeFirstOrThrow();
      assert.equal(alert.status, 'resolved');

      // A lone surrogate is valid JSON (`"\ud800"`) but not UTF-8: re-sends must fold, not 500.
      for (const key of ['lone\ud800key', 'lone\udc00key', 'lone\ud800key']) {
        const res = await s.app.inject({
          method: 'POST',
          url: '/v2/enqueue',
          headers: { 'content-type': 'application/json' },
          // JSON.stringify writes the surrogate as an escape, as any JSON encoder may.
          payload: JSON.stringify(pdTrigger(keys['events-v2'], { dedup_key: key })),
        });
        assert.equal(res.statusCode, 202, res.body);
      }
      const lone = await s.tdb.db
        .selectFrom('alerts')
        .select(['occurrences'])
        .where('dedup_key', '=', 'lone\uFFFDkey')
        .execute();
      assert.deepEqual(lone, [{ occurrences: 3 }]);
    });

    it(`accepts nesting up to ${MAX_DEPTH} levels and refuses one more`, async () => {
      const s = server();
      const send = (depth: number) =>
        s.app.inject({
          method: 'POST',
          url: `/integrations/generic/${keys.generic}`,
          headers: JSON_TYPE,
          // The body object is level 1, so the nested arrays may take the other MAX_DEPTH - 1.
          payload: `{"title":"deep ${depth}","details":${nestedJson(depth)}}`,
        });
      assert.equal((await send(MAX_DEPTH - 1)).statusCode, 202);
      const refused = await send(MAX_DEPTH);
      assert.equal(refused.statusCode, 400);
      assert.match(errorMessage(refused.body), /nested deeper than/);
    });

    it('a generic severity_map is not fooled by severities named like Object.prototype members', async () => {
      const s = server();
      const int = await buildIntegration(s.app, 'generic', {
        mapping: { severity_map: { sev1: 'critical' } },
      });
      for (const severity of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'sev1']) {
        const res = await s.app.inject({
          method: 'POST',
          url: `/integrations/generic/${int.key}`,
          payload: genericBody({ id: `proto-${severity}`, severity }),
        });
        assert.equal(res.statusCode, 202, `${severity}: ${res.body}`);
        const row = await s.tdb.db
          .selectFrom('alerts')
          .select('severity')
          .where('dedup_key', '=', `proto-${severity}`)
          .executeTakeFirstOrThrow();
        assert.equal(row.severity, severity === 'sev1' ? 'critical' : 'error');
      }
    });

    it('a heartbeat ping is accepted with any content type (curl -d sends form encoding)', async () => {
      const s = server();
      const int = await buildIntegration(s.app, 'heartbeat');
      for (const [type, payload] of [
        ['application/x-www-form-urlencoded', 'log=backup+done'],
        ['application/octet-stream', Buffer.from([0, 1, 2, 255])],
        ['text/plain', 'backup done'],
        ['application/xml', '<ok/>'],
      ] as const) {
        const res = await s.app.inject({
          method: 'POST',
          url: `/heartbeat/${int.key}`,
          headers: { 'content-type': type },
          payload,
        });
        assert.equal(res.statusCode, 200, `${type}: ${res.body}`);
      }
      const hb = await s.tdb.db
        .selectFrom('heartbeats')
        .select('state')
        .where('integration_id', '=', int.id)
        .executeTakeFirstOrThrow();
      assert.equal(hb.state, 'up');
    });
  },
);
