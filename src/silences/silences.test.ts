import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  auditActions,
  buildService,
  buildSilence,
  buildUser,
  tokenFor,
  viewerToken,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type Clock, fixedClock } from '../platform/clock.ts';
import type { SilenceView } from './schemas.ts';

type ErrorBody = { error: { code: string; message: string } };
type PageBody<T> = { data: T[]; next_cursor: string | null };

const START = Date.parse('2030-01-01T00:00:00Z');
const MIN = 60_000;
const MISSING_SERVICE = 'svc_01JAAAAAAAAAAAAAAAAAAAAAAA';
const MISSING_SILENCE = 'sil_01JAAAAAAAAAAAAAAAAAAAAAAA';

let clock: Clock & { advance(ms: number): void } = fixedClock(START);
/** `minutes` from the server's current time, as the API writes times. */
const inMinutes = (minutes: number) => new Date(clock.now() + minutes * MIN).toISOString();

describeEachDialect(
  'silences API',
  (server) => {
    it('creates a silence from matcher objects and strings, and gets it back', async () => {
      const { app } = server();
      const service = await buildService(app);
      const res = await api<SilenceView>(app, 'POST', '/api/v1/silences', {
        body: {
          service_id: service.id,
          matchers: [{ name: 'job', op: '=', value: 'api' }, 'severity=~"crit|warn"', 'env != prod'],
          ends_at: inMinutes(90),
          comment: 'deploying',
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.match(res.body.id, /^sil_[0-9A-Z]{26}$/);
      assert.deepEqual(res.body, {
        id: res.body.id,
        name: null,
        service_id: service.id,
        matchers: [
          { name: 'job', op: '=', value: 'api' },
          { name: 'severity', op: '=~', value: 'crit|warn' },
          { name: 'env', op: '!=', value: 'prod' },
        ],
        starts_at: inMinutes(0),
        ends_at: inMinutes(90),
        state: 'active',
        comment: 'deploying',
        created_by: 'admin',
        created_at: inMinutes(0),
        updated_at: inMinutes(0),
      });
      const got = await api<SilenceView>(app, 'GET', `/api/v1/silences/${res.body.id}`);
      assert.equal(got.status, 200);
      assert.deepEqual(got.body, res.body);
      assert.deepEqual(await auditActions(app, 'silence', res.body.id), ['silence.create']);
    });

    it('takes matchers alone, duration_minutes, a later start, and names the creator', async () => {
      const { app } = server();
      const user = await buildUser(app, { role: 'admin' });
      const token = await tokenFor(app, user.id);
      const res = await api<SilenceView>(app, 'POST', '/api/v1/silences', {
        token,
        body: {
          matchers: ['alertname="Watchdog"'],
          starts_at: inMinutes(30),
          duration_minutes: 15,
          comment: 'x',
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.service_id, null);
      assert.equal(res.body.state, 'pending');
      assert.equal(res.body.starts_at, inMinutes(30));
      assert.equal(res.body.ends_at, inMinutes(45));
      assert.equal(res.body.created_by, user.name);

      const past = await api<SilenceView>(app, 'POST', '/api/v1/silences', {
        body: { matchers: ['a=b'], starts_at: inMinutes(-60), ends_at: inMinutes(10), comment: 'late' },
      });
      assert.equal(past.status, 201);
      assert.equal(past.body.starts_at, inMinutes(0), 'a past start becomes now');
    });

    it('computes the state from the clock and lists by state and service a page at a time', async () => {
      const { app } = server();
      const service = await buildService(app);
      const other = await buildService(app);
      const active = await buildSilence(app, { service_id: service.id, ends_at: inMinutes(10) });
      const ending = await buildSilence(app, { service_id: service.id, ends_at: inMinutes(5) });
      const pending = await buildSilence(app, {
        service_id: service.id,
        starts_at: inMinutes(5),
        ends_at: inMinutes(20),
      });
      await buildSilence(app, { service_id: other.id });
      clock.advance(5 * MIN);

      const list = async (query: string) => {
        const res = await api<PageBody<SilenceView>>(
          app,
          'GET',
          `/api/v1/silences?service_id=${service.id}${query}`,
        );
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return res.body;
      };
      const states = Object.fromEntries((await list('')).data.map((s) => [s.id, s.state]));
      assert.deepEqual(states, { [active.id]: 'active', [ending.id]: 'expired', [pending.id]: 'active' });
      assert.deepEqual(
        (await list('&state=expired')).data.map((s) => s.id),
        [ending.id],
      );
      assert.deepEqual(
        (await list('&state=active')).data.map((s) => s.id).sort(),
        [active.id, pending.id].sort(),
      );
      assert.deepEqual((await list('&state=pending')).data, []);

      const first = await list('&limit=2');
      assert.equal(first.data.length, 2);
      assert.ok(first.next_cursor);
      const second = await list(`&limit=2&cursor=${first.next_cursor}`);
      assert.equal(second.data.length, 1);
      assert.equal(second.next_cursor, null);

      const bad = await api<ErrorBody>(app, 'GET', '/api/v1/silences?state=sleeping');
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /querystring\.state must be one of: active, pending, expired/);
    });

    it('updates matchers, end and comment with before and after in the audit log', async () => {
      const { app } = server();
      const silence = await buildSilence(app);
      clock.advance(MIN);
      const res = await api<SilenceView>(app, 'PATCH', `/api/v1/silences/${silence.id}`, {
        body: { matchers: ['job=~"api|web"'], duration_minutes: 120, comment: 'longer' },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body.matchers, [{ name: 'job', op: '=~', value: 'api|web' }]);
      assert.equal(res.body.starts_at, silence.starts_at);
      assert.equal(res.body.ends_at, new Date(Date.parse(silence.starts_at) + 120 * MIN).toISOString());
      assert.equal(res.body.comment, 'longer');
      assert.equal(res.body.updated_at, inMinutes(0));

      // Widening to every service needs matchers that do not match everything.
      const unscoped = await api<SilenceView>(app, 'PATCH', `/api/v1/silences/${silence.id}`, {
        body: { service_id: null },
      });
      assert.equal(unscoped.status, 200, JSON.stringify(unscoped.body));
      assert.equal(unscoped.body.service_id, null);
      const everything = await api<ErrorBody>(app, 'PATCH', `/api/v1/silences/${silence.id}`, {
        body: { matchers: [] },
      });
      assert.equal(everything.status, 400);
      assert.match(everything.body.error.message, /^matchers: a silence needs a service_id/);

      const moveStart = await api<ErrorBody>(app, 'PATCH', `/api/v1/silences/${silence.id}`, {
        body: { starts_at: inMinutes(30) },
      });
      assert.equal(moveStart.status, 400);
      assert.match(moveStart.body.error.message, /^starts_at: cannot change once it has started/);

      const audit = await api<{ data: { before: SilenceView; after: SilenceView }[] }>(
        app,
        'GET',
        `/api/v1/audit?target_type=silence&target_id=${silence.id}&action=silence.update`,
      );
      assert.equal(audit.body.data.length, 2);
      assert.equal(audit.body.data[1]?.before.comment, 'test silence');
      assert.equal(audit.body.data[1]?.after.comment, 'longer');
      assert.equal(audit.body.data[0]?.after.service_id, null);
    });

    it('takes an optional unique name, finds by it, renames and clears it', async () => {
      const { app } = server();
      const service = await buildService(app);
      const named = await buildSilence(app, { service_id: service.id, name: 'db-maintenance' });
      assert.equal(named.name, 'db-maintenance');
      const got = await api<SilenceView>(app, 'GET', `/api/v1/silences/${named.id}`);
      assert.equal(got.body.name, 'db-maintenance');
      const unnamed = [await buildSilence(app), await buildSilence(app)];
      assert.deepEqual(
        unnamed.map((s) => s.name),
        [null, null],
        'many silences may have no name',
      );

      const dup = await api<ErrorBody>(app, 'POST', '/api/v1/silences', {
        body: { name: 'db-maintenance', service_id: service.id, duration_minutes: 5, comment: 'x' },
      });
      assert.equal(dup.status, 409, JSON.stringify(dup.body));
      assert.equal(dup.body.error.code, 'conflict');
      assert.equal(dup.body.error.message, 'a silence named "db-maintenance" already exists');

      const byName = await api<PageBody<SilenceView>>(app, 'GET', '/api/v1/silences?name=db-maintenance');
      assert.equal(byName.status, 200, JSON.stringify(byName.body));
      assert.deepEqual(
        byName.body.data.map((s) => s.id),
        [named.id],
      );
      const none = await api<PageBody<SilenceView>>(app, 'GET', '/api/v1/silences?name=db');
      assert.deepEqual(none.body.data, []);

      const other = unnamed[0]!;
      const taken = await api<ErrorBody>(app, 'PATCH', `/api/v1/silences/${other.id}`, {
        body: { name: 'db-maintenance' },
      });
      assert.equal(taken.status, 409);
      assert.equal(taken.body.error.message, 'a silence named "db-maintenance" already exists');

      const same = await api<SilenceView>(app, 'PATCH', `/api/v1/silences/${named.id}`, {
        body: { name: 'db-maintenance', comment: 'same name' },
      });
      assert.equal(same.status, 200, JSON.stringify(same.body));
      assert.equal(same.body.name, 'db-maintenance');

      const renamed = await api<SilenceView>(app, 'PATCH', `/api/v1/silences/${named.id}`, {
        body: { name: 'db-upgrade' },
      });
      assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
      assert.equal(renamed.body.name, 'db-upgrade');
      const reused = await api<SilenceView>(app, 'PATCH', `/api/v1/silences/${other.id}`, {
        body: { name: 'db-maintenance' },
      });
      assert.equal(reused.status, 200, 'the old name is free again');
      assert.equal(reused.body.name, 'db-maintenance');

      const cleared = await api<SilenceView>(app, 'PATCH', `/api/v1/silences/${named.id}`, {
        body: { name: null },
      });
      assert.equal(cleared.status, 200, JSON.stringify(cleared.body));
      assert.equal(cleared.body.name, null);
      assert.equal((await api<SilenceView>(app, 'GET', `/api/v1/silences/${named.id}`)).body.name, null);

      const audit = await api<{ data: { before: SilenceView; after: SilenceView }[] }>(
        app,
        'GET',
        `/api/v1/audit?target_type=silence&target_id=${named.id}&action=silence.update`,
      );
      assert.equal(audit.body.data[0]?.before.name, 'db-upgrade');
      assert.equal(audit.body.data[0]?.after.name, null);
    });

    it('rejects a blank or over-long name with 400', async () => {
      const { app } = server();
      const service = await buildService(app);
      const silence = await buildSilence(app, { service_id: service.id });
      for (const name of ['', '   ', 'x'.repeat(201)]) {
        const created = await api<ErrorBody>(app, 'POST', '/api/v1/silences', {
          body: { name, service_id: service.id, duration_minutes: 5, comment: 'x' },
        });
        assert.equal(created.status, 400, `${JSON.stringify(name)}: ${JSON.stringify(created.body)}`);
        assert.equal(created.body.error.code, 'invalid_request');
        assert.match(created.body.error.message, /body\.name/);
        const updated = await api<ErrorBody>(app, 'PATCH', `/api/v1/silences/${silence.id}`, {
          body: { name },
        });
        assert.equal(updated.status, 400, `${JSON.stringify(name)}: ${JSON.stringify(updated.body)}`);
        assert.equal(updated.body.error.code, 'invalid_request');
      }
      const ok = await api<SilenceView>(app, 'POST', '/api/v1/silences', {
        body: { name: 'x'.repeat(200), service_id: service.id, duration_minutes: 5, comment: 'x' },
      });
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
    });

    it('refuses to edit an expired silence', async () => {
      const { app } = server();
      const silence = await buildSilence(app, { duration_minutes: 1 });
      clock.advance(MIN);
      const res = await api<ErrorBody>(app, 'PATCH', `/api/v1/silences/${silence.id}`, {
        body: { comment: 'x' },
      });
      assert.equal(res.status, 409);
      assert.match(res.body.error.message, /has expired; create a new one/);
    });

    it('expires an active silence on DELETE and removes a pending one', async () => {
      const { app } = server();
      const active = await buildSilence(app);
      const pending = await buildSilence(app, { starts_at: inMinutes(10), ends_at: inMinutes(20) });
      clock.advance(MIN);

      const expired = await api<SilenceView>(app, 'DELETE', `/api/v1/silences/${active.id}`);
      assert.equal(expired.status, 200, JSON.stringify(expired.body));
      assert.equal(expired.body.state, 'expired');
      assert.equal(expired.body.ends_at, inMinutes(0));
      assert.equal(
        (await api<SilenceView>(app, 'GET', `/api/v1/silences/${active.id}`)).body.state,
        'expired',
      );
      const again = await api<SilenceView>(app, 'DELETE', `/api/v1/silences/${active.id}`);
      assert.equal(again.status, 200);
      assert.deepEqual(again.body, expired.body);
      assert.deepEqual(await auditActions(app, 'silence', active.id), ['silence.create', 'silence.expire']);

      const removed = await api(app, 'DELETE', `/api/v1/silences/${pending.id}`);
      assert.equal(removed.status, 204);
      assert.equal((await api(app, 'GET', `/api/v1/silences/${pending.id}`)).status, 404);
      assert.deepEqual(await auditActions(app, 'silence', pending.id), ['silence.create', 'silence.delete']);
    });

    it('rejects bad input with 400 naming the field', async () => {
      const { app } = server();
      const service = await buildService(app);
      const end = inMinutes(60);
      const cases: [unknown, RegExp][] = [
        [{ service_id: service.id, ends_at: end }, /body\.comment is required/],
        [{ service_id: service.id, comment: 'x' }, /^ends_at: is required \(or give duration_minutes\)/],
        [
          { service_id: service.id, ends_at: end, duration_minutes: 5, comment: 'x' },
          /^duration_minutes: give ends_at or duration_minutes, not both/,
        ],
        [
          { service_id: service.id, starts_at: end, ends_at: end, comment: 'x' },
          /^ends_at: must be after starts_at$/,
        ],
        [
          { service_id: service.id, starts_at: inMinutes(-30), ends_at: inMinutes(-10), comment: 'x' },
          /^ends_at: must be in the future/,
        ],
        [
          { service_id: service.id, ends_at: 'tomorrow', comment: 'x' },
          /body\.ends_at must match format "date-time"/,
        ],
        [{ service_id: MISSING_SERVICE, ends_at: end, comment: 'x' }, /^service_id: no service "svc_01JA+"$/],
        [{ ends_at: end, comment: 'x' }, /^matchers: a silence needs a service_id, matchers, or both/],
        [{ matchers: [], ends_at: end, comment: 'x' }, /^matchers: a silence needs a service_id/],
        [{ matchers: ['job=~".*"'], ends_at: end, comment: 'x' }, /^matchers: without a service_id/],
        [
          { matchers: ['job=api', { name: 'x', op: '=~', value: '(' }], ends_at: end, comment: 'x' },
          /^matchers\.1\.value: invalid regular expression "\(": /,
        ],
        [{ matchers: ['job'], ends_at: end, comment: 'x' }, /^matchers\.0: expected one of =, !=, =~, !~/],
        [
          { matchers: [{ name: 'job', op: '==', value: 'a' }], ends_at: end, comment: 'x' },
          /body\.matchers\.0/,
        ],
        [
          { service_id: service.id, ends_at: end, comment: 'x', createdBy: 'me' },
          /body\.createdBy is not a known field/,
        ],
      ];
      for (const [body, message] of cases) {
        const res = await api<ErrorBody>(app, 'POST', '/api/v1/silences', { body });
        assert.equal(res.status, 400, `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.error.code, 'invalid_request');
        assert.match(res.body.error.message, message, JSON.stringify(body));
      }
      const silence = await buildSilence(app);
      const badService = await api<ErrorBody>(app, 'PATCH', `/api/v1/silences/${silence.id}`, {
        body: { service_id: MISSING_SERVICE },
      });
      assert.equal(badService.status, 400);
      assert.match(badService.body.error.message, /^service_id: no service/);
      const empty = await api<ErrorBody>(app, 'PATCH', `/api/v1/silences/${silence.id}`, { body: {} });
      assert.equal(empty.status, 400);
    });

    it('answers 404 for a missing silence', async () => {
      const { app } = server();
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const res = await api<ErrorBody>(app, method, `/api/v1/silences/${MISSING_SILENCE}`, {
          ...(method === 'PATCH' ? { body: { comment: 'x' } } : {}),
        });
        assert.equal(res.status, 404, method);
        assert.equal(res.body.error.code, 'not_found');
      }
    });

    it('lets a viewer read but not change silences', async () => {
      const { app } = server();
      const token = await viewerToken(app);
      const silence = await buildSilence(app);
      const service = await buildService(app);
      const attempts = [
        api<ErrorBody>(app, 'POST', '/api/v1/silences', {
          token,
          body: { service_id: service.id, duration_minutes: 5, comment: 'x' },
        }),
        api<ErrorBody>(app, 'PATCH', `/api/v1/silences/${silence.id}`, { token, body: { comment: 'x' } }),
        api<ErrorBody>(app, 'DELETE', `/api/v1/silences/${silence.id}`, { token }),
      ];
      for (const res of await Promise.all(attempts)) {
        assert.equal(res.status, 403);
        assert.equal(res.body.error.code, 'forbidden');
      }
      assert.equal((await api(app, 'GET', '/api/v1/silences', { token })).status, 200);
      const got = await api<SilenceView>(app, 'GET', `/api/v1/silences/${silence.id}`, { token });
      assert.equal(got.body.state, 'active');
      assert.deepEqual(await auditActions(app, 'silence', silence.id), ['silence.create']);
    });
  },
  { clock: () => (clock = fixedClock(START)) },
);
