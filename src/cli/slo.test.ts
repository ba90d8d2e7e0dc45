import assert from 'node:assert/strict';
import { type Server, createServer } from 'node:http';
import { after, before, it } from 'node:test';
import { parse } from 'yaml';
import { listeningCli } from '../../test/cli-io.ts';
import { buildService, uniqueName } from '../../test/factories.ts';
import { TEST_OUTBOUND, api, describeEachDialect } from '../../test/harness.ts';
import { fixedClock } from '../platform/clock.ts';
import { evaluateDue } from '../slos/evaluate.ts';
import type { ReleaseGateView, SloView } from '../slos/schemas.ts';

/**
 * `tocsin slo list|show|rules|gate` against a listening server, on both databases. Counts are
 * pushed with `at` in the past and evaluated by evaluateDue under a fixed clock, one minute at a
 * time, as the engine would: clean traffic leaves the budget whole and the gate open (exit 0);
 * a burst of errors spends it, fires the fast burn alert and shuts the gate (exit 1), and the
 * list and the detail view show the figures and the firing alert.
 */
const START = Date.parse('2026-12-01T12:00:00Z');
const MIN = 60_000;
type TestClock = ReturnType<typeof fixedClock>;

/** A stand-in for Prometheus, for an SLO with a Prometheus SLI: every query is zero events. */
let prometheus: Server;
let promUrl = '';
before(async () => {
  prometheus = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }));
  });
  await new Promise<void>((resolve) => prometheus.listen(0, '127.0.0.1', resolve));
  const a = prometheus.address();
  promUrl = `http://127.0.0.1:${typeof a === 'object' && a !== null ? a.port : 0}`;
});
after(() => prometheus.close());

describeEachDialect(
  'tocsin slo CLI',
  (server, dialect) => {
    const run = listeningCli(server);
    const cli = (...argv: string[]) => run.as(server().adminToken, ...argv);
    const clock = () => server().clock as TestClock;
    /** The engine's pass, `minutes` times, each a minute later. */
    const evaluate = async (minutes = 1) => {
      for (let i = 0; i < minutes; i++) {
        clock().advance(MIN);
        await evaluateDue({
          db: server().tdb.db,
          dialect,
          clock: clock(),
          outbound: TEST_OUTBOUND,
          publicUrl: 'http://127.0.0.1:7420',
          engineId: 'slo-cli-test',
        });
      }
    };
    const push = async (id: string, events: { at: number; good: number; total: number }[]) => {
      const res = await api(server().app, 'POST', `/api/v1/slos/${id}/events`, { body: { events } });
      assert.equal(res.status, 202, JSON.stringify(res.body));
    };

    let checkout: { id: string; name: string };
    let search: { id: string; name: string };
    let availability: SloView;
    let latency: SloView;

    before(async () => {
      const { app } = server();
      checkout = await buildService(app, { name: uniqueName('Checkout') });
      search = await buildService(app, { name: uniqueName('Search') });
      const create = async (body: Record<string, unknown>) => {
        const res = await api<SloView>(app, 'POST', '/api/v1/slos', { body });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        return res.body;
      };
      availability = await create({
        service_id: checkout.id,
        name: 'Availability',
        objective: 0.999,
        window_days: 30,
        sli: { kind: 'events' },
      });
      latency = await create({
        service_id: search.id,
        name: 'Latency',
        objective: 0.99,
        window_days: 7,
        sli: {
          kind: 'prometheus',
          prometheus_url: promUrl,
          good_query: 'sum(increase(search_fast_total[1m]))',
          total_query: 'sum(increase(search_total[1m]))',
        },
      });
    });

    it('lists SLOs (of a service) and shows one before any traffic', async () => {
      const list = await cli('slo', 'list', '--service', checkout.name);
      assert.equal(list.code, 0, list.errText());
      assert.deepEqual(list.out[0]?.split(/ {2,}/), [
        'ID',
        'SERVICE',
        'NAME',
        'OBJECTIVE',
        'WINDOW',
        'STATUS',
        'BUDGET LEFT',
        'BURN 1H',
      ]);
      assert.equal(list.out.length, 2, list.text());
      assert.deepEqual(list.out[1]?.split(/ {2,}/), [
        availability.id,
        checkout.name,
        'Availability',
        '99.9%',
        '30d',
        'no_data',
        '-',
        '-',
      ]);

      const all = await cli('slo', 'list', '--json');
      assert.equal(all.code, 0, all.errText());
      const ids = (JSON.parse(all.text()) as { data: SloView[] }).data.map((s) => s.id);
      assert.deepEqual(ids.sort(), [availability.id, latency.id].sort());

      const shown = await cli('slo', 'show', latency.id);
      assert.equal(shown.code, 0, shown.errText());
      assert.equal(shown.out[0], `${latency.id} "Latency" on ${search.name}`);
      assert.match(shown.text(), /^ {2}objective +99% over 7 days$/m);
      assert.match(
        shown.text(),
        new RegExp(
          `^ {2}sli +prometheus ${promUrl}: good sum\\(increase\\(search_fast_total\\[1m\\]\\)\\) / total sum`,
          'm',
        ),
      );
      assert.match(shown.text(), /^ {2}alert rules +page-fast \(1h\/5m over 14\.4x, critical\); page-slow/m);
      assert.match(shown.text(), /^ {2}firing +none$/m);
      assert.match(shown.text(), /^ {2}evaluated +not yet$/m);
    });

    it('gate: exit 0 while the budget lasts, exit 1 once a burst of errors spends it', async () => {
      const now = clock().now();
      // An hour of 1,000 clean requests a minute, up to the current minute.
      await push(
        availability.id,
        Array.from({ length: 60 }, (_, i) => ({ at: now - (59 - i) * MIN, good: 1000, total: 1000 })),
      );
      await evaluate();
      const open = await cli('slo', 'gate', checkout.name);
      assert.equal(open.code, 0, open.text() + open.errText());
      assert.equal(open.out[0], 'releases allowed: no SLO has spent its error budget');
      assert.match(open.text(), /^ {2}Availability +ok +100%$/m);
      const ok = await cli('slo', 'list', '--service', checkout.id);
      assert.deepEqual(ok.out[1]?.split(/ {2,}/).slice(5), ['ok', '100%', '0x']);

      // One minute of nothing but errors: 1,000 of the window's 61,000 spend the 0.1% budget 16 times.
      await push(availability.id, [{ at: clock().now(), good: 0, total: 1000 }]);
      await evaluate();
      const shut = await cli('slo', 'gate', checkout.name);
      assert.equal(shut.code, 1, shut.text() + shut.errText());
      assert.match(
        shut.out[0] ?? '',
        /^releases BLOCKED: Availability: the error budget is spent \(-\d+(\.\d+)?% left\)$/,
      );
      assert.match(shut.text(), /^ {2}Availability +burning +-1539\.3%$/m);
      const json = await cli('slo', 'gate', checkout.id, '--json');
      assert.equal(json.code, 1);
      assert.equal((JSON.parse(json.text()) as ReleaseGateView).allow, false);

      const burning = await cli('slo', 'list', '--service', checkout.name);
      // 1,000 errors of the last hour's 60,000 events: 16.7 times the budget's rate.
      assert.deepEqual(burning.out[1]?.split(/ {2,}/).slice(5), ['burning', '-1539.3%', '16.7x']);

      const shown = await cli('slo', 'show', availability.id);
      assert.equal(shown.code, 0, shown.errText());
      assert.match(
        shown.text(),
        /^ {2}status +burning \(page-fast firing \(1h\/5m over 14\.4x\); page-slow firing/m,
      );
      assert.match(shown.text(), /^ {2}budget left +-1539\.3% \(0 min of full outage of 43\.2 min\)$/m);
      assert.match(shown.text(), /^ {2}events +60000 good of 61000$/m);
      assert.match(shown.text(), /^ {2}burn rates +5m 200x {2}30m 33\.3x {2}1h 16\.7x {2}2h 16\.4x/m);
      assert.match(shown.text(), /^ {2}spent at +already spent$/m);
      assert.match(
        shown.text(),
        /^ {2}firing +page-fast since 2026-12-01T12:02:00\.000Z \(alr_\w+, triggered, INC-\d+\)$/m,
      );
      assert.match(shown.text(), /^ {16}page-slow since .*\n {16}ticket since /m);

      // Budget policies decide: one that does not block lets the release through, saying why.
      const lenient = await api(server().app, 'PUT', `/api/v1/services/${checkout.id}/budget-policy`, {
        body: { block_releases: false },
      });
      assert.equal(lenient.status, 200, JSON.stringify(lenient.body));
      const allowed = await cli('slo', 'gate', checkout.name);
      assert.equal(allowed.code, 0, allowed.text());
      assert.match(
        allowed.out[0]!,
        /^releases allowed: the budget policy does not block releases \(Availability: the error budget is spent/,
      );
    });

    it('prints the Prometheus rules of Prometheus-SLI SLOs only', async () => {
      const rules = await cli('slo', 'rules');
      assert.equal(rules.code, 0, rules.errText());
      const file = parse(rules.text()) as {
        groups: { name: string; rules: { record?: string; alert?: string }[] }[];
      };
      assert.deepEqual(
        file.groups.map((g) => g.name),
        [`tocsin-slo-${latency.id}`],
      );
      assert.ok(file.groups[0]!.rules.some((r) => r.alert !== undefined));
      const none = await cli('slo', 'rules', '--service', checkout.name);
      assert.equal(none.code, 0, none.errText());
      assert.deepEqual((parse(none.text()) as { groups: unknown[] }).groups, []);
    });

    it('refuses a missing id, an unknown SLO and an unknown service', async () => {
      const missing = await cli('slo', 'show');
      assert.equal(missing.code, 2);
      assert.match(missing.errText(), /SLO_ID is required/);
      const unknown = await cli('slo', 'show', 'slo_nope');
      assert.equal(unknown.code, 1);
      assert.match(unknown.errText(), /not found/);
      const gate = await cli('slo', 'gate');
      assert.equal(gate.code, 2);
      const nowhere = await cli('slo', 'gate', 'Nowhere at all');
      assert.equal(nowhere.code, 2, 'not 1: a CI job must not read a typo as a shut gate');
      assert.match(nowhere.errText(), /SERVICE_NAME: no service named "Nowhere at all"/);
      const help = await cli('slo', '--help');
      assert.match(help.text(), /^ {2}slo gate +ask a service's release gate/m);
    });
  },
  { clock: () => fixedClock(START) },
);
