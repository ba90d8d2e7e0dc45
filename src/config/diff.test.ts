import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  user,
  method,
  rule,
  team,
  member,
  service,
  integration,
  schedule,
  layer,
  version,
  override,
  policy,
  level,
  silence,
  window,
  file,
  plan,
  update,
  noChange,
  base,
  people,
} from '../../test/config-rows.ts';
import { type Change } from './diff.ts';
import { isoOf } from './normal.ts';
import { type ConfigRows } from './repository.ts';
import { type TocsinConfig } from './schema.ts';

describe('diffConfig: create and no change', () => {
  it('creates every kind of object that is in the file but not in the database', () => {
    const p = plan(
      {
        teams: [{ name: 'ops' }],
        users: [{ name: 'Alice', email: 'alice@example.com' }],
        services: [{ name: 'api', team: 'ops' }],
        schedules: [{ name: 'primary', team: 'ops' }],
        escalation_policies: [
          { name: 'default', levels: [{ delay_minutes: 0, targets: [{ team: 'ops' }] }] },
        ],
        silences: [
          {
            name: 'deploy',
            matchers: ['env=staging'],
            starts_at: '2026-12-10T00:00:00Z',
            ends_at: '2026-12-11T00:00:00Z',
            comment: 'deploy',
          },
        ],
        maintenance_windows: [
          {
            name: 'upgrade',
            services: ['api'],
            starts_at: '2026-12-10T00:00:00Z',
            ends_at: '2026-12-11T00:00:00Z',
          },
        ],
      },
      {},
    );
    const create = (kind: Change['kind'], name: string) => ({
      kind,
      name,
      op: 'create',
      fields: [],
      items: [],
    });
    assert.deepEqual(p, {
      changes: [
        create('users', 'alice@example.com'),
        create('teams', 'ops'),
        create('schedules', 'primary'),
        create('escalation_policies', 'default'),
        create('services', 'api'),
        create('silences', 'deploy'),
        create('maintenance_windows', 'upgrade'),
      ],
      notes: [],
    });
  });

  it('plans nothing when the file says exactly what the database holds', () => {
    const config: Omit<TocsinConfig, 'version'> = {
      teams: [
        {
          name: 'ops',
          description: 'Operations',
          members: [{ user: 'bob@example.com' }, { user: 'alice@example.com', role: 'manager' }],
        },
      ],
      users: [
        {
          name: 'Alice',
          email: 'alice@example.com',
          role: 'admin',
          time_zone: 'Europe/Paris',
          contact_methods: [
            { label: 'phone', type: 'sms', address: '+33600000000' },
            { label: 'chat', type: 'slack', address: 'https://hooks.slack.com/services/x' },
          ],
          notification_rules: [
            { contact_method: 'phone', delay_minutes: 0, urgency: 'high' },
            { contact_method: 'chat', delay_minutes: 5, urgency: 'low' },
          ],
        },
        { name: 'Bob', email: 'bob@example.com' },
      ],
      services: [
        {
          name: 'api',
          description: 'The API',
          team: 'ops',
          escalation_policy: 'default',
          dependencies: ['db'],
          alert_grouping: { mode: 'labels', labels: ['host'], window_minutes: 10 },
          integrations: [
            { name: 'prom', type: 'alertmanager', key_from_env: 'PROM_KEY' },
            { name: 'beat', type: 'heartbeat', heartbeat: { period_seconds: 300 } },
          ],
        },
        { name: 'db', team: 'ops' },
      ],
      schedules: [
        {
          name: 'primary',
          team: 'ops',
          time_zone: 'Europe/Paris',
          layers: [
            {
              name: 'weekly',
              start_date: '2026-11-02',
              shift_length: 1,
              shift_unit: 'weeks',
              restrictions: [{ type: 'daily', start: '09:00', end: '17:00' }],
              participants: ['alice@example.com', 'bob@example.com'],
            },
          ],
          overrides: [
            { user: 'bob@example.com', start: '2027-01-01T10:00:00+01:00', end: '2027-01-02T10:00:00+01:00' },
          ],
        },
      ],
      escalation_policies: [
        {
          name: 'default',
          team: 'ops',
          levels: [
            { delay_minutes: 0, targets: [{ schedule: 'primary' }] },
            { delay_minutes: 15, targets: [{ user: 'bob@example.com' }, { team: 'ops' }] },
          ],
        },
      ],
      silences: [
        {
          name: 'deploy',
          service: 'api',
          matchers: ['env="staging"'],
          starts_at: '2026-12-10T00:00:00Z',
          ends_at: '2026-12-11T00:00:00Z',
          comment: 'quiet',
        },
      ],
      maintenance_windows: [
        {
          name: 'upgrade',
          services: ['db', 'api'],
          starts_at: '2026-12-10T00:00:00Z',
          ends_at: '2026-12-11T00:00:00Z',
        },
      ],
    };
    const db: Partial<ConfigRows> = {
      users: [
        user('u_alice', 'alice@example.com', { name: 'Alice', role: 'admin', time_zone: 'Europe/Paris' }),
        user('u_bob', 'bob@example.com', { name: 'Bob' }),
      ],
      contactMethods: [
        method('cm_1', 'u_alice', 'sms', 'phone', '+33600000000'),
        method('cm_2', 'u_alice', 'slack', 'chat', 'https://hooks.slack.com/services/x'),
      ],
      rules: [rule('nr_1', 'u_alice', 'cm_2', 'low', 5), rule('nr_2', 'u_alice', 'cm_1', 'high', 0)],
      teams: [team('t_ops', 'ops', 'Operations')],
      members: [member('t_ops', 'u_alice', 'manager'), member('t_ops', 'u_bob')],
      services: [
        service('s_api', 'api', 't_ops', {
          description: 'The API',
          escalation_policy_id: 'p_default',
          alert_grouping: JSON.stringify({ mode: 'labels', labels: ['host'], window_minutes: 10 }),
        }),
        service('s_db', 'db', 't_ops'),
      ],
      dependencies: [{ service_id: 's_api', depends_on_id: 's_db' }],
      integrations: [
        integration('i_prom', 's_api', 'prom', 'alertmanager'),
        integration('i_beat', 's_api', 'beat', 'heartbeat', {
          config: JSON.stringify({ heartbeat: { period_seconds: 300 } }),
        }),
      ],
      schedules: [schedule('sch_primary', 'primary', 't_ops', 'Europe/Paris')],
      layers: [layer('l_weekly', 'sch_primary', 'weekly', 1)],
      versions: [
        version('v_1', 'l_weekly', ['u_alice', 'u_bob'], {
          time_zone: 'Europe/Paris',
          restrictions: JSON.stringify([{ type: 'daily', start: '09:00', end: '17:00' }]),
        }),
      ],
      overrides: [override('o_1', 'sch_primary', 'u_bob', '2027-01-01T09:00:00Z', '2027-01-02T09:00:00Z')],
      policies: [policy('p_default', 'default', { team_id: 't_ops' })],
      levels: [
        level('lv_0', 'p_default', 0, 0, [{ type: 'schedule', id: 'sch_primary' }]),
        level('lv_1', 'p_default', 1, 15, [
          { type: 'user', id: 'u_bob' },
          { type: 'team', id: 't_ops' },
        ]),
      ],
      silences: [
        silence('sil_1', 'deploy', '2026-12-10T00:00:00Z', '2026-12-11T00:00:00Z', { service_id: 's_api' }),
      ],
      windows: [window('mw_1', 'upgrade', '2026-12-10T00:00:00Z', '2026-12-11T00:00:00Z')],
      windowServices: [
        { window_id: 'mw_1', service_id: 's_api' },
        { window_id: 'mw_1', service_id: 's_db' },
      ],
    };
    assert.deepEqual(
      plan(config, db, { keyHash: (env) => (env === 'PROM_KEY' ? 'hash-i_prom' : undefined) }),
      noChange,
    );
    // The same file against an empty database creates all 9 objects: the match above is not vacuous.
    assert.equal(plan(config, {}).changes.filter((c) => c.op === 'create').length, 9);
  });

  it('fills in the API defaults, so a file that leaves them out matches the stored defaults', () => {
    const config: Omit<TocsinConfig, 'version'> = {
      teams: [{ name: 'ops', members: [{ user: 'alice@example.com' }] }],
      users: [{ name: 'alice', email: 'alice@example.com' }],
      services: [
        {
          name: 'api',
          team: 'ops',
          integrations: [{ name: 'beat', type: 'heartbeat', heartbeat: { period_seconds: 60 } }],
        },
        { name: 'web', team: 'ops' },
      ],
      schedules: [
        {
          name: 'primary',
          team: 'ops',
          time_zone: 'Europe/Berlin',
          layers: [
            { name: 'l', start_date: '2026-11-02', shift_length: 1, shift_unit: 'days', participants: [] },
          ],
        },
      ],
      escalation_policies: [{ name: 'default', levels: [{ delay_minutes: 0, targets: [{ team: 'ops' }] }] }],
    };
    const db: Partial<ConfigRows> = {
      users: [user('u_alice', 'alice@example.com', { role: 'responder', time_zone: 'UTC' })],
      teams: [team('t_ops', 'ops', '')],
      members: [member('t_ops', 'u_alice', 'member')],
      services: [
        service('s_api', 'api', 't_ops', { alert_grouping: null }),
        service('s_web', 'web', 't_ops', { alert_grouping: JSON.stringify({ mode: 'dedup_key' }) }),
      ],
      integrations: [
        integration('i_beat', 's_api', 'beat', 'heartbeat', {
          config: JSON.stringify({ heartbeat: { period_seconds: 60, grace_seconds: 60 } }),
        }),
      ],
      schedules: [schedule('sch', 'primary', 't_ops', 'Europe/Berlin')],
      layers: [layer('l_1', 'sch', 'l', 1)],
      versions: [
        version('v_1', 'l_1', [], { time_zone: 'Europe/Berlin', shift_unit: 'days', handoff_time: '09:00' }),
      ],
      policies: [policy('p', 'default', { description: '', repeat_count: 0, ack_timeout_minutes: null })],
      levels: [level('lv', 'p', 0, 0, [{ type: 'team', id: 't_ops' }])],
    };
    assert.deepEqual(plan(config, db), noChange);
  });

  it('normalizes the file: defaults, lowercased emails, UTC times, sorted lists', () => {
    const n = file({
      users: [{ name: 'A', email: 'A@Example.COM' }],
      teams: [{ name: 't', members: [{ user: 'Z@x.io' }, { user: 'b@x.io', role: 'manager' }] }],
      maintenance_windows: [
        {
          name: 'w',
          services: ['z', 'a'],
          starts_at: '2027-01-01T10:00:00+01:00',
          ends_at: '2027-01-02T00:00:00Z',
        },
      ],
    });
    assert.deepEqual(n.users, [
      { name: 'A', email: 'a@example.com', role: 'responder', time_zone: 'UTC', deactivated: false },
    ]);
    assert.deepEqual(n.teams, [
      {
        name: 't',
        description: '',
        members: [
          { user: 'b@x.io', role: 'manager' },
          { user: 'z@x.io', role: 'member' },
        ],
      },
    ]);
    assert.deepEqual(n.maintenance_windows[0]?.services, ['a', 'z']);
    assert.equal(n.maintenance_windows[0]?.starts_at, '2027-01-01T09:00:00.000Z');
    assert.equal(isoOf('2027-01-01T10:00:00+01:00'), '2027-01-01T09:00:00.000Z');
  });
});

describe('diffConfig: scalar fields', () => {
  it('updates a changed field with its before and after', () => {
    const p = plan(
      { users: [{ name: 'Alicia', email: 'alice@example.com', role: 'admin' }] },
      { users: [user('u_alice', 'alice@example.com', { name: 'Alice' })] },
    );
    assert.deepEqual(p, {
      changes: [
        update('users', 'alice@example.com', [
          { field: 'name', before: 'Alice', after: 'Alicia' },
          { field: 'role', before: 'responder', after: 'admin' },
        ]),
      ],
      notes: [],
    });
  });

  it('compares teams, services and policies field by field, references by name', () => {
    const p = plan(
      {
        ...people,
        teams: [{ name: 'ops', description: 'Ops' }],
        services: [
          {
            name: 'api',
            team: 'ops',
            escalation_policy: 'default',
            alert_grouping: { mode: 'dedup_key', storm_threshold_per_minute: 50 },
          },
        ],
        escalation_policies: [
          {
            name: 'default',
            repeat_count: 2,
            ack_timeout_minutes: 30,
            levels: [{ delay_minutes: 5, targets: [{ user: 'Bob@Example.com' }] }],
          },
        ],
      },
      {
        ...base,
        services: [service('s_api', 'api', 't_ops')],
        policies: [policy('p', 'default')],
        levels: [level('lv', 'p', 0, 5, [{ type: 'user', id: 'u_alice' }])],
      },
    );
    assert.deepEqual(p.changes, [
      update('teams', 'ops', [{ field: 'description', before: '', after: 'Ops' }]),
      update('escalation_policies', 'default', [
        { field: 'repeat_count', before: 0, after: 2 },
        { field: 'ack_timeout_minutes', before: null, after: 30 },
        {
          field: 'levels',
          before: [{ delay_minutes: 5, targets: [{ user: 'alice@example.com' }] }],
          after: [{ delay_minutes: 5, targets: [{ user: 'bob@example.com' }] }],
        },
      ]),
      update('services', 'api', [
        { field: 'escalation_policy', before: null, after: 'default' },
        {
          field: 'alert_grouping',
          before: { mode: 'dedup_key' },
          after: { mode: 'dedup_key', storm_threshold_per_minute: 50 },
        },
      ]),
    ]);
  });

  it('treats alert grouping labels as a set (grouping sorts them), so a reorder is no change', () => {
    const grouping = { mode: 'labels' as const, labels: ['host', 'env'], window_minutes: 10 };
    const db = {
      ...base,
      services: [
        service('s_api', 'api', 't_ops', {
          alert_grouping: JSON.stringify({ ...grouping, labels: ['env', 'host'] }),
        }),
      ],
    };
    assert.deepEqual(
      plan({ ...people, services: [{ name: 'api', team: 'ops', alert_grouping: grouping }] }, db),
      noChange,
    );
  });

  it('shows a reference to a deleted object as never equal to a name in the file', () => {
    const p = plan(
      { ...people, services: [{ name: 'api', team: 'ops' }] },
      { ...base, services: [service('s_api', 'api', 't_gone')] },
    );
    assert.deepEqual(p.changes, [
      update('services', 'api', [{ field: 'team', before: '<deleted t_gone>', after: 'ops' }]),
    ]);
  });
});
