import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { App } from '../platform/http/app.ts';
import { auditActions, buildNotificationRule, buildUser, tokenFor } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import type { NotificationRuleView, UserView } from './schemas.ts';

type ContactMethodView = UserView['contact_methods'][number];

type ErrorBody = { error: { code: string; message: string } };
type RuleList = { data: NotificationRuleView[] };

const MISSING_USER = 'usr_01JAAAAAAAAAAAAAAAAAAAAAAA';

/** A user with an email and an sms contact method. */
function userWithMethods(app: App, role: 'admin' | 'responder' | 'viewer' = 'responder'): Promise<UserView> {
  const tag = Math.random().toString(16).slice(2, 10);
  return buildUser(app, {
    role,
    contact_methods: [
      { type: 'email', address: `${tag}@example.com` },
      { type: 'sms', address: `+1415555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}` },
    ],
  });
}

// Both methods are created in one millisecond, so their id order (the list order) is random.
function methodsOf(user: UserView) {
  const byType = (type: string) => user.contact_methods.find((m) => m.type === type);
  return { email: byType('email'), sms: byType('sms') };
}

const rulesUrl = (userId: string) => `/api/v1/users/${userId}/notification-rules`;

describeEachDialect('notification rules API', (server) => {
  it('adds rules, lists them high urgency first then by delay, and audits them on the user', async () => {
    const { app } = server();
    const user = await userWithMethods(app);
    const { email, sms } = methodsOf(user);
    const res = await api<NotificationRuleView>(app, 'POST', rulesUrl(user.id), {
      body: { contact_method_id: sms!.id, delay_minutes: 2, urgency: 'high' },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.match(res.body.id, /^nr_[0-9A-Z]{26}$/);
    assert.equal(res.body.contact_method_id, sms!.id);
    assert.equal(res.body.contact_method_type, 'sms');
    assert.equal(res.body.delay_minutes, 2);
    assert.equal(res.body.urgency, 'high');
    const low = await buildNotificationRule(app, user.id, email!.id, { urgency: 'low', delay_minutes: 0 });
    const first = await buildNotificationRule(app, user.id, email!.id);

    const list = await api<RuleList>(app, 'GET', rulesUrl(user.id));
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.data.map((r) => r.id),
      [first.id, res.body.id, low.id],
    );
    assert.deepEqual(list.body.data[1], res.body);
    assert.deepEqual(await auditActions(app, 'user', user.id), [
      'user.create',
      'notification_rule.create',
      'notification_rule.create',
      'notification_rule.create',
    ]);
    assert.equal((await api(app, 'GET', rulesUrl(MISSING_USER))).status, 404);
  });

  it('lets people manage their own rules and only admins manage anyone else', async () => {
    const { app } = server();
    const me = await userWithMethods(app);
    const other = await userWithMethods(app);
    const viewer = await userWithMethods(app, 'viewer');
    const myToken = await tokenFor(app, me.id);

    const mine = await api<NotificationRuleView>(app, 'POST', rulesUrl(me.id), {
      token: myToken,
      body: { contact_method_id: me.contact_methods[0]!.id, delay_minutes: 0, urgency: 'high' },
    });
    assert.equal(mine.status, 201, JSON.stringify(mine.body));
    const viewerOwn = await api(app, 'POST', rulesUrl(viewer.id), {
      token: await tokenFor(app, viewer.id),
      body: { contact_method_id: viewer.contact_methods[0]!.id, delay_minutes: 0, urgency: 'high' },
    });
    assert.equal(viewerOwn.status, 201, 'a viewer still manages how they are paged');

    const theirs = await buildNotificationRule(app, other.id, other.contact_methods[0]!.id);
    const forbidden = await api<ErrorBody>(app, 'POST', rulesUrl(other.id), {
      token: myToken,
      body: { contact_method_id: other.contact_methods[1]!.id, delay_minutes: 0, urgency: 'high' },
    });
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.body.error.code, 'forbidden');
    const deleteForbidden = await api(app, 'DELETE', `${rulesUrl(other.id)}/${theirs.id}`, {
      token: myToken,
    });
    assert.equal(deleteForbidden.status, 403);
    assert.deepEqual(
      (await api<RuleList>(app, 'GET', rulesUrl(other.id))).body.data.map((r) => r.id),
      [theirs.id],
    );

    assert.equal(
      (await api(app, 'DELETE', `${rulesUrl(me.id)}/${mine.body.id}`, { token: myToken })).status,
      204,
    );
    assert.deepEqual((await api<RuleList>(app, 'GET', rulesUrl(me.id))).body.data, []);
    assert.deepEqual(await auditActions(app, 'user', me.id), [
      'user.create',
      'notification_rule.create',
      'notification_rule.delete',
    ]);
  });

  it('rejects bad rules with 400 naming the field, and duplicates with 409', async () => {
    const { app } = server();
    const user = await userWithMethods(app);
    const other = await userWithMethods(app);
    const cm = user.contact_methods[0]!.id;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ delay_minutes: 0, urgency: 'high' }, /body\.contact_method_id is required/],
      [{ contact_method_id: cm, urgency: 'high' }, /body\.delay_minutes is required/],
      [{ contact_method_id: cm, delay_minutes: 0 }, /body\.urgency is required/],
      [{ contact_method_id: cm, delay_minutes: -1, urgency: 'high' }, /body\.delay_minutes must be >= 0/],
      [
        { contact_method_id: cm, delay_minutes: 1441, urgency: 'high' },
        /body\.delay_minutes must be <= 1440/,
      ],
      [{ contact_method_id: cm, delay_minutes: 1.5, urgency: 'high' }, /body\.delay_minutes must be integer/],
      [
        { contact_method_id: cm, delay_minutes: 0, urgency: 'urgent' },
        /body\.urgency must be one of: high, low/,
      ],
      [
        { contact_method_id: cm, delay_minutes: 0, urgency: 'high', channel: 'x' },
        /body\.channel is not a known/,
      ],
      [
        { contact_method_id: other.contact_methods[0]!.id, delay_minutes: 0, urgency: 'high' },
        new RegExp(
          `^contact_method_id: "${other.contact_methods[0]!.id}" is not a contact method of ${user.name}`,
        ),
      ],
      [
        { contact_method_id: 'cm_01JAAAAAAAAAAAAAAAAAAAAAAA', delay_minutes: 0, urgency: 'high' },
        /^contact_method_id: /,
      ],
    ];
    for (const [body, message] of cases) {
      const res = await api<ErrorBody>(app, 'POST', rulesUrl(user.id), { body });
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'invalid_request');
      assert.match(res.body.error.message, message);
    }
    assert.deepEqual((await api<RuleList>(app, 'GET', rulesUrl(user.id))).body.data, []);

    const rule = await buildNotificationRule(app, user.id, cm, { delay_minutes: 5 });
    const dup = await api<ErrorBody>(app, 'POST', rulesUrl(user.id), {
      body: { contact_method_id: cm, delay_minutes: 5, urgency: 'high' },
    });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.code, 'conflict');
    // The same method at another delay or urgency is a different rule.
    await buildNotificationRule(app, user.id, cm, { delay_minutes: 5, urgency: 'low' });

    const missingUser = await api(app, 'POST', rulesUrl(MISSING_USER), {
      body: { contact_method_id: cm, delay_minutes: 0, urgency: 'high' },
    });
    assert.equal(missingUser.status, 404);
    // A rule is only found under its own user.
    assert.equal((await api(app, 'DELETE', `${rulesUrl(other.id)}/${rule.id}`)).status, 404);
    assert.equal(
      (await api(app, 'DELETE', `${rulesUrl(user.id)}/nr_01JAAAAAAAAAAAAAAAAAAAAAAA`)).status,
      404,
    );
    assert.equal((await api<RuleList>(app, 'GET', rulesUrl(user.id))).body.data.length, 2);
  });

  it('removes the rules of a deleted contact method and keeps the others', async () => {
    const { app } = server();
    const user = await userWithMethods(app);
    const { email, sms } = methodsOf(user);
    await buildNotificationRule(app, user.id, email!.id);
    await buildNotificationRule(app, user.id, email!.id, { delay_minutes: 10 });
    const kept = await buildNotificationRule(app, user.id, sms!.id, { delay_minutes: 2 });

    const del = await api(app, 'DELETE', `/api/v1/users/${user.id}/contact-methods/${email!.id}`);
    assert.equal(del.status, 204);
    assert.deepEqual((await api<RuleList>(app, 'GET', rulesUrl(user.id))).body.data, [kept]);
  });
  it('edits a contact method in place: the change is kept, its rules survive, and it is audited', async () => {
    const { app } = server();
    const user = await userWithMethods(app);
    const { email, sms } = methodsOf(user);
    const rule = await buildNotificationRule(app, user.id, email!.id, { delay_minutes: 3 });
    const url = `/api/v1/users/${user.id}/contact-methods/${email!.id}`;
    const address = `moved-${Math.random().toString(16).slice(2, 10)}@example.com`;

    const res = await api<ContactMethodView>(app, 'PATCH', url, { body: { address, label: 'work' } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { ...email!, address, label: 'work' });
    const got = await api<UserView>(app, 'GET', `/api/v1/users/${user.id}`);
    assert.deepEqual(
      got.body.contact_methods.find((m) => m.id === email!.id),
      res.body,
    );
    assert.deepEqual((await api<RuleList>(app, 'GET', rulesUrl(user.id))).body.data, [rule]);

    // The type may change too, when the address suits the new type.
    const voice = await api<ContactMethodView>(
      app,
      'PATCH',
      `/api/v1/users/${user.id}/contact-methods/${sms!.id}`,
      { body: { type: 'voice' } },
    );
    assert.equal(voice.status, 200, JSON.stringify(voice.body));
    assert.equal(voice.body.type, 'voice');
    assert.equal(voice.body.address, sms!.address);

    const entries = await api<{ data: { action: string; before: unknown; after: unknown }[] }>(
      app,
      'GET',
      `/api/v1/audit?target_type=user&target_id=${user.id}`,
    );
    const update = entries.body.data.find(
      (e) => e.action === 'contact_method.update' && (e.after as ContactMethodView).id === email!.id,
    );
    assert.deepEqual(update?.before, email);
    assert.deepEqual(update?.after, res.body);
    assert.deepEqual(await auditActions(app, 'user', user.id), [
      'user.create',
      'notification_rule.create',
      'contact_method.update',
      'contact_method.update',
    ]);
  });

  it('refuses bad contact method edits: 400 naming the field, 409 duplicate, 403 for others, 404', async () => {
    const { app } = server();
    const user = await userWithMethods(app);
    const { email, sms } = methodsOf(user);
    const url = `/api/v1/users/${user.id}/contact-methods/${email!.id}`;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ address: 'not an email' }, /^body\.address: not an email address/],
      [{ type: 'sms' }, /^body\.address: must be an E\.164 phone number/],
      [{ type: 'webhook', address: 'ftp://example.com/x' }, /^body\.address: must be an http\(s\) URL/],
      [{}, /^body/],
      [{ label: 'x', colour: 'red' }, /body\.colour is not a known field/],
      [{ type: 'pigeon' }, /body\.type must be one of/],
    ];
    for (const [body, message] of cases) {
      const res = await api<ErrorBody>(app, 'PATCH', url, { body });
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'invalid_request');
      assert.match(res.body.error.message, message);
    }

    const dup = await api<ErrorBody>(app, 'PATCH', url, {
      body: { type: 'sms', address: sms!.address },
    });
    assert.equal(dup.status, 409, JSON.stringify(dup.body));
    assert.equal(dup.body.error.code, 'conflict');
    // Its own type and address again is no conflict.
    assert.equal((await api(app, 'PATCH', url, { body: { address: email!.address } })).status, 200);

    const me = await userWithMethods(app);
    const forbidden = await api<ErrorBody>(app, 'PATCH', url, {
      token: await tokenFor(app, me.id),
      body: { label: 'mine now' },
    });
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.body.error.code, 'forbidden');
    const own = await api(
      app,
      'PATCH',
      `/api/v1/users/${me.id}/contact-methods/${me.contact_methods[0]!.id}`,
      {
        token: await tokenFor(app, me.id),
        body: { label: 'mine' },
      },
    );
    assert.equal(own.status, 200, 'people edit their own');

    const missing = `/api/v1/users/${user.id}/contact-methods/cm_01JAAAAAAAAAAAAAAAAAAAAAAA`;
    assert.equal((await api(app, 'PATCH', missing, { body: { label: 'x' } })).status, 404);
    // A contact method is only found under its own user.
    const elsewhere = `/api/v1/users/${me.id}/contact-methods/${email!.id}`;
    assert.equal((await api(app, 'PATCH', elsewhere, { body: { label: 'x' } })).status, 404);

    const got = await api<UserView>(app, 'GET', `/api/v1/users/${user.id}`);
    assert.deepEqual(
      got.body.contact_methods.find((m) => m.id === email!.id),
      email,
    );
  });
});
