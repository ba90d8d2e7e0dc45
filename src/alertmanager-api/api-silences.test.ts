import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  auditActions,
  buildIntegration,
  buildService,
  buildUser,
  tokenFor,
  uniqueName,
} from '../../test/factories.ts';
import { type Answer, api, describeEachDialect } from '../../test/harness.ts';
import type { App } from '../platform/http/app.ts';
import { type Clock, fixedClock } from '../platform/clock.ts';
import type { SilenceView } from '../silences/schemas.ts';
import type { GettableSilence } from './silences.ts';

/**
 * Silences through Alertmanager's API v2 over HTTP, as amtool and Grafana manage them: who may
 * see and change which, Alertmanager's rules for updating in place or replacing, idempotent
 * expiry, the 400s its clients print, and what the audit log records.
 */
type AuditEntry = { action: string; actor_type: string; actor_name: string };

const START = Date.parse('2031-03-01T10:00:00Z');
const MIN = 60_000;
let clock: Clock & { advance(ms: number): void } = fixedClock(START);
const at = (ms: number) => new Date(clock.now() + ms).toISOString();

/** A credential: an integration key in the path, or a secret (key or API token) as Bearer. */
type Cred = { key: string } | { bearer: string };

function am<T>(app: App, method: 'GET' | 'POST' | 'DELETE', path: string, cred: Cred, body?: unknown) {
  const url = 'key' in cred ? `/integrations/${cred.key}/api/v2${path}` : `/api/v2${path}`;
  return api<T>(app, method, url, {
    token: 'key' in cred ? null : cred.bearer,
    ...(body === undefined ? {} : { body }),
  });
}

/** A postable silence: one equality matcher `case="<tag>"`, active for an hour unless overridden. */
function silenceBody(tag: string, overrides: Record<string, unknown> = {}) {
  return {
    matchers: [{ name: 'case', value: tag, isRegex: false, isEqual: true }],
    startsAt: at(0),
    endsAt: at(60 * MIN),
    createdBy: 'amtool-user',
    comment: 'from amtool',
    ...overrides,
  };
}

async function post(app: App, cred: Cred, body: unknown): Promise<string> {
  const res = await am<{ silenceID: string }>(app, 'POST', '/silences', cred, body);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(Object.keys(res.body), ['silenceID']);
  return res.body.silenceID;
}

async function getOk(app: App, cred: Cred, id: string): Promise<GettableSilence> {
  const res = await am<GettableSilence>(app, 'GET', `/silence/${id}`, cred);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

/** The error an Alertmanager client decodes: this status and a bare JSON string matching `message`. */
function assertAmError(res: Answer<unknown>, status: number, message: RegExp, what: string): void {
  assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
  assert.match(String(res.headers['content-type']), /application\/json/, what);
  assert.equal(typeof res.body, 'string', `${what}: ${JSON.stringify(res.body)}`);
  assert.match(res.body as string, message, what);
}

/** The silences `cred` lists that have the matcher `case="<tag>"`, in the answer's order. */
async function tagged(app: App, cred: Cred, tag: string, filter = `case="${tag}"`) {
  const res = await am<GettableSilence[]>(app, 'GET', `/silences?filter=${encodeURIComponent(filter)}`, cred);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

async function auditOf(app: App, id: string): Promise<AuditEntry[]> {
  const res = await api<{ data: AuditEntry[] }>(
    app,
    'GET',
    `/api/v1/audit?target_type=silence&target_id=${id}`,
  );
  assert.equal(res.status, 200);
  return res.body.data.reverse();
}

/** A service with an alertmanager integration; its key and the integration's name and id. */
async function keyed(app: App) {
  const service = await buildService(app);
  const name = uniqueName('prometheus');
  const int = await buildIntegration(app, 'alertmanager', { name }, service.id);
  return {
    serviceId: service.id,
    key: int.key,
    actor: `integration ${JSON.stringify(name)} (${int.id})`,
    // What a silence it creates says made it: the client's name, then who sent it.
    via: (createdBy: string) => `${createdBy} (via integration ${JSON.stringify(name)})`,
  };
}

describeEachDialect(
  'Alertmanager API v2: silences',
  (server) => {
    it('creates, gets and lists silences scoped to the key’s service, or unscoped for a token', async () => {
      const { app, adminToken } = server();
      const a = await keyed(app);
      const b = await keyed(app);
      const tag = uniqueName('c').replace(' ', '-');
      const body = silenceBody(tag, {
        matchers: [
          { name: 'case', value: tag, isRegex: false, isEqual: true },
          { name: 'instance', value: 'db-.*', isRegex: true }, // isEqual defaults to true
          { name: 'env', value: 'prod', isRegex: false, isEqual: false },
        ],
      });
      const onA = await post(app, { key: a.key }, body);
      assert.match(onA, /^sil_[0-9A-Z]{26}$/);
      assert.deepEqual(await getOk(app, { bearer: a.key }, onA), {
        id: onA,
        status: { state: 'active' },
        updatedAt: at(0),
        matchers: [
          { name: 'case', value: tag, isRegex: false, isEqual: true },
          { name: 'instance', value: 'db-.*', isRegex: true, isEqual: true },
          { name: 'env', value: 'prod', isRegex: false, isEqual: false },
        ],
        startsAt: at(0),
        endsAt: at(60 * MIN),
        // The name the client sent, followed by who sent it: a key cannot pass for a person.
        createdBy: a.via('amtool-user'),
        comment: 'from amtool',
      });
      const onB = await post(app, { key: b.key }, silenceBody(tag));
      const global = await post(app, { bearer: adminToken }, silenceBody(tag));
      const v1 = async (id: string) => (await api<SilenceView>(app, 'GET', `/api/v1/silences/${id}`)).body;
      assert.equal((await v1(onA)).service_id, a.serviceId);
      assert.equal((await v1(onB)).service_id, b.serviceId);
      assert.equal((await v1(global)).service_id, null);

      const listed = async (cred: Cred, filter?: string) =>
        (await tagged(app, cred, tag, filter)).map((s) => s.id).sort();
      assert.deepEqual(await listed({ key: a.key }), [onA, global].sort());
      assert.deepEqual(await listed({ bearer: b.key }), [onB, global].sort());
      assert.deepEqual(await listed({ bearer: adminToken }), [onA, onB, global].sort());
      // The filter keeps silences having that exact matcher: same operator and value.
      assert.deepEqual(await listed({ key: a.key }, 'instance=~"db-.*"'), [onA]);
      assert.deepEqual(await listed({ key: a.key }, `case=~"${tag}"`), []);

      // Another service's silence does not exist for this key.
      assertAmError(await am(app, 'GET', `/silence/${onB}`, { key: a.key }), 404, /sil_/, 'get');
      assert.equal((await getOk(app, { key: a.key }, global)).id, global, 'an unscoped one is visible');
    });

    it('lists active by soonest end, pending by soonest start, expired by latest end, for 5 days', async () => {
      const { app } = server();
      const a = await keyed(app);
      const tag = uniqueName('o').replace(' ', '-');
      const cred = { key: a.key };
      const expiredEarly = await post(app, cred, silenceBody(tag));
      clock.advance(MIN);
      assert.equal((await am(app, 'DELETE', `/silence/${expiredEarly}`, cred)).status, 200);
      const expiredLate = await post(app, cred, silenceBody(tag));
      clock.advance(MIN);
      assert.equal((await am(app, 'DELETE', `/silence/${expiredLate}`, cred)).status, 200);
      const endsLate = await post(app, cred, silenceBody(tag, { endsAt: at(120 * MIN) }));
      const endsSoon = await post(app, cred, silenceBody(tag, { endsAt: at(30 * MIN) }));
      const startsLate = await post(
        app,
        cred,
        silenceBody(tag, { startsAt: at(90 * MIN), endsAt: at(95 * MIN) }),
      );
      const startsSoon = await post(
        app,
        cred,
        silenceBody(tag, { startsAt: at(60 * MIN), endsAt: at(500 * MIN) }),
      );
      const list = async () => (await tagged(app, cred, tag)).map((s) => [s.id, s.status.state]);
      assert.deepEqual(await list(), [
        [endsSoon, 'active'],
        [endsLate, 'active'],
        [startsSoon, 'pending'],
        [startsLate, 'pending'],
        [expiredLate, 'expired'],
        [expiredEarly, 'expired'],
      ]);
      // Alertmanager keeps expired silences 5 days: 5 days and 30 s after the first expiry, it is
      // gone while the one expired a minute later stays; the rest have ended since, latest end first.
      clock.advance(5 * 24 * 60 * MIN - 30_000);
      assert.deepEqual(await list(), [
        [startsSoon, 'expired'],
        [endsLate, 'expired'],
        [startsLate, 'expired'],
        [endsSoon, 'expired'],
        [expiredLate, 'expired'],
      ]);
    });

    it('refuses bad silences with 400 naming the field, and unknown ids with 404', async () => {
      const { app } = server();
      const a = await keyed(app);
      const tag = uniqueName('e').replace(' ', '-');
      const ok = silenceBody(tag);
      const m = (name: string, value: string, isRegex = false) => ({ name, value, isRegex, isEqual: true });
      const cases: [string, unknown, RegExp][] = [
        ['no createdBy', { ...ok, createdBy: undefined }, /^createdBy in body is required$/],
        ['no matchers', { ...ok, matchers: [] }, /^matchers in body should have at least 1 items$/],
        [
          'bad label name',
          { ...ok, matchers: [m('bad-name', 'x')] },
          /^matchers\.0\.name: invalid label name "bad-name"/,
        ],
        [
          'bad regex',
          { ...ok, matchers: [m('case', tag), m('job', '(', true)] },
          /^matchers\.1\.value: invalid regular expression/,
        ],
        [
          'matches everything',
          { ...ok, matchers: [m('a', '')] },
          /at least one matcher must not match the empty string/,
        ],
        [
          'start after end',
          { ...ok, startsAt: at(60 * MIN), endsAt: at(30 * MIN) },
          /start time must be before end time/,
        ],
        [
          'start equals end',
          { ...ok, startsAt: at(30 * MIN), endsAt: at(30 * MIN) },
          /start time must be before end time/,
        ],
        ['ended', { ...ok, startsAt: at(-60 * MIN), endsAt: at(-MIN) }, /end time can't be in the past/],
        ['empty comment', { ...ok, comment: '' }, /^comment/],
        ['bad time', { ...ok, endsAt: 'tomorrow' }, /^endsAt in body must be of type date-time/],
        // Limits the silence verbs check are named in Alertmanager's terms too.
        ['too long', { ...ok, endsAt: at(1000 * 24 * 60 * MIN) }, /^endsAt: must be at most 366 days/],
        ['year 9999', { ...ok, endsAt: '9999-01-01T00:00:00Z' }, /^endsAt: the year must be/],
      ];
      for (const [what, body, message] of cases) {
        assertAmError(await am(app, 'POST', '/silences', { key: a.key }, body), 400, message, what);
      }
      // None of them created anything.
      assert.deepEqual(await tagged(app, { key: a.key }, tag), []);

      // amtool's import posts with the old id; an unknown one must be a 404, not a new silence.
      const missing = 'sil_01JAAAAAAAAAAAAAAAAAAAAAAA';
      assertAmError(
        await am(app, 'POST', '/silences', { key: a.key }, { ...ok, id: missing }),
        404,
        /sil_/,
        'post',
      );
      assertAmError(await am(app, 'GET', `/silence/${missing}`, { key: a.key }), 404, /sil_/, 'get');
      assertAmError(await am(app, 'DELETE', `/silence/${missing}`, { key: a.key }), 404, /sil_/, 'delete');
      // Text PostgreSQL cannot store is a 400 naming where, on every database, never a 500.
      assertAmError(
        await am(app, 'DELETE', '/silence/x%00y', { key: a.key }),
        400,
        /^params\.silenceID must not contain NUL/,
        'nul id',
      );
      assertAmError(
        await am(app, 'POST', '/silences', { key: a.key }, { ...ok, comment: 'a\u0000b' }),
        400,
        /^body\.comment must not contain NUL/,
        'nul comment',
      );
      // A route Alertmanager's clients might try that Tocsin does not serve: still a string, and
      // the key in the path is not echoed back.
      for (const cred of [{ key: a.key }, { bearer: a.key }]) {
        const res = await am(app, 'GET', '/alerts/nope', cred);
        assertAmError(
          res,
          404,
          /^no route GET \/(integrations\/<key>\/)?api\/v2\/alerts\/nope$/,
          'unknown route',
        );
        assert.ok(!JSON.stringify(res.body).includes(a.key));
      }
    });

    it('updates in place when Alertmanager would, otherwise expires or deletes and creates anew', async () => {
      const { app, adminToken } = server();
      const cred = { bearer: adminToken };
      const tag = uniqueName('u').replace(' ', '-');
      const first = await post(app, cred, silenceBody(tag));
      clock.advance(MIN);

      // Same matchers, same start (to the second), a later end: the same silence, changed.
      const start = (await getOk(app, cred, first)).startsAt;
      const inPlace = silenceBody(tag, {
        id: first,
        startsAt: new Date(Date.parse(start) + 400).toISOString(),
        endsAt: at(90 * MIN),
        comment: 'longer',
      });
      assert.equal(await post(app, cred, inPlace), first);
      const updated = await getOk(app, cred, first);
      assert.deepEqual(
        [updated.status.state, updated.startsAt, updated.endsAt, updated.comment, updated.updatedAt],
        ['active', start, at(90 * MIN), 'longer', at(0)],
      );

      // Other matchers would rewrite what it silenced: the old one expires now, a new one holds.
      const other = [{ name: 'case', value: `${tag}-2`, isRegex: false, isEqual: true }];
      const second = await post(app, cred, { ...inPlace, matchers: other });
      assert.notEqual(second, first);
      const old = await getOk(app, cred, first);
      assert.deepEqual([old.status.state, old.endsAt], ['expired', at(0)]);
      assert.equal((await getOk(app, cred, second)).status.state, 'active');

      // A new start for an active silence: replaced too, here by a pending one.
      const third = await post(
        app,
        cred,
        silenceBody(tag, { id: second, matchers: other, startsAt: at(30 * MIN) }),
      );
      assert.notEqual(third, second);
      assert.equal((await getOk(app, cred, second)).status.state, 'expired');
      assert.equal((await getOk(app, cred, third)).status.state, 'pending');

      // A pending one may move its start (not into the past) in place ...
      const moved = await post(
        app,
        cred,
        silenceBody(tag, { id: third, matchers: other, startsAt: at(45 * MIN) }),
      );
      assert.equal(moved, third);
      assert.equal((await getOk(app, cred, third)).startsAt, at(45 * MIN));
      // ... and is deleted, never having acted, when replaced.
      const fourth = await post(app, cred, silenceBody(tag, { id: third }));
      assert.notEqual(fourth, third);
      assertAmError(await am(app, 'GET', `/silence/${third}`, cred), 404, /sil_/, 'the replaced pending one');

      // The id of an expired silence: a new silence, the expired one left as it was.
      const fifth = await post(app, cred, silenceBody(tag, { id: first }));
      assert.ok(![first, second, third, fourth].includes(fifth));
      assert.deepEqual(await getOk(app, cred, first), old);

      assert.deepEqual(await auditActions(app, 'silence', first), [
        'silence.create',
        'silence.update',
        'silence.expire',
      ]);
      assert.deepEqual(await auditActions(app, 'silence', second), ['silence.create', 'silence.expire']);
      assert.deepEqual(await auditActions(app, 'silence', third), [
        'silence.create',
        'silence.update',
        'silence.delete',
      ]);
    });

    it('DELETE expires an active silence now, removes a pending one, and repeats harmlessly', async () => {
      const { app } = server();
      const a = await keyed(app);
      const cred = { key: a.key };
      const tag = uniqueName('d').replace(' ', '-');
      const active = await post(app, cred, silenceBody(tag));
      const pending = await post(app, cred, silenceBody(tag, { startsAt: at(30 * MIN) }));
      clock.advance(MIN);

      const expired = await am(app, 'DELETE', `/silence/${active}`, cred);
      assert.equal(expired.status, 200);
      assert.equal(expired.body, '', 'an empty body, as Alertmanager answers');
      const after = await getOk(app, cred, active);
      assert.deepEqual([after.status.state, after.endsAt], ['expired', at(0)]);
      clock.advance(MIN);
      assert.equal((await am(app, 'DELETE', `/silence/${active}`, cred)).status, 200, 'again: still 200');
      assert.deepEqual(await getOk(app, cred, active), after, 'and nothing changed');
      assert.deepEqual(await auditActions(app, 'silence', active), ['silence.create', 'silence.expire']);

      assert.equal((await am(app, 'DELETE', `/silence/${pending}`, cred)).status, 200);
      assertAmError(
        await am(app, 'GET', `/silence/${pending}`, cred),
        404,
        /sil_/,
        'the deleted pending one',
      );
      assert.deepEqual(await auditActions(app, 'silence', pending), ['silence.create', 'silence.delete']);
    });

    it('a key changes only its service’s silences; a token acts as its user, with its role', async () => {
      const { app, adminToken } = server();
      const a = await keyed(app);
      const b = await keyed(app);
      const tag = uniqueName('p').replace(' ', '-');
      const mine = await post(app, { key: a.key }, silenceBody(tag));
      const theirs = await post(app, { key: b.key }, silenceBody(tag));
      const global = await post(app, { bearer: adminToken }, silenceBody(tag));
      const snapshot = async () =>
        Promise.all([theirs, global].map((id) => getOk(app, { bearer: adminToken }, id)));
      const before = await snapshot();

      // An unscoped silence is visible to the key but not the key's to change.
      const asA = { key: a.key };
      assertAmError(
        await am(app, 'POST', '/silences', asA, silenceBody(tag, { id: global })),
        403,
        /not scoped/,
        'update global',
      );
      assertAmError(await am(app, 'DELETE', `/silence/${global}`, asA), 403, /not scoped/, 'expire global');
      // Another service's silence does not exist for it.
      assertAmError(
        await am(app, 'POST', '/silences', asA, silenceBody(tag, { id: theirs })),
        404,
        /sil_/,
        'update theirs',
      );
      assertAmError(await am(app, 'DELETE', `/silence/${theirs}`, asA), 404, /sil_/, 'expire theirs');

      // Responder and viewer tokens read, and change nothing.
      for (const role of ['responder', 'viewer'] as const) {
        const token = await tokenFor(app, (await buildUser(app, { role })).id);
        const cred = { bearer: token };
        assert.equal((await am(app, 'GET', '/silences', cred)).status, 200);
        assertAmError(
          await am(app, 'POST', '/silences', cred, silenceBody(tag)),
          403,
          /admin role/,
          `${role} create`,
        );
        assertAmError(
          await am(app, 'POST', '/silences', cred, silenceBody(tag, { id: global })),
          403,
          /admin role/,
          `${role} update`,
        );
        assertAmError(
          await am(app, 'DELETE', `/silence/${global}`, cred),
          403,
          /admin role/,
          `${role} expire`,
        );
      }
      assert.deepEqual(await snapshot(), before, 'the refused calls changed nothing');

      // The key acts as its integration in the audit log; an admin's token as that admin.
      const { startsAt } = await getOk(app, asA, mine);
      clock.advance(MIN);
      assert.equal(await post(app, asA, silenceBody(tag, { id: mine, startsAt, comment: 'extended' })), mine);
      assert.equal((await am(app, 'DELETE', `/silence/${mine}`, asA)).status, 200);
      assert.deepEqual(
        (await auditOf(app, mine)).map((e) => [e.action, e.actor_type, e.actor_name]),
        [
          ['silence.create', 'system', a.actor],
          ['silence.update', 'system', a.actor],
          ['silence.expire', 'system', a.actor],
        ],
      );
      const admin = await buildUser(app, { role: 'admin' });
      const byAdmin = await post(app, { bearer: await tokenFor(app, admin.id) }, silenceBody(tag));
      const entry = (await auditOf(app, byAdmin))[0]!;
      assert.equal(entry.actor_type, 'token');
      assert.ok(entry.actor_name.startsWith(`${admin.name} `), entry.actor_name);
      assert.equal(
        (await getOk(app, { bearer: adminToken }, byAdmin)).createdBy,
        `amtool-user (via ${admin.name})`,
      );
      // A user's own name stands alone, and an answer posted back is not attributed twice.
      const own = await post(
        app,
        { bearer: await tokenFor(app, admin.id) },
        silenceBody(tag, { createdBy: admin.name }),
      );
      assert.equal((await getOk(app, { bearer: adminToken }, own)).createdBy, admin.name);
      const again = await post(app, { key: a.key }, silenceBody(tag, { createdBy: a.via('amtool-user') }));
      assert.equal((await getOk(app, { key: a.key }, again)).createdBy, a.via('amtool-user'));
    });
  },
  { clock: () => (clock = fixedClock(START)) },
);
