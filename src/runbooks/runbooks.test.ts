import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  addMember,
  auditActions,
  buildEscalationPolicy,
  buildIntegration,
  buildNotificationRule,
  buildService,
  buildTeam,
  buildUser,
  tokenFor,
  uniqueName,
  viewerToken,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../test/receivers.ts';
import { fixedClock } from '../platform/clock.ts';
import type { RunbookView } from './schemas.ts';
import { DEFAULT_TEMPLATE } from './template.ts';

/**
 * Runbooks on both databases (issue 22): written from the template, versioned with a diff,
 * owned by a team (403 for others), matched to alerts by service, label matchers, severity and
 * source with the most specific first, shown on the incident, linked in pages unless the alert
 * carries its own link, reviewed on an interval, and counted in the coverage report. Alerts go in
 * through the real Alertmanager endpoint; pages go to a real HTTP receiver.
 */
const START = Date.parse('2026-11-25T10:00:00Z');
type TestClock = ReturnType<typeof fixedClock>;
const message = (res: { body: unknown }) => (res.body as { error: { message: string } }).error.message;

let receiver: HttpReceiver;
before(async () => {
  receiver = await startHttpReceiver();
});
after(() => receiver.close());

describeEachDialect(
  'runbooks',
  (server) => {
    let team: { id: string };
    let member: string;
    let memberId: string;
    let outsider: string;

    before(async () => {
      const { app } = server();
      team = await buildTeam(app);
      const m = await buildUser(app, { role: 'responder' });
      await addMember(app, team.id, m.id);
      member = await tokenFor(app, m.id);
      memberId = m.id;
      outsider = await tokenFor(app, (await buildUser(app, { role: 'responder' })).id);
    });

    const create = async (body: Record<string, unknown>, token?: string) => {
      const res = await api<RunbookView>(server().app, 'POST', '/api/v1/runbooks', {
        body,
        ...(token === undefined ? {} : { token }),
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    };

    it('starts from the six-section template, as version 1, reviewed now, audited', async () => {
      const { app } = server();
      const rb = await create({ title: 'Disk full', owner_team_id: team.id, tags: ['storage'] }, member);
      assert.equal(rb.body, DEFAULT_TEMPLATE);
      for (const section of ['Symptoms', 'Impact', 'Diagnosis', 'Resolution', 'Escalation', 'Prevention']) {
        assert.ok(rb.body.includes(`## ${section}`), section);
      }
      assert.equal(rb.version, 1);
      assert.equal(rb.owner_team?.id, team.id);
      assert.equal(rb.attached, false);
      assert.equal(rb.reviewed_at, new Date(START).toISOString());
      assert.equal(rb.review_due_at, new Date(START + 90 * 86_400_000).toISOString());
      assert.equal(rb.review_overdue, false);
      assert.match(rb.url, new RegExp(`/runbooks/${rb.id}$`));
      assert.deepEqual(await auditActions(app, 'runbook', rb.id), ['runbook.create']);

      // An admin's own template is what the next one starts from.
      const put = await api(app, 'PUT', '/api/v1/runbook-template', { body: { body: '## Steps\n' } });
      assert.equal(put.status, 200);
      assert.equal((await create({ title: 'Next' })).body, '## Steps\n');
      assert.equal(
        (await api(app, 'PUT', '/api/v1/runbook-template', { token: member, body: { body: 'x' } })).status,
        403,
      );
      await api(app, 'PUT', '/api/v1/runbook-template', { body: { body: DEFAULT_TEMPLATE } });
    });

    it('refuses bad input with 400 naming the field, and other teams with 403', async () => {
      const { app } = server();
      const bad = async (body: Record<string, unknown>, field: RegExp, token?: string) => {
        const res = await api(app, 'POST', '/api/v1/runbooks', { body, ...(token ? { token } : {}) });
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.match(message(res), field);
      };
      await bad(
        { title: 'x', matchers: ['job=~"(unclosed"'] },
        /^body\.matchers\.0\.value: invalid regular expression/,
      );
      await bad({ title: 'x', matchers: ['job'] }, /^body\.matchers\.0: expected one of/);
      await bad({ title: 'x', service_ids: ['svc_nope'] }, /^body\.service_ids\.0: no service/);
      await bad({ title: 'x', owner_team_id: 'team_nope' }, /^body\.owner_team_id: no team/);
      await bad({ title: '   ' }, /title/);
      await bad({ title: 'x', severities: ['loud'] }, /severities/);
      await bad({ title: 'x' }, /^body\.owner_team_id: name the team/, member);
      const first = await create({ title: uniqueName('Same title') });
      const again = await api(app, 'POST', '/api/v1/runbooks', { body: { title: first.title } });
      assert.equal(again.status, 409);
      assert.match(message(again), /already exists/);
      const other = await create({ title: uniqueName('Other title') });
      const rename = await api(app, 'PATCH', `/api/v1/runbooks/${other.id}`, {
        body: { title: first.title },
      });
      assert.equal(rename.status, 409);

      const denied = await api(app, 'POST', '/api/v1/runbooks', {
        token: outsider,
        body: { title: 'Not mine', owner_team_id: team.id },
      });
      assert.equal(denied.status, 403);
      const rb = await create({ title: 'Owned', owner_team_id: team.id });
      assert.equal(
        (await api(app, 'PATCH', `/api/v1/runbooks/${rb.id}`, { token: outsider, body: { body: 'x' } }))
          .status,
        403,
      );
      assert.equal(
        (await api(app, 'DELETE', `/api/v1/runbooks/${rb.id}`, { token: await viewerToken(app) })).status,
        403,
      );
      // Reading is open to everyone signed in.
      assert.equal((await api(app, 'GET', `/api/v1/runbooks/${rb.id}`, { token: outsider })).status, 200);
    });

    it('keeps every version of the text, with a diff; matching changes are not versions; stale edits are 409', async () => {
      const { app } = server();
      const rb = await create(
        { title: 'Queue backlog', owner_team_id: team.id, body: 'one\ntwo\nthree\n' },
        member,
      );
      (server().clock as TestClock).advance(60_000);
      const v2 = await api<RunbookView>(app, 'PATCH', `/api/v1/runbooks/${rb.id}`, {
        token: member,
        body: { body: 'one\n2\nthree\nfour\n', note: 'numbers', if_version: 1 },
      });
      assert.equal(v2.status, 200, JSON.stringify(v2.body));
      assert.equal(v2.body.version, 2);
      const moved = await api<RunbookView>(app, 'PATCH', `/api/v1/runbooks/${rb.id}`, {
        token: member,
        body: { matchers: ['queue="orders"'], review_interval_days: 30 },
      });
      assert.equal(moved.body.version, 2, 'matching is not a new version of the text');
      assert.deepEqual(moved.body.matchers, [{ name: 'queue', op: '=', value: 'orders' }]);
      const stale = await api(app, 'PATCH', `/api/v1/runbooks/${rb.id}`, {
        token: member,
        body: { body: 'x', if_version: 1 },
      });
      assert.equal(stale.status, 409);

      const versions = await api<{ data: { version: number; note: string; edited_by: { id: string } }[] }>(
        app,
        'GET',
        `/api/v1/runbooks/${rb.id}/versions`,
      );
      assert.deepEqual(
        versions.body.data.map((v) => [v.version, v.note]),
        [
          [2, 'numbers'],
          [1, ''],
        ],
      );
      const v1 = await api<{ body: string }>(app, 'GET', `/api/v1/runbooks/${rb.id}/versions/1`);
      assert.equal(v1.body.body, 'one\ntwo\nthree\n');
      const diff = await api<{ lines: { op: string; text: string }[]; unified: string }>(
        app,
        'GET',
        `/api/v1/runbooks/${rb.id}/diff?from=1`,
      );
      assert.deepEqual(diff.body.lines, [
        { op: ' ', text: 'one' },
        { op: '-', text: 'two' },
        { op: '+', text: '2' },
        { op: ' ', text: 'three' },
        { op: '+', text: 'four' },
      ]);
      assert.ok(diff.body.unified.includes('@@ -1,3 +1,4 @@'));
      const beyond = await api(app, 'GET', `/api/v1/runbooks/${rb.id}/diff?from=1&to=9`);
      assert.equal(beyond.status, 400);
      assert.match(message(beyond), /^querystring\.to: the runbook has versions 1 to 2/);
      assert.equal((await api(app, 'GET', `/api/v1/runbooks/${rb.id}/versions/9`)).status, 404);
      assert.deepEqual(await auditActions(app, 'runbook', rb.id), [
        'runbook.create',
        'runbook.update',
        'runbook.update',
      ]);
    });

    it('shows the matching runbooks on the incident, most specific first, and links the best in pages', async () => {
      const { app } = server();
      const name = uniqueName('rbpage').replace(/\W/g, '');
      const user = await buildUser(app, {
        role: 'responder',
        contact_methods: [{ type: 'webhook', address: `${receiver.url}/${name}` }],
      });
      await buildNotificationRule(app, user.id, (user.contact_methods as { id: string }[])[0]!.id, {
        delay_minutes: 0,
      });
      const policy = await buildEscalationPolicy(app, {
        levels: [{ delay_minutes: 60, targets: [{ type: 'user', id: user.id }] }],
      });
      const service = await buildService(app, { escalation_policy_id: policy.id });
      const other = await buildService(app);
      const am = await buildIntegration(app, 'alertmanager', {}, service.id);

      const whole = await create({ title: 'Service overview', service_ids: [service.id] });
      const disk = await create({
        title: 'Disk',
        service_ids: [service.id],
        matchers: ['alertname="DiskFull"'],
      });
      const diskCritical = await create({
        title: 'Disk, critical, db hosts',
        matchers: ['alertname="DiskFull"', 'instance=~"db-.*"'],
        severities: ['critical'],
      });
      await create({ title: 'Other service', service_ids: [other.id] });
      await create({ title: 'Not staging', matchers: ['alertname="DiskFull"', 'env!="prod"'] });

      const fire = async (labels: Record<string, string>, annotations: Record<string, string> = {}) => {
        const res = await api(app, 'POST', `/integrations/${am.key}/api/v2/alerts`, {
          token: null,
          body: [
            {
              labels,
              annotations: { summary: labels.alertname!, ...annotations },
              startsAt: '2026-11-25T09:59:00Z',
            },
          ],
        });
        assert.equal(res.status, 200, JSON.stringify(res.body));
      };
      await fire({ alertname: 'DiskFull', instance: 'db-1', severity: 'critical', env: 'prod' });
      await fire({ alertname: 'DiskFull', instance: 'web-1', severity: 'warning', env: 'prod' });
      await fire({ alertname: 'CpuHigh', instance: 'web-2', env: 'prod' });
      await fire({ alertname: 'Latency', env: 'prod' }, { runbook_url: 'https://wiki.example.com/latency' });
      await server().tocsin.engine.drain();

      const incidents = await api<{ data: { id: string; title: string }[] }>(
        app,
        'GET',
        `/api/v1/incidents?service_id=${service.id}&limit=10`,
      );
      const incidentOf = (title: string) => incidents.body.data.find((i) => i.title.includes(title))!.id;
      type Answer = { alert_runbook_url: string | null; data: { runbook: { id: string }; best: boolean }[] };
      const shown = async (title: string) =>
        (await api<Answer>(app, 'GET', `/api/v1/incidents/${incidentOf(title)}/runbooks`)).body;

      const pages = receiver.requests
        .filter((r) => r.path === `/${name}`)
        .flatMap(
          (r) =>
            (r.json as { incidents: { id: string; summary: string; runbook_url: string | null }[] })
              .incidents,
        );
      const linkOf = (summary: string) =>
        pages.filter((p) => p.summary === summary).map((p) => p.runbook_url);

      // The DiskFull incidents: db-1 critical is matched by the most specific runbook first.
      const diskIncidents = incidents.body.data.filter((i) => i.title.includes('DiskFull'));
      assert.equal(diskIncidents.length, 2);
      const answers = await Promise.all(
        diskIncidents.map(
          async (i) => (await api<Answer>(app, 'GET', `/api/v1/incidents/${i.id}/runbooks`)).body,
        ),
      );
      const ids = answers.map((a) => a.data.map((d) => d.runbook.id)).sort((x, y) => y.length - x.length);
      assert.deepEqual(ids, [
        [diskCritical.id, disk.id, whole.id],
        [disk.id, whole.id],
      ]);
      for (const a of answers)
        assert.deepEqual(
          a.data.map((d) => d.best),
          [true, ...a.data.slice(1).map(() => false)],
        );
      assert.deepEqual(linkOf('DiskFull').sort(), [diskCritical.url, disk.url].sort());

      // Only the service runbook matches CpuHigh; Latency brings its own link, which wins in pages.
      assert.deepEqual(
        (await shown('CpuHigh')).data.map((d) => d.runbook.id),
        [whole.id],
      );
      assert.deepEqual(linkOf('CpuHigh'), [whole.url]);
      const latency = await shown('Latency');
      assert.equal(latency.alert_runbook_url, 'https://wiki.example.com/latency');
      assert.deepEqual(
        latency.data.map((d) => d.runbook.id),
        [whole.id],
      );
      assert.deepEqual(linkOf('Latency'), ['https://wiki.example.com/latency']);

      // The coverage report: the other services have no runbook of theirs; every alert here is covered.
      const coverage = await api<{
        services_without_runbook: { id: string }[];
        alerts_without_runbook: { service: { id: string } }[];
        alerts_covered: number;
      }>(app, 'GET', '/api/v1/runbooks/coverage');
      assert.equal(coverage.status, 200);
      const uncovered = coverage.body.services_without_runbook.map((s) => s.id);
      assert.ok(!uncovered.includes(service.id));
      assert.ok(!uncovered.includes(other.id));
      assert.ok(!coverage.body.alerts_without_runbook.some((a) => a.service.id === service.id));

      // Deleting the service runbook: CpuHigh is now uncovered, named by its alertname.
      assert.equal((await api(app, 'DELETE', `/api/v1/runbooks/${whole.id}`)).status, 204);
      const after = await api<{
        alerts_without_runbook: { service: { id: string }; alert: string; alerts: number }[];
      }>(app, 'GET', '/api/v1/runbooks/coverage');
      assert.deepEqual(
        after.body.alerts_without_runbook
          .filter((a) => a.service.id === service.id)
          .map((a) => [a.alert, a.alerts]),
        [['CpuHigh', 1]],
      );
      assert.deepEqual(await auditActions(app, 'runbook', whole.id), ['runbook.create', 'runbook.delete']);
    });

    it('counts what responders said helped, and runs sent, as runbook use in insights', async () => {
      const { app } = server();
      const service = await buildService(app, { team_id: team.id });
      const am = await buildIntegration(app, 'alertmanager', {}, service.id);
      const rb = await create({ title: uniqueName('Helpful'), service_ids: [service.id] });
      const step = await api<{ id: string }>(app, 'POST', `/api/v1/runbooks/${rb.id}/steps`, {
        body: { name: 'Ping', approval: 'safe', url: `${receiver.url}/efficacy` },
      });
      const incidents: string[] = [];
      for (const name of ['A', 'B', 'C', 'D']) {
        await api(app, 'POST', `/integrations/${am.key}/api/v2/alerts`, {
          token: null,
          body: [{ labels: { alertname: name } }],
        });
        const list = await api<{ data: { id: string }[] }>(
          app,
          'GET',
          `/api/v1/incidents?service_id=${service.id}&limit=1`,
        );
        incidents.push(list.body.data[0]!.id);
      }
      const say = (incident: string, helped: boolean) =>
        api(app, 'PUT', `/api/v1/incidents/${incident}/runbooks/${rb.id}/feedback`, {
          token: member,
          body: { helped },
        });
      assert.equal((await say(incidents[0]!, false)).status, 200);
      assert.equal((await say(incidents[0]!, true)).status, 200, 'the latest word counts');
      assert.equal((await say(incidents[1]!, false)).status, 200);
      const ran = await api(app, 'POST', `/api/v1/runbooks/${rb.id}/steps/${step.body.id}/runs`, {
        body: { incident_id: incidents[2] },
      });
      assert.equal(ran.status, 201);
      await server().tocsin.engine.drain();
      assert.equal((await say(incidents[0]!, true)).status, 200);
      const shown = await api<{
        data: { runbook: { id: string }; feedback: { helped: boolean; given_by: { id: string } } | null }[];
      }>(app, 'GET', `/api/v1/incidents/${incidents[0]}/runbooks`);
      assert.deepEqual(
        shown.body.data.map((d) => [d.runbook.id, d.feedback?.helped, d.feedback?.given_by.id]),
        [[rb.id, true, memberId]],
      );
      const now = (server().clock as TestClock).now();
      const range = `from=${new Date(now - 86_400_000).toISOString()}&to=${new Date(now + 60_000).toISOString()}`;
      const health = await api<{ runbooks: Record<string, number | null> }>(
        app,
        'GET',
        `/api/v1/insights/process-health?${range}&service_id=${service.id}`,
      );
      assert.equal(health.status, 200, JSON.stringify(health.body));
      assert.deepEqual(health.body.runbooks, { used: 3, marked: 2, helped: 1, efficacy: 0.5 });
      const timeline = await api(app, 'GET', `/api/v1/incidents/${incidents[1]}/timeline`);
      assert.match(JSON.stringify(timeline.body), /did not help/);
    });

    it('is overdue for review after its interval, found by the library filter, and reviewed again', async () => {
      const { app } = server();
      const rb = await create(
        { title: uniqueName('Weekly review'), owner_team_id: team.id, review_interval_days: 7 },
        member,
      );
      (server().clock as TestClock).advance(8 * 86_400_000);
      const got = await api<RunbookView>(app, 'GET', `/api/v1/runbooks/${rb.id}`);
      assert.equal(got.body.review_overdue, true);
      const overdue = await api<{ data: { id: string }[] }>(
        app,
        'GET',
        '/api/v1/runbooks?review_overdue=true&limit=500',
      );
      assert.ok(overdue.body.data.some((r) => r.id === rb.id));
      const reviewed = await api<RunbookView>(app, 'POST', `/api/v1/runbooks/${rb.id}/review`, {
        token: member,
      });
      assert.equal(reviewed.status, 200);
      assert.equal(reviewed.body.review_overdue, false);
      assert.equal(reviewed.body.reviewed_by?.id, memberId);
      const notOverdue = await api<{ data: { id: string }[] }>(
        app,
        'GET',
        '/api/v1/runbooks?review_overdue=true&limit=500',
      );
      assert.ok(!notOverdue.body.data.some((r) => r.id === rb.id));
      const byTag = await api<{ data: { id: string }[] }>(
        app,
        'GET',
        `/api/v1/runbooks?q=${encodeURIComponent('weekly review')}`,
      );
      assert.ok(byTag.body.data.some((r) => r.id === rb.id));
    });
  },
  { clock: () => fixedClock(START) },
);
