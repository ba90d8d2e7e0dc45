import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, it } from 'node:test';
import {
  buildEscalationPolicy,
  buildIntegration,
  buildService,
  buildUser,
  homeTeamFor,
  tokenFor,
  uniqueName,
} from '../../test/factories.ts';
import { api, apiOk, describeEachDialect } from '../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../test/receivers.ts';
import { remindedOwner } from '../../test/reminded-owner.ts';
import { type Clock, fixedClock } from '../platform/clock.ts';
import type { IncidentView } from '../incidents/schemas.ts';
import type { PostmortemView } from './schemas.ts';

/**
 * Issue 19's walk-through, through the HTTP API only: an alert from a PagerDuty Events v2 sender
 * pages the on-call person, the incident is worked as a SEV1 and resolved, its postmortem is
 * drafted (the timeline table and durations checked against the stored timestamps), written,
 * reviewed and published, which closes the incident; the Markdown export carries all of it.
 * With TOCSIN_WALKTHROUGH_MD=<file>, the SQLite run writes that Markdown there (the closing note
 * of the issue shows it).
 */

const MIN = 60_000;
// Tuesday 2026-11-24, 13:58 UTC (14:58 in Berlin): the alert says it started two minutes before.
const T0 = Date.parse('2026-11-24T14:00:00Z');
const ZONE = 'Europe/Berlin';
let clock: Clock & { set(t: number): void };
let hooks: HttpReceiver;

before(async () => {
  hooks = await startHttpReceiver();
});
after(() => hooks.close());

describeEachDialect(
  'postmortem walk-through: from an alert to a published postmortem and a closed incident',
  (server, dialect) => {
    it('drafts from the stored timestamps, publishes after approval, closes the SEV1 and exports Markdown', async () => {
      const { app, tocsin } = server();
      clock.set(T0 - 30 * MIN);
      const oncall = await remindedOwner(app, hooks, ZONE, 'Alice');
      const alice = { ...oncall.user, token: await tokenFor(app, oncall.user.id) };
      const bobUser = await buildUser(app, { name: uniqueName('Bob'), role: 'responder', time_zone: ZONE });
      const bob = { ...bobUser, token: await tokenFor(app, bobUser.id) };
      const carolUser = await buildUser(app, {
        name: uniqueName('Carol'),
        role: 'responder',
        time_zone: 'UTC',
      });
      const carol = { ...carolUser, token: await tokenFor(app, carolUser.id) };
      await homeTeamFor(app, [alice.id, bob.id, carol.id]);
      const policy = await buildEscalationPolicy(app, {
        name: uniqueName('Payments primary'),
        levels: [{ delay_minutes: 10, targets: [{ type: 'user', id: alice.id }] }],
      });
      const service = await buildService(app, {
        name: uniqueName('payments-db'),
        escalation_policy_id: policy.id,
      });
      const integration = await buildIntegration(app, 'events-v2', {}, service.id);

      const ok = <T = unknown>(
        method: 'POST' | 'PATCH' | 'PUT',
        url: string,
        token: string,
        body?: unknown,
      ) => apiOk<T>(app, method, url, token, body);

      // The alert arrives; the engine pages Alice by her high-urgency webhook.
      clock.set(T0);
      const sent = await api(app, 'POST', '/v2/enqueue', {
        token: null,
        body: {
          routing_key: integration.key,
          event_action: 'trigger',
          dedup_key: uniqueName('primary-down'),
          payload: {
            summary: 'payments-db primary unreachable',
            source: 'pg-primary-1',
            severity: 'critical',
            timestamp: new Date(T0 - 2 * MIN).toISOString(),
          },
        },
      });
      assert.equal(sent.status, 202, JSON.stringify(sent.body));
      await tocsin.engine.drain();
      const page = oncall.received('high');
      assert.equal(page.length, 1, 'Alice was paged');
      assert.equal(page[0]!.event, 'incident.page');
      const ref = page[0]!.incidents[0]!.ref;

      clock.set(T0 + 4 * MIN);
      await ok('POST', `/api/v1/incidents/${ref}/acknowledge`, alice.token);
      clock.set(T0 + 6 * MIN);
      await ok('PATCH', `/api/v1/incidents/${ref}`, alice.token, { severity: 'SEV1' });
      await ok('PUT', `/api/v1/incidents/${ref}/roles/commander`, alice.token, { user_id: bob.id });
      clock.set(T0 + 9 * MIN);
      await ok('POST', `/api/v1/incidents/${ref}/notes`, alice.token, {
        message: 'Primary lost its disk; replica is 4 s behind. Failing over.',
        pinned: true,
      });
      clock.set(T0 + 12 * MIN);
      await ok('POST', `/api/v1/incidents/${ref}/updates`, bob.token, {
        message: 'Payments are failing. We are failing over to the replica.',
      });
      clock.set(T0 + 21 * MIN);
      await ok('POST', `/api/v1/incidents/${ref}/mitigate`, bob.token);
      clock.set(T0 + 47 * MIN);
      await ok('POST', `/api/v1/incidents/${ref}/resolve`, bob.token);
      await ok('POST', `/api/v1/incidents/${ref}/action-items`, bob.token, {
        title: 'Alert on replica lag above 2 s',
        owner_id: alice.id,
        due_date: '2026-12-04',
        priority: 'high',
      });

      // The postmortem, drafted from what was stored.
      clock.set(T0 + 2 * 60 * MIN);
      const pm = await ok<PostmortemView>('POST', '/api/v1/postmortems', bob.token, {
        incident_id: ref,
        tags: ['database', 'failover'],
      });
      assert.equal(pm.time_zone, ZONE, "the commander's zone");
      const row = await server()
        .tdb.db.selectFrom('incidents')
        .selectAll()
        .where('number', '=', Number(ref.slice(4)))
        .executeTakeFirstOrThrow();
      const local = (ms: unknown) =>
        new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, dateStyle: 'short', timeStyle: 'short' }).format(
          Number(ms),
        );
      const timeline = pm.sections.find((s) => s.key === 'timeline')!.body.split('\n');
      assert.deepEqual(timeline.slice(0, 4), [
        `| Time (${ZONE}) | Event |`,
        '| --- | --- |',
        `| ${local(T0 - 2 * MIN)} | First alert: payments-db primary unreachable (pg-primary-1, critical) |`,
        `| ${local(row.created_at)} | ${ref} triggered: payments-db primary unreachable |`,
      ]);
      const rowAt = (ms: unknown, text: string) => `| ${local(ms)} | ${text} |`;
      for (const expected of [
        rowAt(row.acknowledged_at, `Acknowledged by ${alice.name}`),
        rowAt(row.mitigated_at, `Mitigated by ${bob.name}`),
        rowAt(row.resolved_at, `Resolved by ${bob.name}`),
      ]) {
        assert.ok(timeline.includes(expected), `${expected} in\n${timeline.join('\n')}`);
      }
      assert.ok(
        timeline.some((l) => l.includes('Primary lost its disk')),
        'the pinned note',
      );
      assert.ok(
        timeline.some((l) => l.includes('Payments are failing')),
        'the status update',
      );
      const response = pm.sections.find((s) => s.key === 'response')!.body;
      for (const [label, ms] of [
        ['acknowledge', Number(row.acknowledged_at) - Number(row.created_at)],
        ['mitigate', Number(row.mitigated_at) - Number(row.created_at)],
        ['resolve', Number(row.resolved_at) - Number(row.created_at)],
      ] as const) {
        assert.match(response, new RegExp(`\\*\\*Time to ${label}:\\*\\* ${ms / MIN} min `));
      }
      assert.match(pm.sections.find((s) => s.key === 'action_items')!.body, /Alert on replica lag above 2 s/);

      // Written, reviewed, approved and published by the commander: the SEV1 closes.
      const written: Record<string, string> = {
        root_cause: 'The primary’s data disk failed; automatic failover was disabled since a migration.',
        contributing_factors:
          '- The failover runbook still named the old replica.\n- Replica lag had no alert.',
        resolution: 'Promoted the replica by hand at 15:19 and pointed the payments service at it.',
        went_well: 'The alert fired two minutes after the disk failed; the page was acknowledged in four.',
        went_poorly: 'Finding the current replica took nine minutes.',
        lucky: 'The replica was only 4 s behind: a busier hour would have lost payments.',
        lessons: 'Failover that is never exercised is not there when needed.',
      };
      const sections = pm.sections.map((s) =>
        written[s.key] === undefined ? s : { ...s, body: written[s.key]! },
      );
      clock.set(T0 + 26 * 60 * MIN);
      await ok('PATCH', `/api/v1/postmortems/${pm.id}`, bob.token, { sections, if_revision: pm.revision });
      await ok('POST', `/api/v1/postmortems/${pm.id}/status`, bob.token, { status: 'in_review' });
      await ok('POST', `/api/v1/postmortems/${pm.id}/reviewers`, bob.token, { user_ids: [carol.id] });
      await ok('POST', `/api/v1/postmortems/${pm.id}/approve`, carol.token);
      const open = await api<IncidentView>(app, 'GET', `/api/v1/incidents/${ref}`);
      assert.equal(open.body.status, 'resolved', 'not closed before the postmortem is published');
      const published = await ok<PostmortemView>('POST', `/api/v1/postmortems/${pm.id}/status`, bob.token, {
        status: 'published',
      });
      assert.equal(published.status, 'published');
      const closed = await api<IncidentView>(app, 'GET', `/api/v1/incidents/${ref}`);
      assert.equal(closed.body.status, 'closed');

      const md = await api<string>(app, 'GET', `/api/v1/postmortems/${pm.id}.md`);
      assert.equal(md.status, 200);
      const text = md.body;
      for (const line of [
        `| Severity | SEV1 |`,
        `| Time to detect | 2 min |`,
        `| Time to acknowledge | ${(Number(row.acknowledged_at) - Number(row.created_at)) / MIN} min |`,
        `| Reviewers | ${carol.name} (approved) |`,
        '## Root cause',
        'automatic failover was disabled since a migration',
        '| Alert on replica lag above 2 s | ',
      ]) {
        assert.ok(text.includes(line), `${line} in the Markdown:\n${text}`);
      }
      const out = process.env.TOCSIN_WALKTHROUGH_MD;
      if (out !== undefined && out !== '' && dialect === 'sqlite') writeFileSync(out, text);
    });
  },
  { clock: () => (clock = fixedClock(T0)) },
);
