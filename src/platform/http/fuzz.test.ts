import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { it } from 'node:test';
import {
  addMember,
  buildEscalationPolicy,
  buildIntegration,
  buildMaintenanceWindow,
  buildSchedule,
  buildService,
  buildSilence,
  buildTeamWithMembers,
  buildUser,
  tokenFor,
} from '../../../test/factories.ts';
import { Rng, deriveSeed } from '../../../test/fuzz/mutate.ts';
import { type Caller, type FuzzRequest, buildRequest } from '../../../test/fuzz/routes.ts';
import type { SampleContext } from '../../../test/fuzz/schema-sample.ts';
import { api, describeEachDialect } from '../../../test/harness.ts';
import type { RegisteredRoute } from './app.ts';

/**
 * Every registered route of the booted app (as its onRoute hook recorded them, so a new route is
 * fuzzed without editing this file) gets broken requests from an admin, a responder, a viewer, a
 * junk session cookie and nobody, on both databases. No answer may be a 5xx, and every 4xx from
 * /api/v1 must be `{"error":{"code","message"}}` with a message.
 *
 * A run draws a fresh seed unless TOCSIN_FUZZ_SEED is set; a failure prints the seed, and the
 * same seed replays the same requests (each route draws from its own stream of it).
 * TOCSIN_FUZZ_ROUTE_COUNT sets the requests per route (default 20).
 */
const SEED = process.env.TOCSIN_FUZZ_SEED ? Number(process.env.TOCSIN_FUZZ_SEED) : randomInt(2 ** 32);
const PER_ROUTE = process.env.TOCSIN_FUZZ_ROUTE_COUNT ? Number(process.env.TOCSIN_FUZZ_ROUTE_COUNT) : 20;

const ULID_ID = /^([a-z]+)_[0-9A-HJKMNP-TV-Z]{26}$/;

/** Every id in a JSON answer, by prefix, so later requests can name real objects. */
function collectIds(value: unknown, ids: Map<string, string[]>, protectedIds: Set<string>): void {
  const stack = [value];
  for (let v = stack.pop(); v !== undefined; v = stack.pop()) {
    if (typeof v === 'string') {
      const m = ULID_ID.exec(v);
      if (m === null || protectedIds.has(v)) continue;
      const list = ids.get(m[1]!) ?? [];
      if (!list.includes(v)) list.push(v);
      if (list.length > 200) list.shift();
      ids.set(m[1]!, list);
    } else if (v !== null && typeof v === 'object') stack.push(...Object.values(v));
  }
}

/** Reads first, then writes, then deletes, and config apply last: later routes still find objects. */
function rank(r: RegisteredRoute): number {
  if (r.url.startsWith('/api/v1/config/')) return 3;
  if (r.method === 'GET') return 0;
  return r.method === 'DELETE' ? 2 : 1;
}

/** The API's error shape, with something in it: a 4xx must say what was wrong. */
function wellFormedError(body: string): boolean {
  try {
    const e = (JSON.parse(body) as { error?: { code?: unknown; message?: unknown } }).error;
    return typeof e?.code === 'string' && typeof e.message === 'string' && e.message.trim() !== '';
  } catch {
    return false;
  }
}

function excerpt(payload: unknown): string {
  if (payload === undefined) return '(no body)';
  const text = Buffer.isBuffer(payload)
    ? `<bytes> ${payload.toString('hex')}`
    : typeof payload === 'string'
      ? payload
      : JSON.stringify(payload);
  return JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}...(${text.length} chars)` : text);
}

describeEachDialect('every route survives fuzzing: no 5xx', (server) => {
  it(`${PER_ROUTE} broken requests per route, seed ${SEED}`, async () => {
    const { app, adminToken } = server();
    // Objects for the requests to name: a team with members, a schedule, policies, services with
    // an integration of each type, an incident, a silence and a maintenance window.
    const { team, users } = await buildTeamWithMembers(app, 3);
    const responder = users[0]!;
    const viewer = await buildUser(app, { role: 'viewer' });
    await addMember(app, team.id, viewer.id);
    const schedule = await buildSchedule(
      app,
      team.id,
      users.map((u) => u.id),
    );
    const policy = await buildEscalationPolicy(app);
    const service = await buildService(app, { team_id: team.id, escalation_policy_id: policy.id });
    const keys = new Map<string, string>();
    for (const type of ['events-v2', 'alertmanager', 'grafana', 'generic', 'heartbeat'] as const)
      keys.set(type, (await buildIntegration(app, type, {}, service.id)).key);
    await buildSilence(app, { service_id: service.id });
    await buildMaintenanceWindow(app, { service_ids: [service.id] });
    await api(app, 'POST', '/api/v1/incidents', {
      body: { title: 'fuzz', service_ids: [service.id], severity: 'SEV2' },
    });
    const callers: [number, Caller][] = [
      [0.7, { name: 'admin', headers: { authorization: `Bearer ${adminToken}` } }],
      [0.1, { name: 'responder', headers: { authorization: `Bearer ${await tokenFor(app, responder.id)}` } }],
      [0.08, { name: 'viewer', headers: { authorization: `Bearer ${await tokenFor(app, viewer.id)}` } }],
      [0.04, { name: 'junk session', headers: { cookie: 'tocsin_session=%00a%FF%ED%A0%80' } }],
      [0.08, { name: 'nobody', headers: {} }],
    ];
    // The callers' own users and tokens are never picked, so a DELETE cannot lock the run out.
    const me = await api<{ user: { id: string } }>(app, 'GET', '/api/v1/auth/me');
    const protectedIds = new Set([me.body.user.id, responder.id, viewer.id]);
    const tokens = await api<{ data: { id: string }[] }>(app, 'GET', '/api/v1/tokens');
    for (const t of tokens.body.data) protectedIds.add(t.id);

    const ids = new Map<string, string[]>();
    for (const v of [team, users, schedule, policy, service]) collectIds(v, ids, protectedIds);
    const ingestKey = (url: string) =>
      keys.get(
        url.includes('heartbeat')
          ? 'heartbeat'
          : url.includes('grafana')
            ? 'grafana'
            : url.includes('generic')
              ? 'generic'
              : url.includes('alert')
                ? 'alertmanager'
                : 'events-v2',
      )!;

    // A stream never finishes, so app.inject would wait for ever; src/stream/stream.test.ts sends it broken requests.
    const streams = (r: RegisteredRoute) =>
      ((r.schema as { produces?: string[] } | undefined)?.produces ?? []).includes('text/event-stream');
    const routes = [...app.registeredRoutes].filter((r) => !streams(r)).sort((a, b) => rank(a) - rank(b));
    assert.ok(routes.length > 100, `only ${routes.length} routes registered`);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const started = Date.now();
    for (const route of routes) {
      const rng = new Rng(deriveSeed(SEED, `${route.method} ${route.url}`));
      const ctx: SampleContext = { rng, ids, counter: { n: 0 } };
      // A collection is listed once per route, so ids deleted by the previous route are gone.
      const listed = new Map<string, Record<string, unknown>[]>();
      const params = async (collection: string, name: string) => {
        if (!listed.has(collection)) {
          const res = await api<{ data?: unknown }>(app, 'GET', collection);
          const data = res.status === 200 && Array.isArray(res.body.data) ? res.body.data : [];
          listed.set(
            collection,
            (data as Record<string, unknown>[]).filter((d) => !protectedIds.has(String(d.id))),
          );
        }
        const items = listed.get(collection)!;
        if (items.length === 0) return undefined;
        const item = rng.pick(items);
        const snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
        const v = item[name] ?? item[snake] ?? item.id ?? item.slug ?? item.name;
        return typeof v === 'string' ? v : undefined;
      };
      for (let i = 0; i < PER_ROUTE; i++) {
        let x = rng.next();
        const caller = callers.find(([p]) => (x -= p) < 0)?.[1] ?? callers[0]![1];
        const req: FuzzRequest = await buildRequest(ctx, route, caller, params, ingestKey);
        const res = await app.inject(req.options);
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (
          process.env.TOCSIN_FUZZ_DEBUG &&
          res.statusCode >= 400 &&
          req.caller === 'admin' &&
          req.what.includes('valid sample')
        )
          console.log(
            res.statusCode,
            req.options.method,
            req.options.url.slice(0, 120),
            excerpt(req.options.payload).slice(0, 300),
            res.body.slice(0, 200),
          );
        const report = () =>
          `${req.options.method} ${req.options.url.slice(0, 300)} as ${req.caller} [${req.what.join(', ')}] ` +
          `body ${excerpt(req.options.payload)}: answered ${res.statusCode} ${res.body.slice(0, 200)}`;
        // A ticket tracker that failed (one the fuzz added, unreachable from a test) is the tracker's 502, not ours.
        const trackerFailed = res.statusCode === 502 && res.body.includes('"tracker_error"');
        if (res.statusCode >= 500 && !trackerFailed) failures.push(report());
        else if (res.statusCode >= 400 && route.url.startsWith('/api/v1/') && !wellFormedError(res.body)) {
          failures.push(`${report()} (not {"error":{"code","message"}})`);
        } else if (
          res.statusCode >= 200 &&
          res.statusCode < 300 &&
          /json/.test(String(res.headers['content-type']))
        ) {
          try {
            collectIds(JSON.parse(res.body), ids, protectedIds);
          } catch {
            // Not every answer is JSON (iCal, HTML, metrics).
          }
        }
      }
    }
    const health = await api(app, 'GET', '/healthz', { token: null });
    assert.equal(health.status, 200);
    const summary = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ');
    console.log(
      `${routes.length} routes, ${routes.length * PER_ROUTE} requests in ${Date.now() - started} ms (${summary})`,
    );
    assert.deepEqual(
      failures,
      [],
      `${failures.length} requests failed; replay with TOCSIN_FUZZ_SEED=${SEED}\n${failures.slice(0, 40).join('\n')}`,
    );
  });
});
