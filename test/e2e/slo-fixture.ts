import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../../src/platform/clock.ts';
import { evaluateDue } from '../../src/slos/evaluate.ts';
import { TEST_OUTBOUND } from '../harness.ts';
import { adminApi, PASSWORD } from './admin-api.ts';
import type { E2eTocsin } from './browser.ts';

/**
 * What the SLO browser test sets up through the public API: a Payments team owning `checkout`
 * and a Search team owning `search`, a responder on each, and a stand-in for Prometheus's query
 * API (GET /api/v1/query and /api/v1/query_range) that refuses a query it cannot parse the way
 * Prometheus does (400, `bad_data`) and answers any other with one series: 1000 total events a
 * minute, 998 good (a query that leaves out 5xx codes).
 */
export interface SloFixture {
  payments: { id: string };
  checkout: { id: string };
  search: { id: string };
  rita: { id: string; email: string };
  otto: { id: string; email: string };
  /** The stand-in Prometheus's base URL. */
  prometheus: string;
  call: ReturnType<typeof adminApi>['call'];
  /** Pushes counts to an events SLO (POST /api/v1/slos/:id/events), 1000 at most per request. */
  push(sloId: string, events: { good: number; total: number; at: string }[]): Promise<void>;
  /**
   * Evaluates the SLO now, as the engine does at each whole minute (this test server runs no
   * engine): it is made due, then evaluated at the start of the current minute, alerts included.
   * A Prometheus SLI reads the last five minutes from the stand-in.
   */
  evaluate(sloId: string): Promise<void>;
  close(): Promise<void>;
}

export async function sloFixture(tocsin: () => E2eTocsin): Promise<SloFixture> {
  const { call, created } = adminApi(tocsin);
  const payments = await created('/api/v1/teams', { name: 'Payments' });
  const searchTeam = await created('/api/v1/teams', { name: 'Search' });
  const checkout = await created('/api/v1/services', { name: 'checkout', team_id: payments.id });
  const search = await created('/api/v1/services', { name: 'search', team_id: searchTeam.id });
  const person = async (name: string, email: string) => {
    const u = await created('/api/v1/users', { name, email, role: 'responder', password: PASSWORD });
    return { id: u.id, email };
  };
  const rita = await person('Rita Ramos', 'rita@example.com');
  const otto = await person('Otto Olsen', 'otto@example.com');
  await created(`/api/v1/teams/${payments.id}/members`, { user_id: rita.id });
  await created(`/api/v1/teams/${searchTeam.id}/members`, { user_id: otto.id });
  const prom = await fakePrometheus();
  return {
    payments,
    checkout,
    search,
    rita,
    otto,
    prometheus: prom.url,
    call,
    async push(sloId, events) {
      for (let i = 0; i < events.length; i += 1000) {
        const res = await call('POST', `/api/v1/slos/${sloId}/events`, { events: events.slice(i, i + 1000) });
        assert.equal(res.status, 202, JSON.stringify(res.body));
      }
    },
    async evaluate(sloId) {
      const { tdb, origin } = tocsin();
      await tdb.db.updateTable('slos').set({ next_eval_at: 0 }).where('id', '=', sloId).execute();
      // A Prometheus SLI is read from the last minute read on: five minutes back, as if created then.
      const minute = Math.floor(Date.now() / 60_000) * 60_000;
      await tdb.db
        .updateTable('slos')
        .set({ fetched_until: minute - 5 * 60_000 })
        .where('id', '=', sloId)
        .where('fetched_until', 'is not', null)
        .execute();
      const done = await evaluateDue({
        db: tdb.db,
        dialect: tdb.dialect,
        clock: systemClock,
        outbound: TEST_OUTBOUND,
        publicUrl: origin,
        engineId: 'e2e-slos',
      });
      assert.ok(done >= 1, `evaluated ${sloId}`);
    },
    close: prom.close,
  };
}

/** A query the stand-in Prometheus refuses, and what it says about it. */
export const BAD_QUERY = 'sum(increase(http_requests_total{code!~"5.."}[1m])';
export const BAD_QUERY_ERROR = '1:52: parse error: unclosed left parenthesis';

async function fakePrometheus(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://prometheus');
    const q = (name: string) => url.searchParams.get(name) ?? '';
    res.setHeader('content-type', 'application/json');
    const answer = (status: number, body: unknown) => {
      res.statusCode = status;
      res.end(JSON.stringify(body));
    };
    if (url.pathname !== '/api/v1/query' && url.pathname !== '/api/v1/query_range') {
      answer(404, { status: 'error', errorType: 'not_found', error: 'not found' });
      return;
    }
    if (q('query') === BAD_QUERY) {
      answer(400, { status: 'error', errorType: 'bad_data', error: BAD_QUERY_ERROR });
      return;
    }
    const value = q('query').includes('code!~') ? '998' : '1000';
    if (url.pathname === '/api/v1/query') {
      const time = Number(q('time') || Date.now() / 1000);
      answer(200, {
        status: 'success',
        data: { resultType: 'vector', result: [{ metric: {}, value: [time, value] }] },
      });
      return;
    }
    // A range query: one point per step from start to end.
    const values: [number, string][] = [];
    for (let t = Number(q('start')); t <= Number(q('end')); t += Number(q('step'))) values.push([t, value]);
    answer(200, { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values }] } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
