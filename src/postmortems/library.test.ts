import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import {
  auditActions,
  buildIncident,
  buildUser,
  homeTeamFor,
  tokenFor,
  viewerToken,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import type { App } from '../platform/http/app.ts';
import type { PostmortemSummaryView, PostmortemView } from './schemas.ts';
import type { PostmortemTemplateView } from './templates/schemas.ts';

type ErrorBody = { error: { code: string; message: string } };
const T = '/api/v1/postmortem-templates';

describeEachDialect('postmortem templates, the library and export', (server) => {
  let responderToken: string;

  before(async () => {
    const { app } = server();
    const responder = await buildUser(app, { role: 'responder' });
    responderToken = await tokenFor(app, responder.id);
    await homeTeamFor(app, [responder.id]);
  });

  async function start(app: App, severity: 'SEV1' | 'SEV3', body: Record<string, unknown> = {}) {
    const { incident, serviceId } = await buildIncident(app, {
      from: 'declared',
      severity,
      title: 'Checkout down',
    });
    const res = await api<PostmortemView>(app, 'POST', '/api/v1/postmortems', {
      token: responderToken,
      body: { incident_id: incident.id, ...body },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return { pm: res.body, serviceId };
  }

  it('seeds Standard as the default; admins add one per severity, which new postmortems use', async () => {
    const { app } = server();
    const list = await api<{ data: PostmortemTemplateView[] }>(app, 'GET', T, {
      token: await viewerToken(app),
    });
    assert.equal(list.status, 200);
    const standard = list.body.data.find((t) => t.name === 'Standard');
    assert.equal(standard?.is_default, true);
    assert.equal(standard.sections.length, 13);
    assert.ok(
      standard.sections.every((s) => s.guidance.length > 10),
      'each section has its guidance',
    );

    const sections = [
      { key: 'summary', title: 'Summary', guidance: 'What happened.' },
      { key: 'customer_impact', title: 'Customer impact', guidance: 'Who noticed.' },
    ];
    const denied = await api(app, 'POST', T, { token: responderToken, body: { name: 'Sev1', sections } });
    assert.equal(denied.status, 403);
    const created = await api<PostmortemTemplateView>(app, 'POST', T, {
      body: { name: 'Major incident', severity: 'SEV1', sections },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(await auditActions(app, 'postmortem_template', created.body.id), [
      'postmortem_template.create',
    ]);

    const bad: [Record<string, unknown>, number, RegExp][] = [
      [{ name: 'Major incident', sections }, 409, /already exists/],
      [{ name: 'x', severity: 'SEV9', sections }, 400, /^body\.severity/],
      [{ name: 'x', sections: [] }, 400, /^body\.sections/],
      [
        { name: 'x', sections: [sections[0], sections[0]] },
        400,
        /^body\.sections\.1\.key: "summary" appears twice/,
      ],
      [{ name: '', sections }, 400, /^body\.name/],
    ];
    for (const [body, status, message] of bad) {
      const res = await api<ErrorBody>(app, 'POST', T, { body });
      assert.equal(res.status, status, JSON.stringify(body));
      assert.match(res.body.error.message, message);
    }

    const sev1 = (await start(app, 'SEV1')).pm;
    assert.equal(sev1.template_id, created.body.id);
    assert.deepEqual(
      sev1.sections.map((s) => [s.key, s.title]),
      [
        ['summary', 'Summary'],
        ['customer_impact', 'Customer impact'],
      ],
    );
    const sev3 = (await start(app, 'SEV3')).pm;
    assert.equal(sev3.template_id, standard.id, 'no SEV3 template: the default');
    const chosen = (await start(app, 'SEV3', { template_id: created.body.id })).pm;
    assert.equal(chosen.template_id, created.body.id);
    const { incident } = await buildIncident(app, { from: 'declared', severity: 'SEV3' });
    const unknown = await api<ErrorBody>(app, 'POST', '/api/v1/postmortems', {
      body: { incident_id: incident.id, template_id: 'pmt_01JAAAAAAAAAAAAAAAAAAAAAAA' },
    });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.error.message, /^body\.template_id: no postmortem template/);

    // One default: making another the default takes it off Standard; the default cannot be deleted.
    const swap = await api<PostmortemTemplateView>(app, 'PATCH', `${T}/${created.body.id}`, {
      body: { is_default: true },
    });
    assert.equal(swap.status, 200, JSON.stringify(swap.body));
    assert.equal(
      (await api<PostmortemTemplateView>(app, 'GET', `${T}/${standard.id}`)).body.is_default,
      false,
    );
    const del = await api<ErrorBody>(app, 'DELETE', `${T}/${created.body.id}`);
    assert.equal(del.status, 409);
    await api(app, 'PATCH', `${T}/${standard.id}`, { body: { is_default: true } });
    assert.equal((await api(app, 'DELETE', `${T}/${created.body.id}`)).status, 204);
    const after = await api<PostmortemView>(app, 'GET', `/api/v1/postmortems/${sev1.id}`);
    assert.equal(after.body.template_id, null, 'its postmortems keep their sections');
    assert.equal(after.body.sections.length, 2);
  });

  it('lists by status, severity, service, tag and text; exports Markdown', async () => {
    const { app } = server();
    const { pm, serviceId } = await start(app, 'SEV3');
    const other = (await start(app, 'SEV1')).pm;
    const sections = pm.sections.map((s) =>
      s.key === 'root_cause' ? { ...s, body: 'A flapping *resolver*.' } : s,
    );
    const edited = await api(app, 'PATCH', `/api/v1/postmortems/${pm.id}`, {
      token: responderToken,
      body: { tags: ['dns', 'network'], sections },
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    const ids = async (query: string) =>
      (
        await api<{ data: PostmortemSummaryView[] }>(app, 'GET', `/api/v1/postmortems?${query}`)
      ).body.data.map((p) => p.id);
    assert.ok((await ids('status=draft')).includes(pm.id));
    assert.deepEqual(await ids('status=published&tag=dns'), []);
    assert.deepEqual(await ids('tag=dns'), [pm.id]);
    assert.deepEqual(await ids('tag=dn'), [], 'a tag matches whole');
    assert.deepEqual(await ids('q=A%20FLAPPING'), [pm.id]);
    assert.deepEqual(await ids(`service_id=${serviceId}`), [pm.id]);
    const sev1 = await ids('severity=SEV1');
    assert.ok(sev1.includes(other.id) && !sev1.includes(pm.id));
    const bad = await api<ErrorBody>(app, 'GET', '/api/v1/postmortems?status=done');
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /status must be one of: draft, in_review, published/);

    const md = await api<string>(app, 'GET', `/api/v1/postmortems/${pm.id}.md`);
    assert.equal(md.status, 200);
    assert.match(String(md.headers['content-type']), /^text\/markdown/);
    assert.match(md.body, new RegExp(`^# ${pm.title}`));
    assert.match(md.body, /## Root cause\n\nA flapping \*resolver\*\./);
    assert.equal((await api(app, 'GET', '/api/v1/postmortems/pm_01JAAAAAAAAAAAAAAAAAAAAAAA.md')).status, 404);

    // Printable: whatever the text holds stays text.
    const sneaky = pm.sections.map((s) =>
      s.key === 'summary' ? { ...s, body: '<script>alert(1)</script>' } : s,
    );
    await api(app, 'PATCH', `/api/v1/postmortems/${pm.id}`, {
      token: responderToken,
      body: { sections: sneaky },
    });
    const html = await api<string>(app, 'GET', `/api/v1/postmortems/${pm.id}.html`);
    assert.equal(html.status, 200);
    assert.match(String(html.headers['content-type']), /^text\/html/);
    assert.ok(!html.body.includes('<script>'), html.body);
    assert.match(html.body, /&lt;script&gt;alert\(1\)/);
  });
});
