import assert from 'node:assert/strict';
import { it } from 'node:test';
import { auditActions } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { applyConfig, planConfig } from './apply.ts';
import { exportConfig } from './export.ts';
import { loadConfigTexts } from './load.ts';

/**
 * `deactivated: true` on a user in tocsin.yaml: an exported install that has deactivated people
 * applies elsewhere with them deactivated (not active and pageable), even when old rotations still
 * name them; the flag round-trips and toggles through the same actions as the API, audited.
 */

const load = (text: string) => loadConfigTexts([{ file: 'people.yaml', text }]).config;

function file(tag: string, erinDeactivated: boolean | undefined): string {
  const flag = erinDeactivated === undefined ? [] : [`    deactivated: ${erinDeactivated}`];
  return [
    'version: 1',
    'teams:',
    `  - name: Ops ${tag}`,
    `    members: [{ user: erin-${tag}@example.com }, { user: finn-${tag}@example.com }]`,
    'users:',
    `  - name: Erin ${tag}`,
    `    email: erin-${tag}@example.com`,
    ...flag,
    `  - name: Finn ${tag}`,
    `    email: finn-${tag}@example.com`,
    'schedules:',
    `  - name: Ops ${tag} primary`,
    `    team: Ops ${tag}`,
    '    layers:',
    '      - name: Weekly',
    "        start_date: '2025-01-06'",
    '        shift_length: 1',
    '        shift_unit: weeks',
    `        participants: [erin-${tag}@example.com, finn-${tag}@example.com]`,
    '',
  ].join('\n');
}

describeEachDialect('config: deactivated people', (server) => {
  const userByEmail = async (email: string) => {
    const res = await api<{ data: { id: string; email: string; status: string }[] }>(
      server().app,
      'GET',
      `/api/v1/users?q=${encodeURIComponent(email)}`,
    );
    const user = res.body.data.find((u) => u.email === email);
    assert.ok(user, `${email} exists`);
    return user;
  };

  it('creates a deactivated person after the schedule that names them; a second plan is empty', async () => {
    const ctx = server().ctx('cli');
    const config = load(file('a', true));
    await applyConfig({ ctx, input: { config } });
    const erin = await userByEmail('erin-a@example.com');
    assert.equal(erin.status, 'deactivated');
    assert.equal((await userByEmail('finn-a@example.com')).status, 'active');
    assert.deepEqual(await auditActions(server().app, 'user', erin.id), ['user.create', 'user.deactivate']);
    const again = await planConfig({ ctx, input: { config } });
    assert.deepEqual(
      again.changes.filter((c) => c.name.endsWith('-a@example.com') || c.name.startsWith('Ops a')),
      [],
    );
  });

  it('exports deactivated: true for them only, and the export plans nothing', async () => {
    const ctx = server().ctx('cli');
    await applyConfig({ ctx, input: { config: load(file('b', true)) } });
    const exported = await exportConfig({ ctx });
    const users = exported.config.users ?? [];
    assert.equal(users.find((u) => u.email === 'erin-b@example.com')?.deactivated, true);
    assert.equal(users.find((u) => u.email === 'finn-b@example.com')?.deactivated, undefined);
    const plan = await planConfig({ ctx, input: { config: load(exported.yaml) } });
    assert.deepEqual(plan.changes, []);
  });

  it('toggles an existing person both ways, through deactivate and reactivate', async () => {
    const ctx = server().ctx('cli');
    await applyConfig({ ctx, input: { config: load(file('c', undefined)) } });
    const erin = await userByEmail('erin-c@example.com');
    assert.equal(erin.status, 'active');

    const off = await applyConfig({ ctx, input: { config: load(file('c', true)) } });
    assert.deepEqual(
      off.plan.changes.map((c) => [c.op, c.name, c.fields.map((f) => f.field)]),
      [['update', 'erin-c@example.com', ['deactivated']]],
    );
    assert.equal((await userByEmail('erin-c@example.com')).status, 'deactivated');

    await applyConfig({ ctx, input: { config: load(file('c', false)) } });
    assert.equal((await userByEmail('erin-c@example.com')).status, 'active');
    assert.deepEqual(await auditActions(server().app, 'user', erin.id), [
      'user.create',
      'user.deactivate',
      'user.reactivate',
    ]);
  });
});
