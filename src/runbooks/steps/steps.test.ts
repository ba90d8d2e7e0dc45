import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  addMember,
  auditActions,
  buildIntegration,
  buildService,
  buildTeam,
  buildUser,
  tokenFor,
  uniqueName,
} from '../../../test/factories.ts';
import { api, describeEachDialect } from '../../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../../test/receivers.ts';
import { startSecondEngine } from '../../../test/second-engine.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { RunView, StepView } from './schemas.ts';

/**
 * Automated runbook steps on both databases (issue 22): a step against a local HTTP receiver with
 * the incident's labels filled in and a secret header that reaches the receiver but no answer,
 * timeline entry or audit record; a dry run; approval by a second person (refused for the one who
 * asked and for a role below the step's); the kill switch stopping a pending run and refusing new
 * ones; the metadata address refused when saved, and a name resolving to it refused when sent.
 */
const START = Date.parse('2026-11-25T10:00:00Z');
const SECRET = 'tok-3f9a1c77d2b04e6c';
const message = (res: { body: unknown }) => (res.body as { error: { message: string } }).error.message;

let receiver: HttpReceiver;
before(async () => {
  receiver = await startHttpReceiver({
    // The receiver echoes what it got, so a leak of the secret into the stored answer would show.
    respond: (r) => ({
      status: r.path.includes('fail') ? 503 : 200,
      body: { got: r.headers.authorization ?? null, path: r.path },
    }),
  });
});
after(() => receiver.close());

describeEachDialect(
  'runbook steps',
  (server, dialect) => {
    // The receiver is shared by both databases' suites: each sends under its own path.
    const got = (path: string) => receiver.requests.filter((r) => r.path === `/${dialect}${path}`);
    let service: { id: string };
    let amKey: string;
    let responder: string;
    let second: string;
    let runbookId: string;

    before(async () => {
      const { app } = server();
      const team = await buildTeam(app);
      const a = await buildUser(app, { role: 'responder' });
      const b = await buildUser(app, { role: 'responder' });
      for (const u of [a, b]) await addMember(app, team.id, u.id);
      responder = await tokenFor(app, a.id);
      second = await tokenFor(app, b.id);
      service = await buildService(app, { team_id: team.id });
      amKey = (await buildIntegration(app, 'alertmanager', {}, service.id)).key;
      const secret = await api(app, 'POST', '/api/v1/runbook-secrets', {
        body: { name: 'ops_token', value: SECRET },
      });
      assert.equal(secret.status, 201, JSON.stringify(secret.body));
      assert.ok(!JSON.stringify(secret.body).includes(SECRET));
      const rb = await api<{ id: string }>(app, 'POST', '/api/v1/runbooks', {
        body: { title: uniqueName('Restart'), owner_team_id: team.id, service_ids: [service.id] },
      });
      runbookId = rb.body.id;
    });

    const incidentFor = async (labels: Record<string, string>) => {
      const { app } = server();
      const res = await api(app, 'POST', `/integrations/${amKey}/api/v2/alerts`, {
        token: null,
        body: [
          {
            labels: { alertname: 'DiskFull', ...labels },
            annotations: { summary: `disk ${labels.instance ?? ''}` },
          },
        ],
      });
      assert.equal(res.status, 200);
      const list = await api<{ data: { id: string; title: string }[] }>(
        app,
        'GET',
        `/api/v1/incidents?service_id=${service.id}&limit=1`,
      );
      return list.body.data[0]!.id;
    };
    const addStep = async (body: Record<string, unknown>, token?: string) => {
      const res = await api<StepView>(server().app, 'POST', `/api/v1/runbooks/${runbookId}/steps`, {
        body,
        ...(token === undefined ? {} : { token }),
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    };
    const runStep = (stepId: string, incidentId: string, token: string, dryRun = false) =>
      api<
        RunView & {
          request: { url: string; headers: { name: string; value: string }[]; body: string | null };
        }
      >(server().app, 'POST', `/api/v1/runbooks/${runbookId}/steps/${stepId}/runs`, {
        token,
        body: { incident_id: incidentId, ...(dryRun ? { dry_run: true } : {}) },
      });
    const drain = () => server().tocsin.engine.drain();

    it('refuses bad steps when saved, each naming its field', async () => {
      const { app } = server();
      const bad = async (body: Record<string, unknown>, field: RegExp) => {
        const res = await api(app, 'POST', `/api/v1/runbooks/${runbookId}/steps`, {
          body: { name: 'x', ...body },
        });
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.match(message(res), field);
      };
      await bad({ url: `${receiver.url}/${dialect}/{{labels.instance}` }, /^body\.url: an unclosed/);
      await bad(
        { url: `${receiver.url}/${dialect}/{{incident.nope}}` },
        /^body\.url: unknown variable \{\{incident\.nope\}\}/,
      );
      await bad(
        { url: `${receiver.url}/${dialect}/?t={{secrets.ops_token}}` },
        /^body\.url: a secret may not go in the URL/,
      );
      await bad({ url: 'ftp://example.com/x' }, /^body\.url: must be http or https/);
      await bad({ url: 'http://169.254.169.254/latest/meta-data/' }, /^body\.url: blocked: /);
      await bad(
        {
          url: `${receiver.url}/${dialect}/x`,
          headers: [{ name: 'Authorization', value: 'Bearer {{secrets.missing}}' }],
        },
        /^body\.headers\.0\.value: no secret named "missing"/,
      );
      await bad(
        { url: `${receiver.url}/${dialect}/x`, headers: [{ name: 'Host', value: 'a' }] },
        /^body\.headers\.0\.name: Host is set by Tocsin/,
      );
      await bad(
        { url: `${receiver.url}/${dialect}/x`, method: 'GET', body: '{}' },
        /^body\.body: a GET request has no body/,
      );
      await bad({ url: `${receiver.url}/${dialect}/x`, auto_run: true }, /^body\.auto_run: only safe steps/);
      await bad(
        {
          url: 'https://{{labels.instance}}/x',
          headers: [{ name: 'Authorization', value: 'Bearer {{secrets.ops_token}}' }],
        },
        /^body\.url: a step that sends a secret must name its host/,
      );
      // A responder of the team may add steps, but not one that sends a secret.
      await addStep({ name: uniqueName('plain'), url: `${receiver.url}/${dialect}/plain` }, responder);
      const withSecret = await api(app, 'POST', `/api/v1/runbooks/${runbookId}/steps`, {
        token: responder,
        body: {
          name: 'sends',
          url: `${receiver.url}/${dialect}/x`,
          headers: [{ name: 'Authorization', value: 'Bearer {{secrets.ops_token}}' }],
        },
      });
      assert.equal(withSecret.status, 403);
      assert.equal(
        (
          await api(app, 'POST', '/api/v1/runbook-secrets', {
            token: responder,
            body: { name: 'x', value: 'abcdefgh' },
          })
        ).status,
        403,
      );
    });

    it('runs a safe step with labels filled in and the secret sent, but never shown, stored or logged', async () => {
      const { app } = server();
      const step = await addStep({
        name: 'Restart disk agent',
        approval: 'safe',
        method: 'POST',
        url: `${receiver.url}/${dialect}/restart/{{labels.instance}}?incident={{incident.ref}}`,
        headers: [
          { name: 'Authorization', value: 'Bearer {{secrets.ops_token}}' },
          { name: 'Content-Type', value: 'application/json' },
        ],
        body: '{"host":"{{labels.instance}}","note":"{{alert.summary}}"}',
      });
      assert.deepEqual(step.secrets, ['ops_token']);
      const incident = await incidentFor({ instance: 'db-1 "primary"' });

      const dry = await runStep(step.id, incident, responder, true);
      assert.equal(dry.status, 200, JSON.stringify(dry.body));
      assert.match(dry.body.request.url, /\/restart\/db-1%20%22primary%22\?incident=INC-\d+$/);
      assert.deepEqual(dry.body.request.headers[0], {
        name: 'Authorization',
        value: 'Bearer [secret:ops_token]',
      });
      assert.equal(dry.body.request.body, '{"host":"db-1 \\"primary\\"","note":"disk db-1 \\"primary\\""}');
      const before = receiver.requests.length;

      const run = await runStep(step.id, incident, responder);
      assert.equal(run.status, 201, JSON.stringify(run.body));
      assert.equal(run.body.status, 'queued');
      assert.equal(receiver.requests.length, before, 'a dry run sends nothing');
      await drain();
      const got = receiver.requests.filter((r) => r.path.startsWith(`/${dialect}/restart/`));
      assert.equal(got.length, 1);
      assert.equal(got[0]!.headers.authorization, `Bearer ${SECRET}`);
      assert.deepEqual(got[0]!.json, { host: 'db-1 "primary"', note: 'disk db-1 "primary"' });

      const done = await api<RunView>(app, 'GET', `/api/v1/runbook-runs/${run.body.id}`, {
        token: responder,
      });
      assert.equal(done.body.status, 'succeeded');
      assert.equal(done.body.status_code, 200);
      assert.equal(typeof done.body.duration_ms, 'number');
      assert.match(done.body.response ?? '', /"got":"Bearer \[redacted\]"/);
      const timeline = await api(app, 'GET', `/api/v1/incidents/${incident}/timeline?limit=500`);
      assert.match(
        JSON.stringify(timeline.body),
        /Runbook step \\"Restart disk agent\\" \(POST .*\) succeeded: HTTP 200/,
      );
      const audit = await api(app, 'GET', `/api/v1/audit?target_type=runbook_run&target_id=${run.body.id}`);
      assert.ok(JSON.stringify(audit.body).includes('runbook_run.finish'));
      const everything = [
        JSON.stringify(done.body),
        JSON.stringify(timeline.body),
        JSON.stringify(audit.body),
        JSON.stringify((await api(app, 'GET', `/api/v1/audit?target_type=runbook_secret`)).body),
        JSON.stringify((await api(app, 'GET', `/api/v1/incidents/${incident}/runbook-runs`)).body),
        JSON.stringify((await api(app, 'GET', `/api/v1/runbooks/${runbookId}/steps`)).body),
        JSON.stringify((await api(app, 'GET', '/api/v1/runbook-secrets')).body),
      ].join('\n');
      assert.ok(!everything.includes(SECRET), 'the secret is in no answer, timeline or audit entry');
      // A viewer sees that it ran, but not the receiver's answer.
      const viewer = await tokenFor(app, (await buildUser(app, { role: 'viewer' })).id);
      const seen = await api<RunView>(app, 'GET', `/api/v1/runbook-runs/${run.body.id}`, { token: viewer });
      assert.equal(seen.body.status_code, 200);
      assert.equal(seen.body.response, null);
    });

    it('needs a second person to approve, with the role the step names', async () => {
      const { app } = server();
      const step = await addStep({
        name: 'Fail over',
        url: `${receiver.url}/${dialect}/failover/{{labels.instance}}`,
        approver_role: 'responder',
      });
      assert.equal(step.approval, 'approval', 'steps need approval unless marked safe');
      const incident = await incidentFor({ instance: 'db-2' });
      const asked = await runStep(step.id, incident, responder);
      assert.equal(asked.body.status, 'pending_approval');
      await drain();
      assert.equal(got('/failover/db-2').length, 0, 'nothing runs before approval');

      const self = await api(app, 'POST', `/api/v1/runbook-runs/${asked.body.id}/approve`, {
        token: responder,
        body: {},
      });
      assert.equal(self.status, 403);
      assert.match(message(self), /a second person must approve/);
      const viewer = await tokenFor(app, (await buildUser(app, { role: 'viewer' })).id);
      assert.equal(
        (await api(app, 'POST', `/api/v1/runbook-runs/${asked.body.id}/approve`, { token: viewer, body: {} }))
          .status,
        403,
      );
      const listed = await api<{ data: RunView[] }>(
        app,
        'GET',
        `/api/v1/incidents/${incident}/runbook-runs`,
        { token: second },
      );
      assert.equal(listed.body.data[0]!.can_approve, true);

      const ok = await api<RunView>(app, 'POST', `/api/v1/runbook-runs/${asked.body.id}/approve`, {
        token: second,
        body: {},
      });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.status, 'queued');
      await drain();
      assert.equal(got('/failover/db-2').length, 1);
      const again = await api(app, 'POST', `/api/v1/runbook-runs/${asked.body.id}/approve`, {
        token: second,
        body: {},
      });
      assert.equal(again.status, 409);

      // An admin-only step: a responder cannot approve it.
      const risky = await addStep({
        name: 'Drop cache',
        url: `${receiver.url}/${dialect}/drop`,
        approver_role: 'admin',
      });
      const r2 = await runStep(risky.id, incident, responder);
      const denied = await api(app, 'POST', `/api/v1/runbook-runs/${r2.body.id}/approve`, {
        token: second,
        body: {},
      });
      assert.equal(denied.status, 403);
      assert.match(message(denied), /needs the admin role/);
      const rejected = await api<RunView>(app, 'POST', `/api/v1/runbook-runs/${r2.body.id}/reject`, {
        body: { reason: 'not now' },
      });
      assert.equal(rejected.body.status, 'rejected');
      assert.deepEqual(await auditActions(app, 'runbook_run', r2.body.id), [
        'runbook_run.request',
        'runbook_run.reject',
      ]);
    });

    it('the kill switch stops a pending run and refuses new ones until an admin turns it off', async () => {
      const { app } = server();
      const step = await addStep({
        name: 'Scale up',
        url: `${receiver.url}/${dialect}/scale`,
        approval: 'safe',
      });
      const gated = await addStep({ name: 'Reboot', url: `${receiver.url}/${dialect}/reboot` });
      const incident = await incidentFor({ instance: 'db-3' });
      const pending = await runStep(gated.id, incident, responder);
      const queued = await runStep(step.id, incident, responder);
      assert.equal(queued.body.status, 'queued');

      const on = await api<{ global: { engaged: boolean } }>(app, 'PUT', '/api/v1/runbook-kill-switch', {
        token: responder,
        body: { engaged: true, reason: 'bad deploy' },
      });
      assert.equal(on.status, 200, JSON.stringify(on.body));
      assert.equal(on.body.global.engaged, true);
      await drain();
      for (const id of [pending.body.id, queued.body.id]) {
        const r = await api<RunView>(app, 'GET', `/api/v1/runbook-runs/${id}`);
        assert.equal(r.body.status, 'cancelled');
        assert.match(r.body.error ?? '', /stopped by the global kill switch \(bad deploy\)/);
      }
      assert.equal(got('/scale').length + got('/reboot').length, 0);
      const refused = await runStep(step.id, incident, responder);
      assert.equal(refused.body.status, 'refused');
      assert.match(refused.body.error ?? '', /the global kill switch is on \(bad deploy\)/);
      const dry = await runStep(step.id, incident, responder, true);
      assert.match((dry.body as unknown as { refused: string }).refused, /kill switch is on/);

      const byResponder = await api(app, 'PUT', '/api/v1/runbook-kill-switch', {
        token: responder,
        body: { engaged: false },
      });
      assert.equal(byResponder.status, 403);
      // The service's own switch works the same way, for that service only.
      await api(app, 'PUT', '/api/v1/runbook-kill-switch', { body: { engaged: false } });
      await api(app, 'PUT', '/api/v1/runbook-kill-switch', {
        token: responder,
        body: { engaged: true, service_id: service.id },
      });
      assert.equal((await runStep(step.id, incident, responder)).body.status, 'refused');
      await api(app, 'PUT', '/api/v1/runbook-kill-switch', {
        body: { engaged: false, service_id: service.id },
      });
      const ran = await runStep(step.id, incident, responder);
      assert.equal(ran.body.status, 'queued');
      await drain();
      assert.equal(got('/scale').length, 1);
      assert.deepEqual((await auditActions(app, 'runbook_kill_switch', 'global')).slice(0, 2), [
        'runbook_kill_switch.on',
        'runbook_kill_switch.off',
      ]);
    });

    it('refuses a label of ".." in the URL, and cancels the runs of a deleted step', async () => {
      const { app } = server();
      const step = await addStep({
        name: 'Climb',
        url: `${receiver.url}/${dialect}/hosts/{{labels.instance}}/restart`,
      });
      const climbing = await incidentFor({ instance: '..' });
      const refused = await runStep(step.id, climbing, responder);
      assert.equal(refused.status, 400);
      assert.match(message(refused), /\{\{labels\.instance\}\} is "\.\.", which would change the URL's path/);
      const incident = await incidentFor({ instance: 'db-9' });
      const pending = await runStep(step.id, incident, responder);
      assert.equal(pending.body.status, 'pending_approval');
      assert.equal(
        (await api(app, 'DELETE', `/api/v1/runbooks/${runbookId}/steps/${step.id}`, { token: responder }))
          .status,
        204,
      );
      const after = await api<RunView>(app, 'GET', `/api/v1/runbook-runs/${pending.body.id}`);
      assert.equal(after.body.status, 'cancelled');
      assert.match(after.body.error ?? '', /its step was deleted/);
    });

    it('refuses, when sending, a host from the labels that is the metadata address or resolves to it', async () => {
      const { app } = server();
      const step = await addStep({
        name: 'Probe',
        url: 'http://{{labels.host}}/latest/meta-data/',
        approval: 'safe',
      });
      const other = await startSecondEngine(
        server(),
        server().clock,
        {},
        {
          outboundResolve: (host) =>
            Promise.resolve(
              host === 'metadata.internal.test' ? [{ address: '169.254.169.254', family: 4 }] : [],
            ),
        },
      );
      try {
        for (const host of ['169.254.169.254', 'metadata.internal.test']) {
          const incident = await incidentFor({ instance: host, host });
          const run = await runStep(step.id, incident, responder);
          await other.engine.drain();
          const r = await api<RunView>(app, 'GET', `/api/v1/runbook-runs/${run.body.id}`);
          assert.equal(r.body.status, 'failed', host);
          assert.match(r.body.error ?? '', /^blocked: /, host);
        }
      } finally {
        await other.close();
      }
    });

    it('runs a safe auto-run step when a matching alert fires, once per incident, within its hourly limit', async () => {
      const { app } = server();
      const rb = await api<{ id: string }>(app, 'POST', '/api/v1/runbooks', {
        body: { title: uniqueName('Auto'), matchers: ['alertname="AutoFix"'] },
      });
      const step = await api<StepView>(app, 'POST', `/api/v1/runbooks/${rb.body.id}/steps`, {
        body: {
          name: 'Clear cache',
          approval: 'safe',
          auto_run: true,
          auto_run_per_hour: 1,
          url: `${receiver.url}/${dialect}/auto/{{labels.instance}}`,
        },
      });
      assert.equal(step.status, 201, JSON.stringify(step.body));
      const fire = async (instance: string) => {
        const res = await api(app, 'POST', `/integrations/${amKey}/api/v2/alerts`, {
          token: null,
          body: [{ labels: { alertname: 'AutoFix', instance }, annotations: { summary: 'cache' } }],
        });
        assert.equal(res.status, 200);
        // Alerts are acted on once they are a few seconds old (a slower commit is not skipped).
        (server().clock as ReturnType<typeof fixedClock>).advance(3_000);
        await drain();
      };
      await fire('cache-1');
      await fire('cache-1'); // the same alert again: no second run for its incident
      assert.equal(got('/auto/cache-1').length, 1);
      const first = (
        await api<{ data: { id: string }[] }>(
          app,
          'GET',
          `/api/v1/incidents?service_id=${service.id}&limit=1`,
        )
      ).body.data[0]!.id;
      const runs = await api<{ data: RunView[] }>(app, 'GET', `/api/v1/incidents/${first}/runbook-runs`);
      assert.deepEqual(
        runs.body.data.map((r) => [r.trigger, r.status, r.requested_by.type]),
        [['auto', 'succeeded', 'system']],
      );

      await fire('cache-2'); // another incident, within the hour: over the limit of one
      assert.equal(got('/auto/cache-2').length, 0);
      const second = (
        await api<{ data: { id: string }[] }>(
          app,
          'GET',
          `/api/v1/incidents?service_id=${service.id}&limit=1`,
        )
      ).body.data[0]!.id;
      const limited = await api<{ data: RunView[] }>(app, 'GET', `/api/v1/incidents/${second}/runbook-runs`);
      assert.equal(limited.body.data.length, 1);
      assert.equal(limited.body.data[0]!.status, 'refused');
      assert.match(limited.body.data[0]!.error ?? '', /ran 1 times on this service in the last hour/);
    });
  },
  { clock: () => fixedClock(START) },
);
