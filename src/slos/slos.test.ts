import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  addMember,
  auditActions,
  buildEscalationPolicy,
  buildMaintenanceWindow,
  buildNotificationRule,
  buildService,
  buildSilence,
  buildTeam,
  buildUser,
  tokenFor,
  uniqueName,
  viewerToken,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../test/receivers.ts';
import { fixedClock } from '../platform/clock.ts';
import { minuteOf } from './burn.ts';
import { evaluateClaimed, evaluateDue } from './evaluate.ts';
import { claimDueSlos } from './repository.ts';
import type { SloView } from './schemas.ts';

/**
 * SLOs on both databases (issue 23), driven through the API and the engine with a fixed clock:
 * pushed counts stored per minute (idempotent per key, maintenance left out), evaluated each
 * minute, burn-rate alerts opened through the ingest pipeline and paged to a real HTTP receiver,
 * resolved when the short window recovers; the budget, the chart, the release gate and its
 * override; bad input refused naming the field.
 */
const START = Date.parse('2026-12-01T12:00:00Z');
const MIN = 60_000;
type TestClock = ReturnType<typeof fixedClock>;
const message = (res: { body: unknown }) => (res.body as { error: { message: string } }).error.message;

let receiver: HttpReceiver;
before(async () => {
  receiver = await startHttpReceiver();
});
after(() => receiver.close());

describeEachDialect(
  'slos',
  (server) => {
    let team: { id: string };
    let member: string;
    let outsider: string;
    let manager: string;
    let service: { id: string; name: string };
    let hook = '';

    const clock = () => server().clock as TestClock;
    const evaluate = async (minutes = 1) => {
      for (let i = 0; i < minutes; i++) {
        clock().advance(MIN);
        await server().tocsin.engine.drain();
      }
    };
    const slo = async (id: string) => (await api<SloView>(server().app, 'GET', `/api/v1/slos/${id}`)).body;
    const push = async (id: string, body: unknown, headers: Record<string, string> = {}, token?: string) =>
      api<{ accepted: number; duplicate: boolean }>(server().app, 'POST', `/api/v1/slos/${id}/events`, {
        body,
        headers,
        ...(token === undefined ? {} : { token }),
      });
    /** `minutes` whole minutes of `perMinute` events up to the current one, `errors` of them bad in each. */
    const history = (minutes: number, perMinute: number, errors: number) => {
      const now = clock().now();
      return {
        events: Array.from({ length: minutes }, (_, i) => ({
          at: now - (minutes - 1 - i) * MIN,
          good: perMinute - errors,
          total: perMinute,
        })),
      };
    };

    before(async () => {
      const { app } = server();
      team = await buildTeam(app);
      const m = await buildUser(app, { role: 'responder' });
      await addMember(app, team.id, m.id);
      member = await tokenFor(app, m.id);
      const boss = await buildUser(app, { role: 'responder' });
      await addMember(app, team.id, boss.id, 'manager');
      manager = await tokenFor(app, boss.id);
      outsider = await tokenFor(app, (await buildUser(app, { role: 'responder' })).id);
      hook = uniqueName('slohook').replace(/\W/g, '');
      const oncall = await buildUser(app, {
        role: 'responder',
        contact_methods: [{ type: 'webhook', address: `${receiver.url}/${hook}` }],
      });
      await buildNotificationRule(app, oncall.id, (oncall.contact_methods as { id: string }[])[0]!.id, {
        delay_minutes: 0,
      });
      const policy = await buildEscalationPolicy(app, {
        levels: [{ delay_minutes: 60, targets: [{ type: 'user', id: oncall.id }] }],
      });
      const svc = await buildService(app, { escalation_policy_id: policy.id, team_id: team.id });
      service = { id: svc.id, name: svc.name };
    });

    const create = async (body: Record<string, unknown>, token?: string) => {
      const res = await api<SloView>(server().app, 'POST', '/api/v1/slos', {
        body: { service_id: service.id, objective: 0.999, window_days: 30, sli: { kind: 'events' }, ...body },
        ...(token === undefined ? {} : { token }),
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    };

    it('defines an SLO with the workbook defaults, audited; no traffic is no data', async () => {
      const { app } = server();
      const s = await create({ name: 'Availability' }, member);
      assert.equal(s.status, 'no_data');
      assert.equal(s.objective, 0.999);
      assert.deepEqual(
        s.alerts.map((a) => [a.name, a.long_window, a.short_window, a.burn_rate, a.severity]),
        [
          ['page-fast', '1h', '5m', 14.4, 'critical'],
          ['page-slow', '6h', '30m', 6, 'critical'],
          ['ticket', '3d', '6h', 1, 'warning'],
        ],
      );
      assert.equal(s.budget.allowed_minutes, 43.2);
      assert.match(s.url, new RegExp(`/slos/${s.id}$`));
      assert.deepEqual(await auditActions(app, 'slo', s.id), ['slo.create']);
      await evaluate();
      const quiet = await slo(s.id);
      assert.equal(quiet.status, 'no_data');
      assert.equal(quiet.budget.remaining, null);
      assert.equal(quiet.burn_rates['1h'], null);
      assert.deepEqual(quiet.firing, []);
      assert.notEqual(quiet.evaluated_at, null);
    });

    it('refuses bad input with 400 naming the field, other teams with 403', async () => {
      const { app } = server();
      const bad = async (body: Record<string, unknown>, field: RegExp) => {
        const res = await api(app, 'POST', '/api/v1/slos', {
          body: {
            service_id: service.id,
            name: uniqueName('x'),
            objective: 0.99,
            window_days: 7,
            sli: { kind: 'events' },
            ...body,
          },
        });
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.match(message(res), field);
      };
      await bad({ objective: 1 }, /objective/);
      await bad({ objective: 0 }, /objective/);
      await bad({ objective: 1.5 }, /objective/);
      await bad({ objective: 0.99999999999995 }, /^body\.objective: must be between 0 and 1/);
      await bad(
        {
          alerts: [
            { name: 'unknown', long_window: '1h', short_window: '5m', burn_rate: 2, severity: 'critical' },
          ],
        },
        /^body\.alerts\.0\.name: "unknown" is reserved/,
      );
      await bad({ window_days: 14 }, /^body\.window_days: must be one of 7, 28, 30/);
      await bad({ service_id: 'svc_nope' }, /^body\.service_id: no service/);
      await bad(
        {
          alerts: [{ name: 'a', long_window: '5m', short_window: '1h', burn_rate: 2, severity: 'critical' }],
        },
        /^body\.alerts\.0\.short_window: must be shorter/,
      );
      await bad(
        {
          alerts: [{ name: 'a', long_window: '4h', short_window: '5m', burn_rate: 2, severity: 'critical' }],
        },
        /long_window/,
      );
      await bad(
        { sli: { kind: 'events', total_query: 'up' } },
        /^body\.sli\.total_query: only for an SLI of kind prometheus/,
      );
      await bad(
        { sli: { kind: 'prometheus', total_query: 'up', good_query: 'up' } },
        /^body\.sli\.prometheus_url: required/,
      );
      await bad(
        {
          sli: {
            kind: 'prometheus',
            prometheus_url: 'http://169.254.169.254/',
            total_query: 'up',
            good_query: 'up',
          },
        },
        /^body\.sli\.prometheus_url: blocked: a cloud metadata address/,
      );
      await bad(
        { sli: { kind: 'prometheus', prometheus_url: 'http://prom.example', total_query: 'up' } },
        /^body\.sli\.good_query: give exactly one of good_query and error_query/,
      );

      const s = await create({ name: uniqueName('Latency') });
      const again = await api(app, 'POST', '/api/v1/slos', {
        body: {
          service_id: service.id,
          name: s.name,
          objective: 0.99,
          window_days: 7,
          sli: { kind: 'events' },
        },
      });
      assert.equal(again.status, 409);
      const denied = await api(app, 'POST', '/api/v1/slos', {
        token: outsider,
        body: {
          service_id: service.id,
          name: 'Mine',
          objective: 0.99,
          window_days: 7,
          sli: { kind: 'events' },
        },
      });
      assert.equal(denied.status, 403);
      assert.equal(
        (await api(app, 'PATCH', `/api/v1/slos/${s.id}`, { token: outsider, body: { objective: 0.9 } }))
          .status,
        403,
      );
      assert.equal((await push(s.id, { good: 1, total: 1 }, {}, await viewerToken(app))).status, 403);

      const pushBad = async (body: unknown, field: RegExp) => {
        const res = await push(s.id, body);
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.match(message(res), field);
      };
      await pushBad({ good: 5, total: 4 }, /^body\.good: more than total/);
      await pushBad(
        {
          events: [
            { good: 1, total: 1 },
            { good: 5, total: 4 },
          ],
        },
        /^body\.events\.1\.good: more than total/,
      );
      await pushBad({ good: -1, total: 4 }, /good/);
      await pushBad({ good: 1, total: 2e9 }, /total/);
      await pushBad(
        { good: 1, total: 4, at: clock().now() - 4 * 86_400_000 },
        /^body\.at: more than 3 days ago/,
      );
      await pushBad({ good: 1, total: 4, at: '2099-01-01T00:00:00Z' }, /^body\.at: in the future/);

      const edited = await api<SloView>(app, 'PATCH', `/api/v1/slos/${s.id}`, {
        token: member,
        body: { objective: 0.995, window_days: 7 },
      });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.equal(edited.body.objective, 0.995);
      assert.deepEqual(await auditActions(app, 'slo', s.id), ['slo.create', 'slo.update']);
    });

    it('pages by the fast pair through the ingest pipeline, and resolves after the short window recovers', async () => {
      const { app } = server();
      const s = await create({ name: 'Checkout success' }, member);
      // Six clean hours of 1,000 requests a minute, then one minute of nothing but errors.
      assert.equal((await push(s.id, history(360, 1000, 0))).status, 202);
      await evaluate();
      const clean = await slo(s.id);
      assert.equal(clean.status, 'ok');
      assert.equal(clean.burn_rates['1h'], 0);
      assert.equal(clean.budget.remaining, 1);
      assert.equal(clean.budget.total, 360_000);

      assert.equal((await push(s.id, { good: 0, total: 1000, at: clock().now() })).status, 202);
      await evaluate();
      const burning = await slo(s.id);
      // 1,000 errors: of the last hour's 60,000 events 16.7x, of the last 5 minutes' 200x; of 6 hours' 2.8x.
      assert.equal(burning.burn_rates['1h'], Number((1000 / 60_000 / 0.001).toPrecision(6)));
      assert.equal(burning.burn_rates['5m'], 200);
      assert.equal(burning.status, 'burning');
      assert.deepEqual(
        burning.firing.map((f) => f.alert).sort(),
        ['page-fast', 'ticket'],
        'the 6 h window is at 2.8x: no slow page',
      );
      assert.ok(burning.firing.every((f) => f.alert_id !== null));

      // The alert went through ingest: an incident on the service, paged to the receiver.
      const alerts = (
        await api<{
          data: {
            rule: string;
            status: string;
            incident_ref: string | null;
            labels: Record<string, string>;
            severity: string;
          }[];
        }>(app, 'GET', `/api/v1/slos/${s.id}/alerts`)
      ).body.data;
      const fast = alerts.find((a) => a.rule === 'page-fast')!;
      assert.equal(fast.status, 'triggered');
      assert.equal(fast.severity, 'critical');
      assert.match(fast.incident_ref ?? '', /^INC-\d+$/);
      assert.equal(fast.labels.slo, 'Checkout success');
      assert.equal(fast.labels.long_window, '1h');
      assert.equal(fast.labels.burn_rate_short, '200');
      const ticket = alerts.find((a) => a.rule === 'ticket')!;
      assert.equal(ticket.severity, 'warning');
      const pages = await receiver.waitFor(1);
      const mine = pages.filter((p) => p.path === `/${hook}`);
      assert.ok(mine.length >= 1, 'the on-call person was paged');
      assert.match(JSON.stringify(mine[0]!.json), /Checkout success: error budget burning/);

      // Clean minutes again: the error minute leaves the 5 minute window after five of them.
      for (let i = 1; i <= 5; i++) {
        await push(s.id, { good: 1000, total: 1000, at: clock().now() });
        await evaluate();
        const now = await slo(s.id);
        assert.equal(
          now.firing.some((f) => f.alert === 'page-fast'),
          i < 5,
          `after ${i} clean minutes: ${JSON.stringify(now.burn_rates)}`,
        );
      }
      const after = (
        await api<{ data: { rule: string; status: string }[] }>(app, 'GET', `/api/v1/slos/${s.id}/alerts`)
      ).body.data;
      assert.equal(after.find((a) => a.rule === 'page-fast')!.status, 'resolved');
      assert.equal(
        after.find((a) => a.rule === 'ticket')!.status,
        'triggered',
        'the 6 h window still burns over 1x',
      );

      // The budget: 1,000 errors of 366,000 in the window spend 2.7 budgets of 0.1%.
      const spent = await slo(s.id);
      assert.equal(spent.status, 'burning');
      assert.ok(spent.budget.remaining! < 0, String(spent.budget.remaining));
      assert.equal(spent.budget.total, 366_000);

      // The chart: one point an hour over 30 days, the last ones carrying the traffic.
      const chart = (
        await api<{
          points: { at: string; total: number; burn_rate: number | null; budget_remaining: number | null }[];
        }>(app, 'GET', `/api/v1/slos/${s.id}/chart`)
      ).body;
      assert.equal(chart.points.length, 30 * 24);
      const total = chart.points.reduce((n, p) => n + p.total, 0);
      assert.equal(total, 366_000);
      assert.ok(chart.points.some((p) => p.burn_rate !== null && p.burn_rate > 1));
      assert.equal(chart.points.at(-1)!.budget_remaining, spent.budget.remaining);
      assert.equal(chart.points[0]!.budget_remaining, null, 'no traffic a month ago');

      // The release gate: spent, so no; a manager's override with a reason lets releases through.
      const gate = async () =>
        (
          await api<{ allow: boolean; reason: string; slos: { id: string }[] }>(
            app,
            'GET',
            `/api/v1/services/${service.id}/release-gate`,
            { token: await viewerToken(app) },
          )
        ).body;
      const shut = await gate();
      assert.equal(shut.allow, false);
      assert.match(shut.reason, /^Checkout success: the error budget is spent \(-\d+(\.\d+)?% left\)$/);
      const until = new Date(clock().now() + 2 * 3600_000).toISOString();
      const byMember = await api(app, 'PUT', `/api/v1/services/${service.id}/budget-policy`, {
        token: member,
        body: { override_until: until, override_reason: 'hotfix' },
      });
      assert.equal(byMember.status, 403, 'a member who is not a manager cannot open the gate');
      const noReason = await api(app, 'PUT', `/api/v1/services/${service.id}/budget-policy`, {
        token: manager,
        body: { override_until: until },
      });
      assert.equal(noReason.status, 400);
      assert.match(message(noReason), /^body\.override_reason/);
      const opened = await api(app, 'PUT', `/api/v1/services/${service.id}/budget-policy`, {
        token: manager,
        body: { override_until: until, override_reason: 'the fix for this outage' },
      });
      assert.equal(opened.status, 200, JSON.stringify(opened.body));
      const open = await gate();
      assert.equal(open.allow, true);
      assert.match(open.reason, /overridden until .*the fix for this outage/);
      clock().advance(3 * 3600_000);
      assert.equal((await gate()).allow, false, 'the override runs out');
      await api(app, 'PUT', `/api/v1/services/${service.id}/budget-policy`, {
        token: manager,
        body: { block_releases: false },
      });
      assert.equal((await gate()).allow, true);
      assert.deepEqual(
        await auditActions(app, 'service', service.id).then((a) =>
          a.filter((x) => x.startsWith('slo_policy')),
        ),
        ['slo_policy.update', 'slo_policy.update'],
      );
      await api(app, 'PUT', `/api/v1/services/${service.id}/budget-policy`, {
        token: manager,
        body: { block_releases: true },
      });

      // Deleted while the ticket is open: that alert is resolved, nothing would evaluate it again.
      const ticketId = (await slo(s.id)).firing.find((f) => f.alert === 'ticket')!.alert_id!;
      assert.equal((await api(app, 'DELETE', `/api/v1/slos/${s.id}`, { token: member })).status, 204);
      const ticketAlert = await api<{ status: string }>(app, 'GET', `/api/v1/alerts/${ticketId}`);
      assert.equal(ticketAlert.body.status, 'resolved');
      assert.equal((await api(app, 'GET', `/api/v1/slos/${s.id}`)).status, 404);
      assert.equal((await api(app, 'GET', `/api/v1/services/${service.id}/release-gate`)).status, 200);
    });

    it('counts a batch once per idempotency key, and leaves maintenance windows out', async () => {
      const { app } = server();
      const svc = await buildService(app, { team_id: team.id });
      const s = await create({ name: 'Uploads', service_id: svc.id });
      const batch = history(10, 100, 0);
      const first = await push(s.id, batch, { 'idempotency-key': 'batch-1' });
      const second = await push(s.id, batch, { 'idempotency-key': 'batch-1' });
      assert.deepEqual(first.body, { accepted: 10, duplicate: false });
      assert.deepEqual(second.body, { accepted: 0, duplicate: true });
      // Concurrent pushes are committed together: ten with one key count once, ten without all count.
      const racing = await Promise.all(
        Array.from({ length: 10 }, () =>
          push(s.id, { good: 7, total: 7, at: clock().now() - 20 * MIN }, { 'idempotency-key': 'race' }),
        ),
      );
      assert.deepEqual(
        racing.map((r) => r.body.duplicate).sort(),
        [false, ...Array<boolean>(9).fill(true)].sort(),
      );
      await Promise.all(
        Array.from({ length: 10 }, () => push(s.id, { good: 3, total: 3, at: clock().now() - 20 * MIN })),
      );
      // A maintenance window over five minutes from the next one: what is pushed for them is excluded.
      await buildMaintenanceWindow(app, {
        service_ids: [svc.id],
        starts_at: new Date(clock().now()).toISOString(),
        ends_at: new Date(clock().now() + 5 * MIN).toISOString(),
      });
      await push(s.id, { good: 0, total: 500, at: clock().now() + MIN });
      await evaluate(3);
      const v = await slo(s.id);
      assert.equal(v.budget.total, 1000 + 7 + 30);
      assert.equal(v.budget.good, 1000 + 7 + 30);
      assert.equal(v.budget.excluded, 500);
      assert.deepEqual(v.firing, [], 'the errors during maintenance burn nothing');
      // An SLO that does not exclude maintenance counts them.
      const all = await create({ name: 'Uploads, all', service_id: svc.id, exclude_maintenance: false });
      await push(all.id, { good: 0, total: 500, at: clock().now() });
      await evaluate();
      assert.equal((await slo(all.id)).budget.total, 500);
    });

    it('goes through silences like any alert: a silenced SLO alert is suppressed, not paged', async () => {
      const { app } = server();
      const svc = await buildService(app, { team_id: team.id });
      const s = await create({ name: 'Search latency', service_id: svc.id });
      await buildSilence(app, {
        service_id: svc.id,
        matchers: ['slo="Search latency"', 'slo_alert=~"page-.*"'],
      });
      await push(s.id, history(30, 100, 0));
      await push(s.id, { good: 0, total: 100, at: clock().now() + MIN });
      await evaluate(2);
      const alerts = (
        await api<{ data: { rule: string; status: string; incident_id: string | null }[] }>(
          app,
          'GET',
          `/api/v1/slos/${s.id}/alerts`,
        )
      ).body.data;
      const fast = alerts.find((a) => a.rule === 'page-fast')!;
      assert.equal(fast.status, 'suppressed');
      assert.equal(fast.incident_id, null);
      assert.equal(
        alerts.find((a) => a.rule === 'ticket')?.status,
        'triggered',
        'the ticket is not silenced',
      );
    });

    it('raises nothing for an SLO deleted, or claimed by another engine, while it was being evaluated', async () => {
      const { app, tdb, dialect } = server();
      const deps = (engineId: string) => ({
        db: tdb.db,
        dialect,
        clock: clock(),
        outbound: { allow: [] },
        publicUrl: '',
        engineId,
      });
      const gone = await create({ name: 'Deleted mid-way' });
      const taken = await create({ name: 'Taken over' });
      for (const s of [gone, taken]) {
        await push(s.id, history(60, 100, 0));
        await push(s.id, { good: 0, total: 100, at: clock().now() + MIN });
      }
      clock().advance(2 * MIN);
      const now = clock().now();
      const rows = (await claimDueSlos(tdb.db, dialect, 'engine-a', now, now + MIN, 1000)).filter((r) =>
        [gone.id, taken.id].includes(r.id),
      );
      assert.equal(rows.length, 2);
      assert.equal((await api(app, 'DELETE', `/api/v1/slos/${gone.id}`)).status, 204);
      // engine-a's claim runs out and engine-b evaluates the other one meanwhile.
      clock().advance(2 * MIN);
      await evaluateDue(deps('engine-b'));
      const byB = await slo(taken.id);
      assert.deepEqual(byB.firing.map((f) => f.alert).sort(), ['page-fast', 'page-slow', 'ticket']);
      // engine-a, late, finishes its evaluation of both: nothing it decided lands.
      await evaluateClaimed(deps('engine-a'), rows, minuteOf(now));
      const alerts = await api<{ data: { rule: string }[] }>(app, 'GET', `/api/v1/slos/${taken.id}/alerts`);
      assert.equal(alerts.body.data.length, 3, 'each rule once, by engine-b only');
      assert.deepEqual(await slo(taken.id), byB);
      const orphans = await tdb.db
        .selectFrom('alerts')
        .select('id')
        .where('dedup_key', 'like', `slo:${gone.id}:%`)
        .execute();
      assert.deepEqual(orphans, [], 'no alert for the deleted SLO');
    });

    it('lists SLOs by service and status', async () => {
      const { app } = server();
      const list = await api<{ data: SloView[] }>(
        app,
        'GET',
        `/api/v1/slos?service_id=${service.id}&limit=100`,
      );
      assert.equal(list.status, 200);
      assert.ok(list.body.data.length >= 2);
      assert.ok(list.body.data.every((s) => s.service_id === service.id && s.service_name === service.name));
      const noData = await api<{ data: SloView[] }>(app, 'GET', '/api/v1/slos?status=no_data&limit=100');
      assert.ok(noData.body.data.every((s) => s.status === 'no_data'));
      const bad = await api(app, 'GET', '/api/v1/slos?status=fine');
      assert.equal(bad.status, 400);
    });
  },
  { clock: () => fixedClock(START) },
);
