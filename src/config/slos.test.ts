import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { captureIo } from '../../test/cli-io.ts';
import { auditActions } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { runCli } from '../cli/run.ts';
import type { BudgetPolicyView, SloView } from '../slos/schemas.ts';
import { applyConfig, planConfig } from './apply.ts';
import type { Plan } from './diff.ts';
import { exportConfig } from './export.ts';
import { formatPlan } from './format.ts';
import { loadConfigTexts } from './load.ts';

/**
 * SLOs and budget policies in tocsin.yaml: validated offline (objective, window, alert rules,
 * the SLI's shape, references and duplicates, each at its path), created and changed through the
 * SLO actions (audited; a Prometheus SLI's queries are run against Prometheus, a stand-in here),
 * alerts left out meaning the defaults, exported so that the export plans as no change, pruned
 * only when the file lists them, and budget policies that never touch the gate's override.
 */

const lines = (...l: string[]) => `${l.join('\n')}\n`;
const load = (text: string) => loadConfigTexts([{ file: 'slos.yaml', text }]).config;

/** A stand-in for Prometheus: every query answers zero events, one with `(((` is refused. */
let prometheus: Server;
let promUrl = '';
const queries: string[] = [];
before(async () => {
  prometheus = createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams.get('query') ?? '';
    queries.push(query);
    res.setHeader('content-type', 'application/json');
    if (query.includes('(((')) {
      res.statusCode = 400;
      res.end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error: unclosed (' }));
      return;
    }
    res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }));
  });
  await new Promise<void>((resolve) => prometheus.listen(0, '127.0.0.1', resolve));
  const a = prometheus.address();
  promUrl = `http://127.0.0.1:${typeof a === 'object' && a !== null ? a.port : 0}`;
});
after(() => prometheus.close());

const BASE = [
  'version: 1',
  'teams:',
  '  - name: Payments',
  'services:',
  '  - name: Checkout',
  '    team: Payments',
  '  - name: Search',
  '    team: Payments',
];

// The defaults everywhere: no alerts, no exclude_maintenance, no unknown_alert_after_minutes.
const availability = (objective = '0.999') => [
  '  - service: Checkout',
  '    name: Availability',
  `    objective: ${objective}`,
  '    window_days: 30',
  '    sli: { kind: events }',
];

const latency = (query = 'good_query: sum(increase(search_fast_total[1m]))') => [
  '  - service: Search',
  '    name: Latency',
  '    description: Searches answered within 300 ms.',
  '    objective: 0.99',
  '    window_days: 7',
  '    sli:',
  '      kind: prometheus',
  `      prometheus_url: ${promUrl}`,
  `      ${query}`,
  '      total_query: sum(increase(search_total[1m]))',
  '    alerts:',
  '      - { name: fast, long_window: 1h, short_window: 5m, burn_rate: 14.4, severity: critical }',
  '      - { name: slow, long_window: 3d, short_window: 6h, burn_rate: 1, severity: info }',
  '    exclude_maintenance: false',
  '    unknown_alert_after_minutes: 30',
];

const policy = (more: string[] = []) => [
  'budget_policies:',
  '  - service: Checkout',
  '    min_budget_remaining: 0.1',
  '    block_when_unknown: true',
  ...more,
];

const DEFAULT_ALERTS = [
  { name: 'page-fast', long_window: '1h', short_window: '5m', burn_rate: 14.4, severity: 'critical' },
  { name: 'page-slow', long_window: '6h', short_window: '30m', burn_rate: 6, severity: 'critical' },
  { name: 'ticket', long_window: '3d', short_window: '6h', burn_rate: 1, severity: 'warning' },
];

describeEachDialect('config: SLOs and budget policies', (server) => {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-config-slos-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const services = async () =>
    new Map(
      (
        await api<{ data: { id: string; name: string }[] }>(server().app, 'GET', '/api/v1/services?limit=100')
      ).body.data.map((s) => [s.name, s.id]),
    );
  const serviceId = async (name: string) => {
    const id = (await services()).get(name);
    assert.ok(id, `no service ${name}`);
    return id;
  };
  const slos = async () =>
    (await api<{ data: SloView[] }>(server().app, 'GET', '/api/v1/slos?limit=100')).body.data;
  const slo = async (service: string, name: string): Promise<SloView> => {
    const found = (await slos()).find((s) => s.service_name === service && s.name === name);
    assert.ok(found, `no SLO ${service} / ${name}`);
    return found;
  };
  const budgetPolicy = async (service: string) =>
    (
      await api<BudgetPolicyView>(
        server().app,
        'GET',
        `/api/v1/services/${await serviceId(service)}/budget-policy`,
      )
    ).body;
  const policyAudit = async (service: string) =>
    (await auditActions(server().app, 'service', await serviceId(service))).filter((a) =>
      a.startsWith('slo_policy'),
    );
  const summary = (plan: Plan) =>
    plan.changes
      .filter((c) => c.kind === 'slos' || c.kind === 'budget_policies')
      .map((c) => `${c.op} ${c.kind} ${c.name}`);

  it('validates offline, creates through the SLO actions (audited, Prometheus asked), then plans nothing', async () => {
    queries.length = 0;
    const text = lines(...BASE, 'slos:', ...availability(), ...latency(), ...policy());
    const file = join(dir, 'tocsin.yaml');
    writeFileSync(file, text);
    const validate = captureIo();
    assert.equal(await runCli(['config', 'validate', '-f', file], validate.io), 0, validate.errText());
    assert.match(validate.text(), /, 2 SLOs, 1 budget policy, 0 runbooks in 1 file$/);

    const ctx = server().ctx('cli');
    const config = load(text);
    const plan = await planConfig({ ctx, input: { config } });
    assert.deepEqual(summary(plan), [
      'create slos Checkout / Availability',
      'create slos Search / Latency',
      'create budget_policies Checkout',
    ]);
    assert.ok(formatPlan(plan).includes('+ SLO "Checkout / Availability"'), formatPlan(plan).join('\n'));
    assert.deepEqual(queries, [], 'plan does not contact Prometheus');
    await applyConfig({ ctx, input: { config } });
    assert.deepEqual(queries.sort(), [
      'sum(increase(search_fast_total[1m]))',
      'sum(increase(search_total[1m]))',
    ]);

    const a = await slo('Checkout', 'Availability');
    assert.deepEqual(
      {
        objective: a.objective,
        window: a.window_days,
        sli: a.sli,
        alerts: a.alerts,
        exclude: a.exclude_maintenance,
        unknown: a.unknown_alert_after_minutes,
        description: a.description,
      },
      {
        objective: 0.999,
        window: 30,
        sli: { kind: 'events' },
        alerts: DEFAULT_ALERTS,
        exclude: true,
        unknown: 10,
        description: '',
      },
    );
    const l = await slo('Search', 'Latency');
    assert.deepEqual(
      {
        objective: l.objective,
        window: l.window_days,
        sli: l.sli,
        alerts: l.alerts.map(
          (x) => `${x.name} ${x.long_window}/${x.short_window} ${x.burn_rate} ${x.severity}`,
        ),
        exclude: l.exclude_maintenance,
        unknown: l.unknown_alert_after_minutes,
        description: l.description,
      },
      {
        objective: 0.99,
        window: 7,
        sli: {
          kind: 'prometheus',
          prometheus_url: promUrl,
          good_query: 'sum(increase(search_fast_total[1m]))',
          error_query: null,
          total_query: 'sum(increase(search_total[1m]))',
        },
        alerts: ['fast 1h/5m 14.4 critical', 'slow 3d/6h 1 info'],
        exclude: false,
        unknown: 30,
        description: 'Searches answered within 300 ms.',
      },
    );
    assert.deepEqual(await auditActions(server().app, 'slo', a.id), ['slo.create']);
    const audit = await api<{ data: { action: string; actor_name: string }[] }>(
      server().app,
      'GET',
      `/api/v1/audit?target_type=slo&target_id=${a.id}`,
    );
    assert.equal(audit.body.data[0]?.actor_name, 'config', JSON.stringify(audit.body.data[0]));

    const p = await budgetPolicy('Checkout');
    assert.deepEqual([p.block_releases, p.min_budget_remaining, p.block_when_unknown], [true, 0.1, true]);
    assert.deepEqual(await policyAudit('Checkout'), ['slo_policy.update']);

    assert.deepEqual((await planConfig({ ctx, input: { config } })).changes, []);
  });

  it('changes SLOs in place (counts and ids kept) and puts left-out alerts back to the defaults', async () => {
    const { app } = server();
    const ctx = server().ctx('cli');
    const before = await slo('Checkout', 'Availability');
    const pushed = await api(app, 'POST', `/api/v1/slos/${before.id}/events`, {
      body: { good: 99, total: 100 },
    });
    assert.equal(pushed.status, 202, JSON.stringify(pushed.body));
    // Changed in the web UI: the file, which leaves alerts out, means the defaults.
    const custom = [
      { name: 'only', long_window: '1h', short_window: '5m', burn_rate: 10, severity: 'error' },
    ];
    const patched = await api(app, 'PATCH', `/api/v1/slos/${before.id}`, { body: { alerts: custom } });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    // An override of the release gate is operational: the file never touches it.
    const until = new Date(Date.now() + 3600_000).toISOString();
    const overridden = await api(
      app,
      'PUT',
      `/api/v1/services/${await serviceId('Checkout')}/budget-policy`,
      {
        body: { override_until: until, override_reason: 'the fix for INC-1' },
      },
    );
    assert.equal(overridden.status, 200, JSON.stringify(overridden.body));

    const changed = load(
      lines(
        ...BASE,
        'slos:',
        ...availability('0.995'),
        ...latency('error_query: sum(increase(search_slow_total[1m]))'),
        ...policy(['    block_releases: false']),
      ),
    );
    const plan = await planConfig({ ctx, input: { config: changed } });
    assert.deepEqual(
      plan.changes.map((c) => [c.op, c.kind, c.name, c.fields.map((f) => f.field)]),
      [
        ['update', 'slos', 'Checkout / Availability', ['objective', 'alerts']],
        ['update', 'slos', 'Search / Latency', ['sli']],
        ['update', 'budget_policies', 'Checkout', ['block_releases']],
      ],
    );
    assert.deepEqual(plan.changes[0]!.fields[0], { field: 'objective', before: 0.999, after: 0.995 });
    assert.deepEqual(plan.changes[0]!.fields[1]!.after, DEFAULT_ALERTS);

    await applyConfig({ ctx, input: { config: changed } });
    const after = await slo('Checkout', 'Availability');
    assert.equal(after.id, before.id);
    assert.equal(after.objective, 0.995);
    assert.deepEqual(after.alerts, DEFAULT_ALERTS);
    assert.deepEqual(await auditActions(app, 'slo', before.id), ['slo.create', 'slo.update', 'slo.update']);
    const l = await slo('Search', 'Latency');
    assert.deepEqual([l.sli.good_query, l.sli.error_query], [null, 'sum(increase(search_slow_total[1m]))']);

    const p = await budgetPolicy('Checkout');
    assert.deepEqual([p.block_releases, p.min_budget_remaining, p.block_when_unknown], [false, 0.1, true]);
    assert.equal(p.override_until, until, 'the override stays');
    assert.equal(p.override_reason, 'the fix for INC-1');
    assert.deepEqual((await planConfig({ ctx, input: { config: changed } })).changes, []);
  });

  it('exports SLOs (default alerts left out) and non-default policies, and the export plans as no change', async () => {
    const { app } = server();
    // Made in the web UI with every default.
    const made = await api(app, 'POST', '/api/v1/slos', {
      body: {
        service_id: await serviceId('Search'),
        name: 'Availability',
        objective: 0.9995,
        window_days: 28,
        sli: { kind: 'events' },
      },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const ctx = server().ctx('cli');
    const exported = await exportConfig({ ctx });
    assert.deepEqual(exported.skipped, []);
    assert.match(
      exported.yaml,
      /^slos:\n {2}- service: Checkout\n {4}name: Availability\n {4}objective: 0\.995\n {4}window_days: 30\n {4}sli:\n {6}kind: events\n {2}- service: Search\n/m,
    );
    assert.match(
      exported.yaml,
      /^ {4}objective: 0\.9995\n {4}window_days: 28\n {4}sli:\n {6}kind: events\n/m,
    );
    assert.equal(exported.yaml.match(/^ {4}alerts:$/gm)?.length, 1, 'only Latency has its own alerts');
    assert.match(exported.yaml, /^ {4}exclude_maintenance: false\n {4}unknown_alert_after_minutes: 30\n/m);
    assert.match(
      exported.yaml,
      /^budget_policies:\n {2}- service: Checkout\n {4}block_releases: false\n {4}min_budget_remaining: 0\.1\n {4}block_when_unknown: true\n/m,
    );
    assert.doesNotMatch(exported.yaml, /override/);
    const reloaded = loadConfigTexts([{ file: 'export.yaml', text: exported.yaml }]).config;
    const roundTrip = await planConfig({ ctx, input: { config: reloaded, prune: true } });
    assert.deepEqual(roundTrip.changes, [], exported.yaml);
  });

  it('prunes SLOs and policies left out only when the file lists them; a pruned policy keeps its override', async () => {
    const apply = (text: string) =>
      api<Plan>(server().app, 'POST', '/api/v1/config/apply', {
        body: { files: [{ name: 'tocsin.yaml', content: text }], prune: true },
      });
    const names = async () => (await slos()).map((s) => `${s.service_name} / ${s.name}`).sort();
    const before = await names();
    assert.deepEqual(before, ['Checkout / Availability', 'Search / Availability', 'Search / Latency']);
    const latencyId = (await slo('Search', 'Latency')).id;

    // A file about services alone leaves them be, even with --prune.
    const untouched = await apply(lines(...BASE));
    assert.equal(untouched.status, 200, JSON.stringify(untouched.body));
    assert.deepEqual(summary(untouched.body), []);
    assert.deepEqual(await names(), before);

    // (An empty list reads as no list at all, for every kind: Search's default policy lists them.)
    const pruned = await apply(
      lines(...BASE, 'slos:', ...availability('0.995'), 'budget_policies:', '  - service: Search'),
    );
    assert.equal(pruned.status, 200, JSON.stringify(pruned.body));
    assert.deepEqual(summary(pruned.body), [
      'delete slos Search / Latency',
      'delete slos Search / Availability',
      'delete budget_policies Checkout',
    ]);
    assert.equal(
      pruned.body.changes.find((c) => c.kind === 'budget_policies')?.reason,
      'back to the default policy',
    );
    assert.deepEqual(await names(), ['Checkout / Availability']);
    assert.deepEqual(await auditActions(server().app, 'slo', latencyId), [
      'slo.create',
      'slo.update',
      'slo.delete',
    ]);
    const p = await budgetPolicy('Checkout');
    assert.deepEqual([p.block_releases, p.min_budget_remaining, p.block_when_unknown], [true, 0, false]);
    assert.notEqual(p.override_until, null, 'the override stays');
    assert.deepEqual(await policyAudit('Checkout'), [
      'slo_policy.update',
      'slo_policy.update',
      'slo_policy.update',
      'slo_policy.update',
    ]);
  });

  it('refuses a bad objective, window, service, alert rule or SLI and duplicates, each at its path', async () => {
    const audit = async () =>
      (await api<{ data: unknown[] }>(server().app, 'GET', '/api/v1/audit?limit=500')).body.data.length;
    const before = await audit();
    const res = await api<{
      error: { code: string; problems: { file: string; line: number; path: string; message: string }[] };
    }>(server().app, 'POST', '/api/v1/config/apply', {
      body: {
        files: [
          {
            name: 'bad.yaml',
            content: lines(
              ...BASE, //                                                   1-8
              'slos:', //                                                   9
              '  - { service: Checkout, name: Perfect, objective: 1.5, window_days: 30, sli: { kind: events } }',
              '  - { service: Checkout, name: Fortnight, objective: 0.99, window_days: 14, sli: { kind: events } }',
              '  - { service: Nowhere, name: Ghost, objective: 0.99, window_days: 7, sli: { kind: events } }',
              '  - service: Checkout', //                                   13
              '    name: Backwards',
              '    objective: 0.99',
              '    window_days: 7',
              "    sli: { kind: events, total_query: 'sum(x)' }", //     17
              '    alerts:',
              '      - { name: a, long_window: 5m, short_window: 1h, burn_rate: 2, severity: critical }', // 19
              '  - service: Checkout', //                                   20
              '    name: Half',
              '    objective: 0.99',
              '    window_days: 7',
              "    sli: { kind: prometheus, prometheus_url: 'http://prom.example', total_query: 'sum(x)' }", // 24
              '  - { service: Checkout, name: "Backwards ", objective: 0.9, window_days: 7, sli: { kind: events } }',
              'budget_policies:', //                                        26
              '  - service: Nowhere',
              '  - { service: Checkout, min_budget_remaining: 1.5 }',
            ),
          },
        ],
      },
    });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'invalid_request');
    const found = res.body.error.problems.map((p) => `${p.line} ${p.path}: ${p.message}`);
    assert.deepEqual(
      found.map((f) => f.replace(/ \(first at .*\)$/, '')),
      [
        '10 slos[0].objective: must be < 1',
        '11 slos[1].window_days: must be one of: 7, 28, 30',
        '12 slos[2].service: service "Nowhere" is not defined',
        '17 slos[3].sli.total_query: only for an SLI of kind prometheus',
        '19 slos[3].alerts[0].short_window: must be shorter than long_window (5m)',
        '24 slos[4].sli: give exactly one of good_query and error_query',
        '25 slos[5].name: SLO "Backwards" of service "Checkout" is defined twice',
        '27 budget_policies[0].service: service "Nowhere" is not defined',
        '28 budget_policies[1].min_budget_remaining: must be <= 1',
      ],
      found.join('\n'),
    );
    assert.match(found[6]!, /\(first at bad\.yaml:14:/);
    assert.equal(await audit(), before, 'nothing was changed');
  });

  it('reports a query Prometheus refuses at the SLO, and changes nothing', async () => {
    const text = lines(
      ...BASE,
      'slos:',
      ...availability('0.995'),
      ...latency('good_query: sum(((search_fast_total)'),
    );
    const res = await api<{ error: { problems: { line: number; path: string; message: string }[] } }>(
      server().app,
      'POST',
      '/api/v1/config/apply',
      { body: { files: [{ name: 'prom.yaml', content: text }] } },
    );
    assert.equal(res.status, 400, JSON.stringify(res.body));
    const [problem] = res.body.error.problems;
    assert.equal(problem?.path, 'slos[1]');
    assert.equal(problem?.line, 15);
    assert.match(
      problem?.message ?? '',
      /^SLO "Search \/ Latency": body\.sli\.good_query: Prometheus says: parse error/,
    );
    assert.deepEqual(
      (await slos()).map((s) => s.name),
      ['Availability'],
      'the apply was rolled back',
    );
  });
});
