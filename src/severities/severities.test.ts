import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  auditActions,
  buildIncident,
  buildUser,
  tokenFor,
  viewerToken,
  type IncidentOptions,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import type { RoleTypeInUseView, RoleTypeView, SeverityView } from './schemas.ts';

type App = Parameters<typeof api>[0];
type Err = { error: { code: string; message: string } };

describeEachDialect('severities and incident role types', (server) => {
  const severities = async (app: App) =>
    (await api<{ data: SeverityView[] }>(app, 'GET', '/api/v1/severities')).body.data;
  const sev = async (app: App, name: string) => (await severities(app)).find((s) => s.name === name)!;

  async function alertBornIncident(app: App, severity: NonNullable<IncidentOptions['alertSeverity']>) {
    return (await buildIncident(app, { title: 'Boom', source: 's', alertSeverity: severity })).incident;
  }

  it('lists SPEC §2 defaults, SEV1 first, to any signed-in user', async () => {
    const { app } = server();
    const res = await api<{ data: SeverityView[] }>(app, 'GET', '/api/v1/severities', {
      token: await viewerToken(app),
    });
    assert.equal(res.status, 200);
    const all = res.body.data;
    assert.deepEqual(
      all.map((s) => [s.name, s.rank, s.response_hours, s.pages, s.postmortem_required]),
      [
        ['SEV1', 1, '24x7', true, true],
        ['SEV2', 2, '24x7', true, true],
        ['SEV3', 3, 'business_hours', false, false],
        ['SEV4', 4, 'next_sprint', false, false],
      ],
    );
    assert.deepEqual(
      all.map((s) => s.postmortem_due_business_days),
      [5, 5, null, null],
    );
    const [sev1, sev2, sev3, sev4] = all;
    assert.equal(sev1!.status_page_minutes, 10);
    assert.equal(sev1!.update_cadence_minutes, 15);
    assert.equal(sev2!.update_cadence_minutes, 30);
    assert.equal(sev2!.response_target_minutes, 30);
    assert.equal(sev4!.update_cadence_minutes, null);
    assert.deepEqual(
      all.map((s) => s.alert_severities),
      [[], ['critical'], ['error'], ['warning', 'info']],
    );
    assert.ok(sev1!.checklist.includes('Post the first status page update'));
    assert.ok(sev3!.checklist.length > 0 && sev3!.checklist.length < sev2!.checklist.length);
    assert.deepEqual(sev4!.checklist, []);
  });

  it('an admin edits a severity; the change is audited and new incidents use it', async () => {
    const { app } = server();
    const res = await api<SeverityView>(app, 'PATCH', '/api/v1/severities/SEV3', {
      body: {
        update_cadence_minutes: 60,
        checklist: ['Look at the graphs', 'Tell the team'],
        postmortem_required: true,
        postmortem_due_business_days: 3,
      },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.update_cadence_minutes, 60);
    assert.equal(res.body.postmortem_required, true);
    assert.equal(res.body.postmortem_due_business_days, 3);
    assert.equal(res.body.response_hours, 'business_hours', 'fields not sent stay as they were');
    assert.deepEqual((await sev(app, 'SEV3')).checklist, ['Look at the graphs', 'Tell the team']);
    assert.deepEqual(await auditActions(app, 'severity', 'SEV3'), ['severity.update']);

    // An `error` alert opens a SEV3 incident: it starts with the edited checklist and cadence.
    const incident = await alertBornIncident(app, 'error');
    assert.equal(incident.severity, 'SEV3');
    assert.equal(Date.parse(incident.next_update_due_at!) - Date.parse(incident.created_at), 60 * 60_000);
    const tasks = await server()
      .tdb.db.selectFrom('incident_tasks')
      .select('title')
      .where('incident_id', '=', incident.id)
      .orderBy('position')
      .execute();
    assert.deepEqual(
      tasks.map((t) => t.title),
      ['Look at the graphs', 'Tell the team'],
    );

    // response_hours decides whether it pages; null clears a target.
    const pages = await api<SeverityView>(app, 'PATCH', '/api/v1/severities/SEV3', {
      body: { response_hours: '24x7', response_target_minutes: null },
    });
    assert.equal(pages.body.pages, true);
    assert.equal(pages.body.response_target_minutes, null);
    await api(app, 'PATCH', '/api/v1/severities/SEV3', {
      body: { response_hours: 'business_hours', response_target_minutes: 240, update_cadence_minutes: 120 },
    });
    assert.equal((await sev(app, 'SEV3')).pages, false);
  });

  it('mapping an alert severity to another severity takes it off the old one', async () => {
    const { app } = server();
    const res = await api<SeverityView>(app, 'PATCH', '/api/v1/severities/SEV1', {
      body: { alert_severities: ['critical'] },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.alert_severities, ['critical']);
    assert.deepEqual((await sev(app, 'SEV2')).alert_severities, [], 'critical left SEV2');
    assert.deepEqual(await auditActions(app, 'severity', 'SEV2'), ['severity.update']);
    assert.equal((await alertBornIncident(app, 'critical')).severity, 'SEV1');

    // An alert severity no severity lists starts at the least severe one.
    await api(app, 'PATCH', '/api/v1/severities/SEV4', { body: { alert_severities: ['warning'] } });
    assert.equal((await alertBornIncident(app, 'info')).severity, 'SEV4');
    await api(app, 'PATCH', '/api/v1/severities/SEV3', { body: { alert_severities: ['error', 'info'] } });
    assert.equal((await alertBornIncident(app, 'info')).severity, 'SEV3');

    // Back to the defaults for the other tests.
    await api(app, 'PATCH', '/api/v1/severities/SEV2', { body: { alert_severities: ['critical'] } });
    await api(app, 'PATCH', '/api/v1/severities/SEV3', { body: { alert_severities: ['error'] } });
    await api(app, 'PATCH', '/api/v1/severities/SEV4', { body: { alert_severities: ['warning', 'info'] } });
    assert.deepEqual(
      (await severities(app)).map((s) => s.alert_severities),
      [[], ['critical'], ['error'], ['warning', 'info']],
    );
    assert.equal((await alertBornIncident(app, 'critical')).severity, 'SEV2');
  });

  it('bad input is a 400 naming the field; nothing changes', async () => {
    const { app } = server();
    const before = await severities(app);
    const unknown = await api<Err>(app, 'PATCH', '/api/v1/severities/SEV9', { body: { description: 'x' } });
    assert.equal(unknown.status, 400);
    assert.equal(
      unknown.body.error.message,
      'params.name: unknown severity "SEV9"; known: SEV1, SEV2, SEV3, SEV4',
    );
    const cases: [unknown, RegExp][] = [
      [
        { response_hours: 'always' },
        /^body\.response_hours must be one of: 24x7, business_hours, next_sprint/,
      ],
      [{ update_cadence_minutes: 0 }, /^body\.update_cadence_minutes/],
      [{ update_cadence_minutes: 1.5 }, /^body\.update_cadence_minutes/],
      [{ response_target_minutes: '5' }, /^body\.response_target_minutes/],
      [{ postmortem_required: 'yes' }, /^body\.postmortem_required/],
      [{ postmortem_due_business_days: 0 }, /^body\.postmortem_due_business_days/],
      [
        { alert_severities: ['fatal'] },
        /^body\.alert_severities\.0 must be one of: critical, error, warning, info/,
      ],
      [{ alert_severities: ['error', 'error'] }, /^body\.alert_severities/],
      [{ checklist: ['ok', ''] }, /^body\.checklist\.1/],
      [{ checklist: 'Acknowledge' }, /^body\.checklist/],
      [{ description: '   ' }, /^body\.description/],
      [{ rank: 0 }, /^body\.rank is not a known field/],
      [{ name: 'SEV0' }, /^body\.name is not a known field/],
      [{}, /^body /],
    ];
    for (const [body, message] of cases) {
      const res = await api<Err>(app, 'PATCH', '/api/v1/severities/SEV2', { body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.body.error.message, message, JSON.stringify(body));
    }
    assert.deepEqual(await severities(app), before);
  });

  it('only admins edit severities', async () => {
    const { app } = server();
    const responder = await tokenFor(app, (await buildUser(app, { role: 'responder' })).id);
    for (const token of [await viewerToken(app), responder]) {
      const res = await api<Err>(app, 'PATCH', '/api/v1/severities/SEV2', {
        token,
        body: { update_cadence_minutes: 5 },
      });
      assert.equal(res.status, 403);
    }
    assert.equal((await sev(app, 'SEV2')).update_cadence_minutes, 30);
    assert.equal((await api(app, 'PATCH', '/api/v1/severities/SEV2', { token: null, body: {} })).status, 401);
  });

  it('lists the default incident roles in order; an admin adds and removes one', async () => {
    const { app } = server();
    const list = async () =>
      (await api<{ data: RoleTypeInUseView[] }>(app, 'GET', '/api/v1/incident-roles')).body.data;
    assert.deepEqual(
      (await list()).map((r) => [r.slug, r.name, r.position]),
      [
        ['commander', 'Incident commander', 1],
        ['tech_lead', 'Tech lead', 2],
        ['comms_lead', 'Comms lead', 3],
        ['scribe', 'Scribe', 4],
      ],
    );
    const created = await api<RoleTypeView>(app, 'POST', '/api/v1/incident-roles', {
      body: {
        slug: 'customer_liaison',
        name: 'Customer liaison',
        description: 'Talks to the affected customers',
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.body, {
      slug: 'customer_liaison',
      name: 'Customer liaison',
      description: 'Talks to the affected customers',
      position: 5,
    });
    assert.deepEqual((await list()).at(-1), { ...created.body, held: 0 });

    const renamed = await api<RoleTypeView>(app, 'PATCH', '/api/v1/incident-roles/customer_liaison', {
      body: { name: 'Customer contact' },
    });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.deepEqual(renamed.body, { ...created.body, name: 'Customer contact' }, 'description kept');
    assert.deepEqual((await list()).at(-1), { ...renamed.body, held: 0 });
    const badEdit = await api<Err>(app, 'PATCH', '/api/v1/incident-roles/customer_liaison', {
      body: { name: '  ' },
    });
    assert.equal(badEdit.status, 400);
    assert.match(badEdit.body.error.message, /^body\.name /);
    const empty = await api<Err>(app, 'PATCH', '/api/v1/incident-roles/customer_liaison', { body: {} });
    assert.equal(empty.status, 400);
    const missing = await api<Err>(app, 'PATCH', '/api/v1/incident-roles/nobody', { body: { name: 'N' } });
    assert.equal(missing.status, 404);

    const dup = await api<Err>(app, 'POST', '/api/v1/incident-roles', {
      body: { slug: 'customer_liaison', name: 'Again' },
    });
    assert.equal(dup.status, 409);
    assert.match(dup.body.error.message, /customer_liaison.*already exists/);

    const second = await api<RoleTypeView>(app, 'POST', '/api/v1/incident-roles', {
      body: { slug: 'l2', name: 'Second line' },
    });
    assert.equal(second.body.description, '');
    assert.equal(second.body.position, 6);

    assert.equal((await api(app, 'DELETE', '/api/v1/incident-roles/customer_liaison')).status, 204);
    assert.deepEqual(
      (await list()).map((r) => r.slug),
      ['commander', 'tech_lead', 'comms_lead', 'scribe', 'l2'],
    );
    const gone = await api<Err>(app, 'DELETE', '/api/v1/incident-roles/customer_liaison');
    assert.equal(gone.status, 404);
    assert.deepEqual(await auditActions(app, 'incident_role', 'customer_liaison'), [
      'incident_role.create',
      'incident_role.update',
      'incident_role.delete',
    ]);
  });

  it('refuses bad role slugs, non-admins, and deleting a role someone holds', async () => {
    const { app, tdb } = server();
    for (const slug of ['Commander', '1st', 'tech-lead', '', 'a'.repeat(41), 'has space']) {
      const res = await api<Err>(app, 'POST', '/api/v1/incident-roles', { body: { slug, name: 'X' } });
      assert.equal(res.status, 400, slug);
      assert.match(res.body.error.message, /^body\.slug /, slug);
    }
    const noName = await api<Err>(app, 'POST', '/api/v1/incident-roles', { body: { slug: 'ok' } });
    assert.equal(noName.status, 400);
    assert.match(noName.body.error.message, /body\.name is required/);
    assert.equal(
      (await api(app, 'POST', '/api/v1/incident-roles', { body: { slug: 'ok', name: 'Ok', extra: 1 } }))
        .status,
      400,
    );

    const viewer = await viewerToken(app);
    const responder = await tokenFor(app, (await buildUser(app, { role: 'responder' })).id);
    for (const token of [viewer, responder]) {
      const post = await api(app, 'POST', '/api/v1/incident-roles', {
        token,
        body: { slug: 'nope', name: 'N' },
      });
      assert.equal(post.status, 403);
      assert.equal((await api(app, 'DELETE', '/api/v1/incident-roles/scribe', { token })).status, 403);
      const patch = await api(app, 'PATCH', '/api/v1/incident-roles/scribe', { token, body: { name: 'N' } });
      assert.equal(patch.status, 403);
    }
    assert.equal((await api(app, 'GET', '/api/v1/incident-roles', { token: viewer })).status, 200);

    // Someone holds `scribe` on an open incident: deleting it would orphan the assignment.
    const incident = await alertBornIncident(app, 'warning');
    const user = await buildUser(app, { role: 'responder' });
    await tdb.db
      .insertInto('incident_role_assignments')
      .values({
        id: 'rol_01JTESTROLEASSIGNMENT0000',
        incident_id: incident.id,
        role: 'scribe',
        user_id: user.id,
        assigned_at: Date.now(),
        assigned_by: `user:${user.id}`,
        ended_at: null,
        ended_by: null,
      })
      .execute();
    const held = await api<Err>(app, 'DELETE', '/api/v1/incident-roles/scribe');
    assert.equal(held.status, 409);
    assert.match(held.body.error.message, /Scribe is held on 1 incident; unassign/);
    const roles = (await api<{ data: RoleTypeInUseView[] }>(app, 'GET', '/api/v1/incident-roles')).body.data;
    assert.equal(roles.find((r) => r.slug === 'scribe')?.held, 1, 'the list says who holds it');
    await tdb.db
      .updateTable('incident_role_assignments')
      .set({ ended_at: Date.now(), ended_by: 'test' })
      .where('role', '=', 'scribe')
      .execute();
    assert.equal((await api(app, 'DELETE', '/api/v1/incident-roles/scribe')).status, 204);
  });
});
