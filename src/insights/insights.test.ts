import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import {
  addMember,
  buildEscalationPolicy,
  buildIntegration,
  buildSchedule,
  buildService,
  buildTeam,
  buildUser,
  tokenFor,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { fixedClock } from '../platform/clock.ts';
import type {
  AlertQualityAnswer,
  FrequencyAnswer,
  OnCallHealthAnswer,
  ProcessHealthAnswer,
  ResponseAnswer,
} from './schemas.ts';

/**
 * The insight figures against a fixture whose every number is worked out by hand below. It
 * spans the night New York leaves daylight saving time (2026-11-01 06:00 UTC: 01:30 happens
 * twice), with a responder in New York and one in Kolkata (UTC+05:30, no DST). Everything goes
 * through the API and the engine, with the clock set at each step.
 *
 * Service A (policy: Alice, then Bob after 10 min), Service B (policy: Bob):
 * I0 A 2026-10-25 12:00Z critical, no source time; resolved 14:00Z  (the previous period)
 * I1 A 2026-11-01 05:30Z critical "HighLatency", source 05:28Z; Alice paged 05:30Z (NY 01:30
 *    EDT, Sunday: sleep, weekend, night of Oct 31); ack 05:35; mitigate 05:50; resolve 06:30
 *    actionable. Status update 05:40. Postmortem published 2026-11-02 10:00Z. Action item due
 *    2026-11-03 (Alice, New York) done 2026-11-04 03:00Z = Nov 3 22:00 EST: on time.
 * I2 A 2026-11-01 06:40Z same alert (re-fired 10 min after I1 resolved: flapping), source
 *    06:35Z; Alice paged 06:40Z (NY 01:40 EST, the second 01:xx: sleep, weekend, night of Oct
 *    31 again); Bob paged 06:50Z (Kolkata 12:20 Sunday: after hours, weekend); resolve 07:40 noise.
 * I3 B 2026-11-03 14:00Z error "DiskFull", source 13:59:30Z; Bob paged (Kolkata 19:30 Tue: after
 *    hours); ack 14:02; update 14:05; resolve 14:12 actionable. Action items: due 2026-11-04
 *    (Bob, Kolkata, ends 18:30Z) done 20:00Z: late; due 2026-11-05, no owner, still open.
 * I4 B 2026-11-04 04:00Z warning "I4 summary" (no class: named by its summary), source 03:50Z; Bob paged (Kolkata
 *    09:30 Wed: business); ack 04:10; mitigate 04:20; resolve 05:00; not classified.
 * I5 B 2026-11-04 04:05Z warning; Bob paged (business); merged into I4 at 04:06 (excluded).
 * Carol is on call all the time (a one-person schedule) and never paged.
 * Period [2026-10-29, 2026-11-06): 8 days, 8/7 weeks; previous period [2026-10-21, 2026-10-29).
 */
const FROM = '2026-10-29T00:00:00.000Z';
const TO = '2026-11-06T00:00:00.000Z';
const t = (iso: string) => Date.parse(iso);
const clock = fixedClock(t('2026-10-20T00:00:00Z'));

describeEachDialect(
  'insights over a hand-computed fixture',
  (server) => {
    let teamId: string;
    let serviceA: string;
    let serviceB: string;
    let alice: string;
    let bob: string;
    let carol: string;
    const ids: Record<string, string> = {};

    before(async () => {
      const { app } = server();
      clock.set(t('2026-10-20T00:00:00Z'));
      alice = (await buildUser(app, { name: 'Alice', role: 'responder', time_zone: 'America/New_York' })).id;
      bob = (await buildUser(app, { name: 'Bob', role: 'responder', time_zone: 'Asia/Kolkata' })).id;
      carol = (await buildUser(app, { name: 'Carol', role: 'responder', time_zone: 'UTC' })).id;
      teamId = (await buildTeam(app)).id;
      for (const u of [alice, bob, carol]) await addMember(app, teamId, u);
      await buildSchedule(app, teamId, [carol], {
        layers: [
          {
            start_date: '2026-01-05',
            handoff_time: '00:00',
            shift_length: 1,
            shift_unit: 'weeks',
            participants: [carol],
          },
        ],
      });
      const policyA = await buildEscalationPolicy(app, {
        levels: [
          { delay_minutes: 10, targets: [{ type: 'user', id: alice }] },
          { delay_minutes: 30, targets: [{ type: 'user', id: bob }] },
        ],
      });
      const policyB = await buildEscalationPolicy(app, {
        levels: [{ delay_minutes: 30, targets: [{ type: 'user', id: bob }] }],
      });
      serviceA = (
        await buildService(app, { name: 'Checkout', team_id: teamId, escalation_policy_id: policyA.id })
      ).id;
      serviceB = (
        await buildService(app, { name: 'Storage', team_id: teamId, escalation_policy_id: policyB.id })
      ).id;
      const keyA = (await buildIntegration(app, 'events-v2', {}, serviceA)).key;
      const keyB = (await buildIntegration(app, 'events-v2', {}, serviceB)).key;
      const engine = () => server().tocsin.engine.drain();
      const at = async (iso: string) => {
        clock.set(t(iso));
        await engine();
      };
      const trigger = async (name: string, key: string, dedup: string, severity: string, more: object) => {
        const res = await api(app, 'POST', '/v2/enqueue', {
          token: null,
          body: {
            routing_key: key,
            event_action: 'trigger',
            dedup_key: dedup,
            payload: { summary: `${name} summary`, source: 'web-1', severity, ...more },
          },
        });
        assert.equal(res.status, 202, JSON.stringify(res.body));
        const list = await api<{ data: { id: string; created_at: string }[] }>(
          app,
          'GET',
          `/api/v1/incidents?service_id=${key === keyA ? serviceA : serviceB}&limit=1`,
        );
        ids[name] = list.body.data[0]!.id;
        await engine();
      };
      const act = async (name: string, verb: string, body?: object) => {
        const res = await api(app, 'POST', `/api/v1/incidents/${ids[name]}/${verb}`, body ? { body } : {});
        assert.equal(
          res.status,
          verb === 'updates' ? 201 : 200,
          `${verb} ${name}: ${JSON.stringify(res.body)}`,
        );
      };

      await at('2026-10-25T12:00:00Z');
      await trigger('I0', keyA, 'latency-old', 'critical', {});
      await at('2026-10-25T14:00:00Z');
      await act('I0', 'resolve');

      await at('2026-11-01T05:30:00Z');
      await trigger('I1', keyA, 'latency', 'critical', {
        class: 'HighLatency',
        timestamp: '2026-11-01T05:28:00Z',
      });
      await at('2026-11-01T05:35:00Z');
      await act('I1', 'acknowledge');
      await at('2026-11-01T05:40:00Z');
      await act('I1', 'updates', { message: 'Looking at the load balancer' });
      await at('2026-11-01T05:50:00Z');
      await act('I1', 'mitigate');
      await at('2026-11-01T06:30:00Z');
      await act('I1', 'resolve', { classification: 'actionable' });

      await at('2026-11-01T06:40:00Z');
      await trigger('I2', keyA, 'latency', 'critical', {
        class: 'HighLatency',
        timestamp: '2026-11-01T06:35:00Z',
      });
      await at('2026-11-01T06:50:00Z');
      await at('2026-11-01T07:40:00Z');
      await act('I2', 'resolve', { classification: 'noise' });

      await at('2026-11-02T10:00:00Z');
      const pm = await api<{ id: string }>(app, 'POST', '/api/v1/postmortems', {
        body: { incident_id: ids.I1 },
      });
      assert.equal(pm.status, 201, JSON.stringify(pm.body));
      for (const status of ['in_review', 'published']) {
        const moved = await api(app, 'POST', `/api/v1/postmortems/${pm.body.id}/status`, {
          body: { status },
        });
        assert.equal(moved.status, 200, JSON.stringify(moved.body));
      }
      const item = async (name: string, due: string, owner: string | null) => {
        const res = await api<{ id: string }>(app, 'POST', `/api/v1/incidents/${ids[name]}/action-items`, {
          body: { title: `follow up ${due}`, due_date: due, owner_id: owner },
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        return res.body.id;
      };
      const onTime = await item('I1', '2026-11-03', alice);

      await at('2026-11-03T14:00:00Z');
      await trigger('I3', keyB, 'disk', 'error', { class: 'DiskFull', timestamp: '2026-11-03T13:59:30Z' });
      const late = await item('I3', '2026-11-04', bob);
      await item('I3', '2026-11-05', null);
      await at('2026-11-03T14:02:00Z');
      await act('I3', 'acknowledge');
      await at('2026-11-03T14:05:00Z');
      await act('I3', 'updates', { message: 'Freeing space' });
      await at('2026-11-03T14:12:00Z');
      await act('I3', 'resolve', { classification: 'actionable' });

      await at('2026-11-04T03:00:00Z');
      const done = async (id: string) => {
        const res = await api(app, 'POST', `/api/v1/action-items/${id}/status`, { body: { status: 'done' } });
        assert.equal(res.status, 200, JSON.stringify(res.body));
      };
      await done(onTime);

      await at('2026-11-04T04:00:00Z');
      await trigger('I4', keyB, 'queue', 'warning', { timestamp: '2026-11-04T03:50:00Z' });
      await at('2026-11-04T04:05:00Z');
      await trigger('I5', keyB, 'queue-2', 'warning', {});
      await at('2026-11-04T04:06:00Z');
      await act('I4', 'merge', { incident_ids: [ids.I5] });
      await at('2026-11-04T04:10:00Z');
      await act('I4', 'acknowledge');
      await at('2026-11-04T04:20:00Z');
      await act('I4', 'mitigate');
      await at('2026-11-04T05:00:00Z');
      await act('I4', 'resolve');
      await at('2026-11-04T20:00:00Z');
      await done(late);

      clock.set(t('2026-11-10T00:00:00Z'));
    });

    const get = async <T>(path: string) => {
      const res = await api<T>(server().app, 'GET', `/api/v1/insights/${path}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };
    const range = `from=${FROM}&to=${TO}`;

    it('computes MTTD, MTTA, MTTM and MTTR with median and p90, and the trend against the previous period', async () => {
      const r = await get<ResponseAnswer>(`response?${range}&group_by=service`);
      assert.deepEqual(r.metrics, {
        incidents: 4,
        // 120, 300, 30, 600 s
        mttd: { count: 4, mean: 262.5, median: 210, p90: 510 },
        // 300, 120, 600 (I2 was never acknowledged)
        mtta: { count: 3, mean: 340, median: 300, p90: 540 },
        // 1200, 3600 (resolved unmitigated), 720, 1200
        mttm: { count: 4, mean: 1680, median: 1200, p90: 2880 },
        // 3600, 3600, 720, 3600
        mttr: { count: 4, mean: 2880, median: 3600, p90: 3600 },
      });
      assert.deepEqual(r.previous_period, { from: '2026-10-21T00:00:00.000Z', to: FROM });
      assert.deepEqual(r.previous, {
        incidents: 1,
        mttd: { count: 1, mean: 0, median: 0, p90: 0 },
        mtta: { count: 0, mean: null, median: null, p90: null },
        mttm: { count: 1, mean: 7200, median: 7200, p90: 7200 },
        mttr: { count: 1, mean: 7200, median: 7200, p90: 7200 },
      });
      assert.deepEqual(r.trend, { incidents: 3, mttd: 262.5, mtta: null, mttm: -5520, mttr: -4320 });
      assert.deepEqual(
        r.groups.map((g) => [g.name, g.incidents, g.mttr.mean, g.mtta.median]),
        [
          ['Checkout', 2, 3600, 300],
          ['Storage', 2, 2160, 360],
        ],
      );
    });

    it('counts incidents per week by severity and MTBF per service', async () => {
      const f = await get<FrequencyAnswer>(`frequency?${range}`);
      assert.deepEqual(f.weeks, [
        { week_start: '2026-10-26T00:00:00.000Z', total: 2, SEV1: 0, SEV2: 2, SEV3: 0, SEV4: 0 },
        { week_start: '2026-11-02T00:00:00.000Z', total: 2, SEV1: 0, SEV2: 0, SEV3: 1, SEV4: 1 },
      ]);
      assert.deepEqual(
        f.services.map((s) => [s.name, s.incidents, s.mtbf_seconds]),
        [
          // 05:30 -> 06:40
          ['Checkout', 2, 4200],
          // Nov 3 14:00 -> Nov 4 04:00
          ['Storage', 2, 50400],
        ],
      );
    });

    it("splits each person's pages by their own business, after and sleep hours across the DST change", async () => {
      const h = await get<OnCallHealthAnswer>(
        `oncall-health?${range}&team_id=${teamId}&night_pages_per_week=1.5`,
      );
      assert.equal(h.weeks, 1.1429);
      const person = (id: string) => {
        const p = h.people.find((x) => x.user_id === id)!;
        return [
          p.pages,
          p.business_hours,
          p.after_hours,
          p.sleep_hours,
          p.weekend,
          p.nights_interrupted,
          p.pages_per_week,
          p.night_pages_per_week,
          p.share_of_pages,
          p.hours_on_call,
          p.flagged,
        ];
      };
      // Two sleep pages an hour apart by UTC, both on the night of Oct 31 in New York.
      assert.deepEqual(person(alice), [2, 0, 0, 2, 2, 1, 1.75, 1.75, 0.3333, 0, true]);
      assert.deepEqual(person(bob), [4, 2, 2, 0, 1, 0, 3.5, 0, 0.6667, 0, false]);
      // On call the whole 8 days.
      assert.deepEqual(person(carol), [0, 0, 0, 0, 0, 0, 0, 0, 0, 192, false]);
      // Bob took 2/3 of the pages of a three-person rotation: twice an even share.
      assert.equal(h.imbalance, 2);
      assert.deepEqual(h.weekly, [
        { week_start: '2026-10-26T00:00:00.000Z', business_hours: 0, after_hours: 1, sleep_hours: 2 },
        { week_start: '2026-11-02T00:00:00.000Z', business_hours: 2, after_hours: 1, sleep_hours: 0 },
      ]);
      const byDefault = await get<OnCallHealthAnswer>(`oncall-health?${range}&team_id=${teamId}`);
      assert.equal(byDefault.night_pages_per_week_threshold, 2);
      assert.equal(byDefault.people.find((p) => p.user_id === alice)!.flagged, false);
    });

    it('measures alert accuracy per service and alert, ranks the noisiest and counts flapping', async () => {
      const q = await get<AlertQualityAnswer>(`alert-quality?${range}`);
      assert.deepEqual(q.overall, {
        incidents: 4,
        classified: 3,
        actionable: 2,
        noise: 1,
        accuracy: 0.6667,
        pages: 5,
        flapping: 1,
      });
      assert.deepEqual(
        q.services.map((s) => [
          s.name,
          s.incidents,
          s.classified,
          s.actionable,
          s.noise,
          s.accuracy,
          s.flapping,
        ]),
        [
          ['Checkout', 2, 2, 1, 1, 0.5, 1],
          ['Storage', 2, 1, 1, 0, 1, 0],
        ],
      );
      assert.deepEqual(
        q.alerts.map((a) => [a.alert_name, a.service, a.pages, a.accuracy, a.flapping]),
        [
          ['HighLatency', 'Checkout', 3, 0.5, 1],
          ['DiskFull', 'Storage', 1, 1, 0],
          ['I4 summary', 'Storage', 1, null, 0],
        ],
      );
      const strict = await get<AlertQualityAnswer>(`alert-quality?${range}&flap_minutes=5`);
      assert.equal(strict.overall.flapping, 0);
    });

    it('reports postmortems published, action items closed by their due date and time to first update', async () => {
      const p = await get<ProcessHealthAnswer>(`process-health?${range}`);
      assert.deepEqual(p.postmortems, {
        // I1 and I2 are SEV2, which requires one; I1's was published 27.5 h after it resolved.
        required: 2,
        published: 1,
        completion_rate: 0.5,
        time_to_publish: { count: 1, mean: 99000, median: 99000, p90: 99000 },
      });
      assert.deepEqual(p.action_items, {
        due: 3,
        closed_by_due_date: 1,
        closure_rate: 0.3333,
        open_overdue: 1,
      });
      assert.deepEqual(p.first_update, {
        incidents: 4,
        with_update: 2,
        time_to_first_update: { count: 2, mean: 450, median: 450, p90: 570 },
      });
    });

    it('answers CSV with the rows of the main table', async () => {
      const res = await server().app.inject({
        method: 'GET',
        url: `/api/v1/insights/oncall-health?${range}&team_id=${teamId}&format=csv`,
        headers: { authorization: `Bearer ${server().adminToken}` },
      });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/csv/);
      const lines = res.body.trim().split('\r\n');
      assert.equal(lines[0]!.split(',')[0], 'user_id');
      assert.equal(lines.length, 4);
      const aliceLine = lines.find((l) => l.startsWith(`${alice},`))!;
      assert.match(aliceLine, /,Alice,America\/New_York,2,1\.75,0,0,2,2,1,1\.75,0,0\.3333,false$/);
    });

    it('refuses bad ranges and unknown ids naming the parameter, and keeps teams to their members', async () => {
      const { app } = server();
      const bad = async (query: string, field: RegExp) => {
        const res = await api<{ error: { message: string } }>(
          app,
          'GET',
          `/api/v1/insights/response?${query}`,
        );
        assert.equal(res.status, 400, query);
        assert.match(res.body.error.message, field);
      };
      await bad(`from=${TO}&to=${FROM}`, /^querystring\.from: must be before to/);
      await bad('from=2024-01-01T00:00:00Z&to=2026-06-01T00:00:00Z', /^querystring\.from: .*2 years/);
      await bad(`${range}&service_id=svc_nope`, /^querystring\.service_id: no service/);
      await bad(`${range}&team_id=team_nope`, /^querystring\.team_id: no team/);
      await bad('from=yesterday', /querystring\/from|querystring\.from/);

      const outsider = await buildUser(app, { role: 'viewer' });
      const outsiderToken = await tokenFor(app, outsider.id);
      const refused = await api(app, 'GET', `/api/v1/insights/oncall-health?${range}&team_id=${teamId}`, {
        token: outsiderToken,
      });
      assert.equal(refused.status, 403);
      const own = await api<ResponseAnswer>(app, 'GET', `/api/v1/insights/response?${range}`, {
        token: outsiderToken,
      });
      assert.equal(own.status, 200);
      assert.equal(own.body.metrics.incidents, 0, "a viewer in no team sees no team's incidents");
      await addMember(app, teamId, outsider.id);
      const member = await api<ResponseAnswer>(app, 'GET', `/api/v1/insights/response?${range}`, {
        token: outsiderToken,
      });
      assert.equal(member.body.metrics.incidents, 4);
    });
  },
  { clock: () => clock },
);
