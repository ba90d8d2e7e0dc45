import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { before, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import { buildIntegration } from '../../test/factories.ts';
import { describeEachDialect, type TestServer } from '../../test/harness.ts';
import { type Mutant, Rng, deriveSeed, mutate } from '../../test/fuzz/mutate.ts';
import {
  type JsonValue,
  amWebhook,
  apiV2Alerts,
  errorMessage,
  genericBody,
  grafanaWebhook,
  pdChange,
  pdTrigger,
} from '../../test/fuzz/samples.ts';
import type { IntegrationType } from '../platform/db/tables/integrations.ts';
import { parseApiV2, parseWebhook } from './adapters/alertmanager.ts';
import { storableText } from './process.ts';

/**
 * Seeded fuzzing of every ingest endpoint through the running app: random mutations of valid
 * bodies (dropped, duplicated and retyped fields, odd strings, huge numbers, nulls, nested junk,
 * damaged text, random bytes, odd content types). Every answer must be 2xx or 4xx, 4xx answers
 * must say what was wrong, and everything a 2xx accepted must be stored.
 *
 * A run draws a fresh seed unless TOCSIN_FUZZ_SEED is set; a failure prints the seed, and the
 * same seed replays the same requests (each endpoint draws from its own stream of it).
 */
const SEED = process.env.TOCSIN_FUZZ_SEED ? Number(process.env.TOCSIN_FUZZ_SEED) : randomInt(2 ** 32);
const PER_ENDPOINT = process.env.TOCSIN_FUZZ_COUNT ? Number(process.env.TOCSIN_FUZZ_COUNT) : 2000;
// Several requests in flight, so accepted ones share group commits as they do in production.
const CONCURRENCY = 8;

interface Sent {
  index: number;
  /** `METHOD url`, for the failure report. */
  target: string;
  mutant: Mutant;
  options: InjectOptions;
}

interface Stored {
  /** Dedup keys that a 2xx trigger put on the endpoint's service, with the request that sent each. */
  dedupKeys: Map<string, string>;
  alertIds: Map<string, string>;
  changeEvents: number;
  heartbeatFailures: number;
}

interface FuzzEndpoint {
  name: string;
  type: IntegrationType;
  mapping?: Record<string, unknown>;
  sample(key: string): JsonValue | undefined;
  request(key: string, rng: Rng): { method: 'GET' | 'POST'; url: string; headers: Record<string, string> };
  /** Records what a 2xx answer promises is stored. */
  accepted(answer: string, sent: JsonValue, stored: Stored, from: string): void;
}

/** What the server parsed, re-parsed here to know what it promised; undefined if it was no JSON. */
function parsed(payload: string | Buffer | undefined): JsonValue | undefined {
  if (payload === undefined) return undefined;
  try {
    // Decoded from the bytes that went over the wire: a raw lone surrogate in a string payload
    // arrives as U+FFFD, and labels must be fingerprinted as the server saw them.
    return JSON.parse(Buffer.from(payload).toString('utf8')) as JsonValue;
  } catch {
    return undefined;
  }
}

const webhookTriggers =
  (source: 'alertmanager' | 'grafana') => (answer: string, sent: JsonValue, stored: Stored, from: string) => {
    const result = parseWebhook(sent, source, Date.now());
    assert.ok(result.ok, `accepted a webhook its parser refuses: ${JSON.stringify(result)}`);
    assert.equal((JSON.parse(answer) as { alerts: number }).alerts, result.events.length);
    for (const e of result.events) if (e.action === 'trigger') stored.dedupKeys.set(e.dedupKey, from);
  };

/** A key that is wrong in a random way (ASCII, so it stays a legal URL segment and header). */
function junkKey(rng: Rng): string {
  let s = '';
  for (let i = rng.int(40); i > 0; i--) s += String.fromCharCode(33 + rng.int(94));
  return encodeURIComponent(s);
}

const keyOrJunk = (key: string, rng: Rng) => (rng.chance(0.02) ? junkKey(rng) : key);

const heartbeat = (suffix: '' | '/start' | '/fail'): FuzzEndpoint => ({
  name: `GET|POST /heartbeat/:key${suffix}`,
  type: 'heartbeat',
  sample: () => ({ status: 'ok', duration_ms: 1234, log: 'backup done' }),
  request: (key, rng) => ({
    method: rng.chance(0.2) ? 'GET' : 'POST',
    url: `/heartbeat/${keyOrJunk(key, rng)}${suffix}`,
    headers: {},
  }),
  accepted: (_answer, _sent, stored) => {
    if (suffix === '/fail') stored.heartbeatFailures++;
  },
});

const ENDPOINTS: FuzzEndpoint[] = [
  {
    name: 'POST /v2/enqueue',
    type: 'events-v2',
    sample: (key) => pdTrigger(key),
    // The routing key is in the body, where the mutations reach it anyway.
    request: () => ({ method: 'POST', url: '/v2/enqueue', headers: {} }),
    accepted: (answer, sent, stored, from) => {
      const dedupKey = (JSON.parse(answer) as { dedup_key: string }).dedup_key;
      const action =
        typeof sent === 'object' && sent !== null && !Array.isArray(sent) ? sent.event_action : undefined;
      if (action === 'trigger') stored.dedupKeys.set(storableText(dedupKey), from);
    },
  },
  {
    name: 'POST /v2/change/enqueue',
    type: 'events-v2',
    sample: (key) => pdChange(key),
    request: () => ({ method: 'POST', url: '/v2/change/enqueue', headers: {} }),
    accepted: (_answer, _sent, stored) => {
      stored.changeEvents++;
    },
  },
  {
    name: 'POST /integrations/alertmanager/:key',
    type: 'alertmanager',
    sample: () => amWebhook(),
    request: (key, rng) => ({
      method: 'POST',
      url: `/integrations/alertmanager/${keyOrJunk(key, rng)}`,
      headers: {},
    }),
    accepted: webhookTriggers('alertmanager'),
  },
  {
    name: 'POST /integrations/grafana/:key',
    type: 'grafana',
    sample: () => grafanaWebhook(),
    request: (key, rng) => ({
      method: 'POST',
      url: `/integrations/grafana/${keyOrJunk(key, rng)}`,
      headers: {},
    }),
    accepted: webhookTriggers('grafana'),
  },
  ...(['bearer', 'path'] as const).map((where): FuzzEndpoint => ({
    name: where === 'bearer' ? 'POST /api/v2/alerts' : 'POST /integrations/:key/api/v2/alerts',
    type: 'alertmanager',
    sample: () => apiV2Alerts(),
    request: (key, rng) =>
      where === 'bearer'
        ? {
            method: 'POST',
            url: '/api/v2/alerts',
            // Now and then no Authorization header at all.
            headers: Object.fromEntries(
              rng.chance(0.01) ? [] : [['authorization', `Bearer ${keyOrJunk(key, rng)}`]],
            ),
          }
        : { method: 'POST', url: `/integrations/${keyOrJunk(key, rng)}/api/v2/alerts`, headers: {} },
    accepted: (_answer, sent, stored, from) => {
      const result = parseApiV2(sent, Date.now());
      assert.ok(result.ok, `accepted alerts its parser refuses: ${JSON.stringify(result)}`);
      for (const e of result.events) if (e.action === 'trigger') stored.dedupKeys.set(e.dedupKey, from);
    },
  })),
  {
    name: 'POST /integrations/generic/:key',
    type: 'generic',
    // A mapping with a severity map and custom values, so those paths are fuzzed too.
    mapping: {
      dedup_key: 'id|alert.id|fingerprint',
      severity_map: { P1: 'critical', sev2: 'error' },
      resolve_values: ['resolved', 'ok', 'closed'],
    },
    sample: () => genericBody(),
    request: (key, rng) => ({
      method: 'POST',
      url: `/integrations/generic/${keyOrJunk(key, rng)}`,
      headers: {},
    }),
    accepted: (answer, _sent, stored, from) => {
      const a = JSON.parse(answer) as { outcome: string; alert_id: string | null };
      if (['created', 'deduplicated', 'suppressed'].includes(a.outcome) && a.alert_id !== null)
        stored.alertIds.set(a.alert_id, from);
    },
  },
  heartbeat(''),
  heartbeat('/start'),
  heartbeat('/fail'),
];

async function inChunks<T>(items: T[], size: number, fn: (chunk: T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await fn(items.slice(i, i + size));
}

/** Everything the 2xx answers promised, read back from the database. Returns the problems found. */
async function missing(
  s: TestServer,
  integration: { id: string; service_id: string },
  stored: Stored,
): Promise<string[]> {
  const db = s.tdb.db;
  const problems: string[] = [];
  const keys = [...stored.dedupKeys.keys()];
  const found = new Set<string>();
  await inChunks(keys, 500, async (chunk) => {
    const rows = await db
      .selectFrom('alerts')
      .select('dedup_key')
      .where('service_id', '=', integration.service_id)
      .where('dedup_key', 'in', chunk)
      .execute();
    for (const r of rows) found.add(r.dedup_key);
  });
  for (const k of keys)
    if (!found.has(k))
      problems.push(
        `no alert for accepted dedup key ${JSON.stringify(k).slice(0, 80)}, sent by ${stored.dedupKeys.get(k)}`,
      );
  const ids = [...stored.alertIds.keys()];
  const foundIds = new Set<string>();
  await inChunks(ids, 500, async (chunk) => {
    for (const r of await db.selectFrom('alerts').select('id').where('id', 'in', chunk).execute())
      foundIds.add(r.id);
  });
  for (const id of ids)
    if (!foundIds.has(id))
      problems.push(`accepted alert ${id} is not stored, sent by ${stored.alertIds.get(id)}`);
  if (stored.changeEvents > 0) {
    const n = await db
      .selectFrom('change_events')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('integration_id', '=', integration.id)
      .executeTakeFirstOrThrow();
    if (Number(n.n) !== stored.changeEvents)
      problems.push(`${stored.changeEvents} change events accepted, ${n.n} stored`);
  }
  if (stored.heartbeatFailures > 0) {
    const alert = await db
      .selectFrom('alerts')
      .select('id')
      .where('integration_id', '=', integration.id)
      .executeTakeFirst();
    if (alert === undefined)
      problems.push(`${stored.heartbeatFailures} failure pings accepted, no heartbeat alert stored`);
  }
  return problems;
}

function excerpt(payload: string | Buffer | undefined): string {
  if (payload === undefined) return '(no body)';
  const text = typeof payload === 'string' ? payload : `<bytes> ${payload.toString('hex')}`;
  return JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}...(${text.length} chars)` : text);
}

describeEachDialect(
  'ingest endpoints survive fuzzing: 2xx or 4xx, never 5xx, and every 2xx is stored',
  (server) => {
    const integrations = new Map<string, { id: string; key: string; service_id: string }>();

    before(async () => {
      for (const ep of ENDPOINTS) {
        integrations.set(
          ep.name,
          await buildIntegration(server().app, ep.type, ep.mapping ? { mapping: ep.mapping } : {}),
        );
      }
    });

    for (const ep of ENDPOINTS) {
      it(`${ep.name}: ${PER_ENDPOINT} mutations`, async (t) => {
        const s = server();
        const integration = integrations.get(ep.name)!;
        const rng = new Rng(deriveSeed(SEED, ep.name));
        // Generated up front, in order, so the seed alone decides every request whatever the timing.
        const requests: Sent[] = [];
        for (let index = 0; index < PER_ENDPOINT; index++) {
          const target = ep.request(integration.key, rng);
          const mutant = mutate(rng, ep.sample(integration.key));
          const headers = { ...target.headers };
          if (mutant.contentType !== undefined) headers['content-type'] = mutant.contentType;
          requests.push({
            index,
            target: `${target.method} ${target.url}`,
            mutant,
            options: {
              ...target,
              headers,
              ...(mutant.payload !== undefined ? { payload: mutant.payload } : {}),
            },
          });
        }

        const stored: Stored = {
          dedupKeys: new Map(),
          alertIds: new Map(),
          changeEvents: 0,
          heartbeatFailures: 0,
        };
        const failures: string[] = [];
        const statuses = new Map<number, number>();
        let next = 0;
        const worker = async () => {
          for (let r = requests[next++]; r !== undefined; r = requests[next++]) {
            const report = (why: string) =>
              `#${r.index} [${r.mutant.what.join(', ')}] ${r.target} ${excerpt(r.mutant.payload)}: ${why}`;
            try {
              const res = await s.app.inject(r.options);
              statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
              if (res.statusCode >= 200 && res.statusCode < 300) {
                ep.accepted(res.body, parsed(r.mutant.payload) ?? null, stored, report('accepted'));
              } else if (res.statusCode >= 400 && res.statusCode < 500) {
                if (errorMessage(res.body).trim() === '')
                  failures.push(report(`${res.statusCode} without a message`));
              } else {
                failures.push(report(`answered ${res.statusCode} ${res.body.slice(0, 200)}`));
              }
            } catch (e) {
              failures.push(report(`threw ${String(e)}`));
            }
          }
        };
        await Promise.all(Array.from({ length: CONCURRENCY }, worker));

        failures.push(...(await missing(s, integration, stored)));
        const summary = [...statuses.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([code, n]) => `${code}: ${n}`)
          .join(', ');
        assert.equal(
          failures.length,
          0,
          `fuzz seed ${SEED} (replay: TOCSIN_FUZZ_SEED=${SEED} npm test -- src/ingest/fuzz.test.ts); answers ${summary}\n` +
            failures.slice(0, 10).join('\n'),
        );
        // A mutator that only ever produced rejections would prove nothing about accepted bodies.
        const accepted = [...statuses.entries()].filter(([c]) => c < 300).reduce((n, [, k]) => n + k, 0);
        assert.ok(
          accepted > PER_ENDPOINT / 20,
          `seed ${SEED}: only ${accepted} of ${PER_ENDPOINT} accepted (${summary})`,
        );
        const checked =
          stored.dedupKeys.size + stored.alertIds.size + stored.changeEvents + stored.heartbeatFailures;
        t.diagnostic(`answers ${summary}; ${checked} accepted alerts/events found stored`);
      });
    }
  },
);
