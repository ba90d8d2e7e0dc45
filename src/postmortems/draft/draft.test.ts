import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import {
  buildEscalationPolicy,
  buildIncident,
  buildIntegration,
  buildService,
  buildUser,
  homeTeamFor,
  tokenFor,
  uniqueName,
} from '../../../test/factories.ts';
import { api, apiOk, describeEachDialect } from '../../../test/harness.ts';
import { type Clock, fixedClock } from '../../platform/clock.ts';
import { NotFoundError } from '../../platform/errors.ts';
import {
  type IncidentFacts,
  defaultTimeZone,
  draftSections,
  incidentDurations,
  loadIncidentFacts,
} from './index.ts';

/**
 * Issue 19: a postmortem drafted from an incident built through the real verbs (alert, page,
 * acknowledge, severity, roles, services, notes, update, mitigate, resolve) on a fixed clock, with
 * the timeline table and the durations asserted from the stored timestamps.
 */

const MIN = 60_000;
const T0 = Date.parse('2026-11-25T09:00:00Z'); // 14:30 in Asia/Kolkata (UTC+05:30, no DST)
const ZONE = 'Asia/Kolkata';

const TEMPLATE = [
  { key: 'summary', title: 'Summary', guidance: 'What happened, in two or three sentences.' },
  { key: 'impact', title: 'Impact', guidance: 'Who was affected and how.' },
  { key: 'timeline', title: 'Timeline', guidance: 'Key events.' },
  { key: 'root_cause', title: 'Root cause', guidance: 'Why did it happen?' },
  { key: 'detection', title: 'Detection', guidance: 'How did we find out?' },
  { key: 'response', title: 'Response', guidance: 'How did we respond?' },
  { key: 'action_items', title: 'Action items', guidance: 'What will we change, who owns it, by when?' },
];

type TestClock = Clock & { set(t: number): void };
let clock: TestClock;

describeEachDialect(
  'postmortem draft from an incident',
  (server) => {
    type Person = { id: string; name: string; token: string };
    let alice: Person;
    let bob: Person;
    let carol: Person;

    async function person(label: string, timeZone: string): Promise<Person> {
      const { app } = server();
      const user = await buildUser(app, { name: uniqueName(label), role: 'responder', time_zone: timeZone });
      return { id: user.id, name: user.name, token: await tokenFor(app, user.id) };
    }
    const ok = <T = unknown>(method: 'POST' | 'PATCH' | 'PUT', url: string, token: string, body?: unknown) =>
      apiOk<T>(server().app, method, url, token, body);

    before(async () => {
      alice = await person('Alice', 'Europe/Paris');
      bob = await person('Bob', ZONE);
      carol = await person('Carol', 'UTC');
      await homeTeamFor(server().app, [alice.id, bob.id, carol.id]);
    });

    it('fills the timeline table, durations, people and alerts from what was stored', async () => {
      const { app, tocsin } = server();
      const policy = await buildEscalationPolicy(app, {
        name: uniqueName('Checkout'),
        levels: [{ delay_minutes: 10, targets: [{ type: 'user', id: alice.id }] }],
      });
      const checkout = await buildService(app, {
        name: uniqueName('Checkout API'),
        escalation_policy_id: policy.id,
      });
      const payments = await buildService(app, { name: uniqueName('Payments') });
      const int = await buildIntegration(app, 'events-v2', {}, checkout.id);

      clock.set(T0 - 20 * MIN);
      const change = await api(app, 'POST', '/v2/change/enqueue', {
        token: null,
        body: {
          routing_key: int.key,
          payload: {
            summary: 'Deploy checkout v2.3.1',
            source: 'ci',
            timestamp: new Date(T0 - 20 * MIN).toISOString(),
          },
        },
      });
      assert.equal(change.status, 202);

      // The alert says it started two minutes before it reached Tocsin: that is the time to detect.
      clock.set(T0);
      const { incident: inc } = await buildIncident(app, {
        integration: int,
        title: 'Checkout 5xx | errors > 20%',
        source: 'checkout-1',
        alertStartedAt: T0 - 2 * MIN,
      });
      const ref = inc.ref;
      await tocsin.engine.drain(); // pages Alice

      clock.set(T0 + 3 * MIN);
      await ok('POST', `/api/v1/incidents/${ref}/acknowledge`, alice.token);
      clock.set(T0 + 4 * MIN);
      await ok('PATCH', `/api/v1/incidents/${ref}`, alice.token, { severity: 'SEV1' });
      clock.set(T0 + 5 * MIN);
      await ok('PUT', `/api/v1/incidents/${ref}/roles/commander`, alice.token, { user_id: bob.id });
      await ok('PUT', `/api/v1/incidents/${ref}/roles/tech_lead`, bob.token, { user_id: alice.id });
      clock.set(T0 + 6 * MIN);
      await ok('PATCH', `/api/v1/incidents/${ref}`, bob.token, { service_ids: [checkout.id, payments.id] });
      clock.set(T0 + 8 * MIN);
      await ok('POST', `/api/v1/incidents/${ref}/notes`, alice.token, {
        message: 'Errors began | right after the *v2.3.1*\ndeploy',
        pinned: true,
      });
      clock.set(T0 + 9 * MIN);
      await ok('POST', `/api/v1/incidents/${ref}/notes`, alice.token, { message: 'Looking at dashboards' });
      clock.set(T0 + 17 * MIN);
      await ok('POST', `/api/v1/incidents/${ref}/updates`, carol.token, { message: 'Rolling back v2.3.1.' });
      clock.set(T0 + 25 * MIN);
      await ok('POST', `/api/v1/incidents/${ref}/mitigate`, bob.token);
      clock.set(T0 + 50 * MIN);
      await ok('POST', `/api/v1/incidents/${ref}/resolve`, bob.token);
      await ok('POST', `/api/v1/incidents/${ref}/action-items`, bob.token, {
        title: 'Canary | every checkout deploy',
        owner_id: alice.id,
        due_date: '2026-12-02',
        priority: 'high',
      });
      await ok('POST', `/api/v1/incidents/${ref}/action-items`, bob.token, { title: 'Alert on 5xx ratio' });

      const db = server().tdb.db;
      const stored = await db
        .selectFrom('incident_timeline')
        .select('id')
        .where('incident_id', '=', inc.id)
        .execute();
      const facts = await loadIncidentFacts(db, inc.id);
      const after = await db
        .selectFrom('incident_timeline')
        .select('id')
        .where('incident_id', '=', inc.id)
        .execute();
      assert.equal(after.length, stored.length, 'drafting writes nothing on the timeline');

      const row = await db
        .selectFrom('incidents')
        .select(['created_at', 'acknowledged_at', 'mitigated_at', 'resolved_at'])
        .where('id', '=', inc.id)
        .executeTakeFirstOrThrow();
      const alertRow = await db
        .selectFrom('alerts')
        .select('started_at')
        .where('incident_id', '=', inc.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(incidentDurations(facts), {
        detect_ms: Number(row.created_at) - Number(alertRow.started_at),
        acknowledge_ms: Number(row.acknowledged_at) - Number(row.created_at),
        mitigate_ms: Number(row.mitigated_at) - Number(row.created_at),
        resolve_ms: Number(row.resolved_at) - Number(row.created_at),
      });
      assert.deepEqual(incidentDurations(facts), {
        detect_ms: 2 * MIN,
        acknowledge_ms: 3 * MIN,
        mitigate_ms: 25 * MIN,
        resolve_ms: 50 * MIN,
      });
      assert.equal(defaultTimeZone(facts, 'UTC'), ZONE, "the current commander's zone");
      assert.deepEqual(facts.services, [checkout.name, payments.name]);

      const sections = draftSections(facts, TEMPLATE, ZONE);
      assert.deepEqual(
        sections.map((s) => s.key),
        TEMPLATE.map((t) => t.key),
      );
      const body = (key: string) => sections.find((s) => s.key === key)!.body;

      const policyName = policy.name;
      assert.deepEqual(body('timeline').split('\n'), [
        '| Time (Asia/Kolkata) | Event |',
        '| --- | --- |',
        '| 2026-11-25 14:10 | Recent change: Deploy checkout v2.3.1 (ci) |',
        '| 2026-11-25 14:28 | First alert: Checkout 5xx \\| errors > 20% (checkout-1, critical) |',
        `| 2026-11-25 14:30 | ${ref} triggered: Checkout 5xx \\| errors > 20% |`,
        `| 2026-11-25 14:30 | Level 1 of ${policyName}: paged ${alice.name} (no contact methods!) |`,
        `| 2026-11-25 14:33 | Acknowledged by ${alice.name} |`,
        `| 2026-11-25 14:33 | ${alice.name} acknowledged first and is incident commander |`,
        `| 2026-11-25 14:34 | ${alice.name} raised ${ref} from SEV2 to SEV1 |`,
        `| 2026-11-25 14:35 | ${bob.name} is now incident commander (was ${alice.name}) |`,
        `| 2026-11-25 14:35 | ${alice.name} is now tech lead |`,
        `| 2026-11-25 14:36 | ${bob.name} changed the services of ${ref}: added ${payments.name} |`,
        `| 2026-11-25 14:38 | Note by ${alice.name}: Errors began \\| right after the \\*v2.3.1\\* deploy |`,
        `| 2026-11-25 14:47 | Status update by ${carol.name}: Rolling back v2.3.1. |`,
        `| 2026-11-25 14:55 | Mitigated by ${bob.name} |`,
        `| 2026-11-25 15:20 | Resolved by ${bob.name} |`,
      ]);

      assert.equal(
        body('summary'),
        [
          `**${ref}: Checkout 5xx \\| errors > 20%** was a SEV1 incident affecting ${checkout.name} and ${payments.name}.`,
          'It was opened by an alert at 2026-11-25 14:30 (Asia/Kolkata) and resolved at 2026-11-25 15:20, 50 min later.',
          '_What happened, in two or three sentences._',
        ].join('\n\n'),
      );
      assert.equal(
        body('impact'),
        [
          '- **Duration:** 50 min, from 2026-11-25 14:30 (opened) to 2026-11-25 15:20 (resolved)',
          '- **Impact stopped (mitigated):** 2026-11-25 14:55, 25 min after it opened',
          `- **Services affected:** ${checkout.name}, ${payments.name}`,
          '- **Users affected:** _how many, which ones, and what they could not do_',
          '- **SLA/SLO breach:** _which objective, and by how much_',
          '- **Revenue impact:** _if known_',
          '',
          '_Who was affected and how._',
        ].join('\n'),
      );
      assert.equal(
        body('detection'),
        [
          "- **Time to detect:** 2 min, from the first alert's start (2026-11-25 14:28) to the incident opening (2026-11-25 14:30)",
          '- **Detected by:** an alert, the first: Checkout 5xx \\| errors > 20% (checkout-1, critical)',
          '',
          'Linked alerts (1):',
          '',
          '| Started (Asia/Kolkata) | Alert | Source | Severity | Status |',
          '| --- | --- | --- | --- | --- |',
          '| 2026-11-25 14:28 | Checkout 5xx \\| errors > 20% | checkout-1 | critical | resolved |',
          '',
          '_How did we find out?_',
        ].join('\n'),
      );
      assert.equal(
        body('response'),
        [
          '- **Time to acknowledge:** 3 min (acknowledged at 2026-11-25 14:33)',
          '- **Time to mitigate:** 25 min (mitigated at 2026-11-25 14:55)',
          '- **Time to resolve:** 50 min (resolved at 2026-11-25 15:20)',
          '',
          'People involved:',
          '',
          `- **${alice.name}**: Incident commander (2026-11-25 14:33 to 2026-11-25 14:35), Tech lead (from 2026-11-25 14:35)`,
          `- **${bob.name}**: Incident commander (from 2026-11-25 14:35)`,
          `- **${carol.name}**: took part without a role`,
          '',
          '_How did we respond?_',
        ].join('\n'),
      );
      assert.equal(body('root_cause'), '_Why did it happen?_');
      assert.deepEqual(body('action_items').split('\n'), [
        '| Action item | Owner | Due | Priority | Status |',
        '| --- | --- | --- | --- | --- |',
        `| Canary \\| every checkout deploy | ${alice.name} | 2026-12-02 | high | open |`,
        '| Alert on 5xx ratio | _nobody yet_ | - | medium | open |',
        '',
        '_What will we change, who owns it, by when?_',
      ]);

      // The same facts in another zone: only the times move.
      const paris = draftSections(facts, TEMPLATE, 'Europe/Paris').find((s) => s.key === 'timeline')!.body;
      assert.match(paris, /^\| Time \(Europe\/Paris\) \| Event \|/);
      assert.match(paris, new RegExp(`\\| 2026-11-25 10:03 \\| Acknowledged by ${alice.name} \\|`));
      assert.throws(() => draftSections(facts, TEMPLATE, 'Mars/Olympus'), RangeError);
    });

    it('drafts a declared incident without alerts: detection is not measured', async () => {
      const { app } = server();
      clock.set(T0 + 60 * MIN);
      const built = await buildIncident(app, {
        from: 'declared',
        title: 'Search is slow',
        severity: 'SEV3',
        token: alice.token,
      });
      clock.set(T0 + 70 * MIN);
      await ok('POST', `/api/v1/incidents/${built.incident.ref}/resolve`, alice.token);
      const facts: IncidentFacts = await loadIncidentFacts(server().tdb.db, built.incident.id);
      assert.deepEqual(incidentDurations(facts), {
        detect_ms: null,
        acknowledge_ms: null,
        mitigate_ms: null,
        resolve_ms: 10 * MIN,
      });
      assert.deepEqual(facts.alerts, []);
      // Nobody held the commander role: the organisation's zone.
      assert.equal(defaultTimeZone(facts, 'Europe/Berlin'), 'Europe/Berlin');
      const [timeline, detection, response] = draftSections(
        facts,
        TEMPLATE.filter((t) => ['detection', 'response', 'timeline'].includes(t.key)),
        'UTC',
      );
      assert.equal(
        detection!.body,
        [
          '- **Time to detect:** not measured: no alert started before the incident opened',
          '- **Detected by:** a person who declared it; no alert is linked',
          '',
          '_How did we find out?_',
        ].join('\n'),
      );
      assert.match(
        response!.body,
        /^- \*\*Time to acknowledge:\*\* not recorded: it was not marked acknowledged$/m,
      );
      assert.match(response!.body, /^- \*\*Time to resolve:\*\* 10 min \(resolved at 2026-11-25 10:10\)$/m);
      assert.match(
        response!.body,
        new RegExp(`^- \\*\\*${alice.name}\\*\\*: took part without a role$`, 'm'),
      );
      assert.deepEqual(timeline!.body.split('\n').slice(2), [
        `| 2026-11-25 10:00 | ${built.incident.ref} declared by ${alice.name}: Search is slow (SEV3) |`,
        `| 2026-11-25 10:10 | Resolved by ${alice.name} |`,
      ]);
    });

    it('answers not found for an unknown incident', async () => {
      await assert.rejects(
        loadIncidentFacts(server().tdb.db, 'inc_01JUNKNOWN0000000000000000'),
        NotFoundError,
      );
    });
  },
  {
    clock: () => {
      clock = fixedClock(T0);
      return clock;
    },
  },
);
