import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildIncident, buildUser, tokenFor } from '../../test/factories.ts';
import { describeEachDialect } from '../../test/harness.ts';
import { listeningCli } from '../../test/cli-io.ts';

describeEachDialect('tocsin postmortem CLI', (server) => {
  const run = listeningCli(server);
  const cli = (...argv: string[]) => run.as(server().adminToken, ...argv);

  it('creates, shows and exports a postmortem by its incident or its id', async () => {
    const app = server().app;
    const { incident } = await buildIncident(app, {
      from: 'declared',
      severity: 'SEV2',
      title: 'Queue backlog',
    });

    const created = await cli('postmortem', 'create', incident.ref, '--title', 'Queue backlog review');
    assert.equal(created.code, 0, created.errText());
    const m = /^created (pm_[0-9A-Z]{26}) draft "Queue backlog review"$/m.exec(created.text());
    assert.ok(m, created.text());
    const id = m[1]!;
    assert.match(created.text(), new RegExp(`incident +${incident.ref} SEV2 triggered "Queue backlog"`));

    const again = await cli('postmortem', 'create', incident.ref);
    assert.equal(again.code, 1);
    assert.match(again.errText(), new RegExp(`${incident.ref} already has a postmortem \\(${id}\\)`));

    for (const ref of [incident.ref, id]) {
      const shown = await cli('postmortem', 'show', ref);
      assert.equal(shown.code, 0, shown.errText());
      assert.match(shown.text(), new RegExp(`^${id} draft "Queue backlog review"`));
      assert.match(shown.text(), /can move to {3}in_review/);
      assert.match(shown.text(), /^## Root cause$/m);
    }
    const json = await cli('postmortem', 'show', id, '--json');
    assert.equal((JSON.parse(json.text()) as { id: string }).id, id);

    const exported = await cli('postmortem', 'export', incident.ref);
    assert.equal(exported.code, 0, exported.errText());
    assert.match(exported.text(), /^# Queue backlog review\n/);
    assert.match(exported.text(), /^## Lessons learned$/m);
  });

  it('refuses a viewer, an unknown incident and a missing argument', async () => {
    const app = server().app;
    const viewer = await buildUser(app, { role: 'viewer' });
    const { incident } = await buildIncident(app, { from: 'declared', severity: 'SEV3' });
    const c = await run.as(await tokenFor(app, viewer.id), 'postmortem', 'create', incident.ref);
    assert.equal(c.code, 1);
    assert.match(c.errText(), /needs the responder role/);

    const unknown = await cli('postmortem', 'create', 'INC-999999');
    assert.equal(unknown.code, 2);
    assert.match(unknown.errText(), /body\.incident_id: no incident "INC-999999"/);
    const none = await cli('postmortem', 'show', incident.ref);
    assert.equal(none.code, 1);
    assert.match(none.errText(), /has no postmortem yet/);
    const missing = await cli('postmortem', 'export');
    assert.equal(missing.code, 2);
    assert.match(missing.errText(), /INC is required/);
  });
});
