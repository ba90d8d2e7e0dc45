import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildIntegration, buildService, uniqueName } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { listeningCli } from '../../test/cli-io.ts';

describeEachDialect('tocsin runbook CLI', (server) => {
  const run = listeningCli(server);
  const cli = (...argv: string[]) => run.as(server().adminToken, ...argv);

  it('lists the library and the runbooks of an incident, and shows one with an older version', async () => {
    const { app } = server();
    const service = await buildService(app);
    const am = await buildIntegration(app, 'alertmanager', {}, service.id);
    const title = uniqueName('Disk full');
    const made = await api<{ id: string }>(app, 'POST', '/api/v1/runbooks', {
      body: { title, body: '## Resolution\n\nfirst\n', matchers: ['alertname="DiskFull"'], tags: ['disk'] },
    });
    assert.equal(made.status, 201);
    const id = made.body.id;
    await api(app, 'PATCH', `/api/v1/runbooks/${id}`, { body: { body: '## Resolution\n\nsecond\n' } });

    const list = await cli('runbook', 'list', '--tag', 'disk');
    assert.equal(list.code, 0, list.errText());
    assert.match(
      list.text(),
      new RegExp(`^${id} +2 +\\d{4}-\\d\\d-\\d\\d +admins +${title}.*alertname="DiskFull"`, 'm'),
    );

    const shown = await cli('runbook', 'show', id);
    assert.equal(shown.code, 0, shown.errText());
    assert.match(shown.text(), new RegExp(`^${id} v2 "${title}"`));
    assert.match(shown.text(), /^second$/m);
    const old = await cli('runbook', 'show', id, '--version', '1');
    assert.match(old.text(), /^first$/m);
    assert.match(old.text(), new RegExp(`^${id} v1 `));

    const fired = await api(app, 'POST', `/integrations/${am.key}/api/v2/alerts`, {
      token: null,
      body: [{ labels: { alertname: 'DiskFull', instance: 'db-1' }, annotations: { summary: 'disk' } }],
    });
    assert.equal(fired.status, 200);
    const incidents = await api<{ data: { number: number }[] }>(
      app,
      'GET',
      `/api/v1/incidents?service_id=${service.id}`,
    );
    const ref = `INC-${incidents.body.data[0]!.number}`;
    const matching = await cli('runbook', 'list', '--incident', ref);
    assert.equal(matching.code, 0, matching.errText());
    assert.match(matching.text(), new RegExp(`^\\* ${id} `, 'm'));
    assert.match(matching.text(), /the one pages link to/);
  });

  it('runs a step by name, dry or for real, and says when it waits for approval', async () => {
    const { app } = server();
    const service = await buildService(app);
    const am = await buildIntegration(app, 'alertmanager', {}, service.id);
    await api(app, 'POST', `/integrations/${am.key}/api/v2/alerts`, {
      token: null,
      body: [{ labels: { alertname: 'Stuck', instance: 'q-9' } }],
    });
    const incidents = await api<{ data: { number: number }[] }>(
      app,
      'GET',
      `/api/v1/incidents?service_id=${service.id}`,
    );
    const ref = `INC-${incidents.body.data[0]!.number}`;
    const rb = await api<{ id: string }>(app, 'POST', '/api/v1/runbooks', {
      body: { title: uniqueName('Queue') },
    });
    for (const [name, approval] of [
      ['Kick', 'safe'],
      ['Purge', 'approval'],
    ] as const) {
      const step = await api(app, 'POST', `/api/v1/runbooks/${rb.body.id}/steps`, {
        body: { name, approval, url: 'https://ops.example.com/queues/{{labels.instance}}/kick' },
      });
      assert.equal(step.status, 201, JSON.stringify(step.body));
    }
    const dry = await cli('runbook', 'run', rb.body.id, 'Kick', '--incident', ref, '--dry-run');
    assert.equal(dry.code, 0, dry.errText());
    assert.match(dry.text(), /^ {2}POST https:\/\/ops\.example\.com\/queues\/q-9\/kick$/m);
    const gated = await cli('runbook', 'run', rb.body.id, 'Purge', '--incident', ref);
    assert.equal(gated.code, 0, gated.errText());
    assert.match(gated.text(), /^rbr_\w+ waiting for approval by a second person$/m);
    const unknown = await cli('runbook', 'run', rb.body.id, 'Nope', '--incident', ref);
    assert.equal(unknown.code, 2);
    assert.match(unknown.errText(), /has no step "Nope"; it has "Kick", "Purge"/);
  });

  it('refuses a missing id, a bad version and an unknown runbook', async () => {
    const missing = await cli('runbook', 'show');
    assert.equal(missing.code, 2);
    assert.match(missing.errText(), /RB_ID is required/);
    const bad = await cli('runbook', 'show', 'rb_x', '--version', 'two');
    assert.equal(bad.code, 2);
    const unknown = await cli('runbook', 'show', 'rb_nope');
    assert.equal(unknown.code, 1);
    assert.match(unknown.errText(), /runbook "rb_nope" not found/);
  });
});
