import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Row } from '../platform/db/tables.ts';
import { type Change, type DiffOptions, type Plan, diffConfig } from './diff.ts';
import { isoOf, normalizeConfig } from './normal.ts';
import type { ConfigRows } from './repository.ts';
import type { TocsinConfig } from './schema.ts';
import { type State, buildState, effectiveLabels } from './state.ts';

const NOW = Date.parse('2026-12-01T00:00:00.000Z');
const ms = (iso: string) => Date.parse(iso);

// ---- database rows, by hand ------------------------------------------------------------------

function rows(partial: Partial<ConfigRows>): ConfigRows {
  return {
    users: [],
    contactMethods: [],
    rules: [],
    teams: [],
    members: [],
    services: [],
    dependencies: [],
    integrations: [],
    schedules: [],
    layers: [],
    versions: [],
    overrides: [],
    policies: [],
    levels: [],
    silences: [],
    windows: [],
    windowServices: [],
    ...partial,
  };
}

const user = (id: string, email: string, more: Partial<ConfigRows['users'][number]> = {}) => ({
  id,
  name: email.split('@')[0] ?? email,
  email,
  role: 'responder' as const,
  time_zone: 'UTC',
  ...more,
});

const method = (
  id: string,
  user_id: string,
  type: Row<'contact_methods'>['type'],
  label: string,
  address: string,
): Row<'contact_methods'> => ({ id, user_id, type, label, address, created_at: 0 });

const rule = (
  id: string,
  user_id: string,
  contact_method_id: string,
  urgency: 'high' | 'low',
  delay_minutes: number,
): Row<'notification_rules'> => ({ id, user_id, contact_method_id, urgency, delay_minutes, created_at: 0 });

const team = (id: string, name: string, description = ''): Row<'teams'> => ({
  id,
  name,
  description,
  created_at: 0,
  updated_at: 0,
});

const member = (
  team_id: string,
  user_id: string,
  role: 'member' | 'manager' = 'member',
): Row<'team_members'> => ({
  team_id,
  user_id,
  role,
  created_at: 0,
});

const service = (
  id: string,
  name: string,
  team_id: string,
  more: Partial<Row<'services'>> = {},
): Row<'services'> => ({
  id,
  name,
  description: '',
  team_id,
  alert_grouping: null,
  urgency_rules: null,
  escalation_policy_id: null,
  created_at: 0,
  updated_at: 0,
  ...more,
});

const integration = (
  id: string,
  service_id: string,
  name: string,
  type: Row<'integrations'>['type'],
  more: Partial<Row<'integrations'>> = {},
): Row<'integrations'> => ({
  id,
  service_id,
  name,
  type,
  key_hash: `hash-${id}`,
  key_prefix: 'k',
  config: '{}',
  rate_limit_per_minute: null,
  disabled_at: null,
  created_at: 0,
  updated_at: 0,
  ...more,
});

const schedule = (id: string, name: string, team_id: string, time_zone = 'UTC'): Row<'schedules'> => ({
  id,
  name,
  description: '',
  team_id,
  time_zone,
  created_at: 0,
  updated_at: 0,
});

const layer = (id: string, schedule_id: string, name: string, position: number): Row<'schedule_layers'> => ({
  id,
  schedule_id,
  name,
  position,
  created_at: 0,
  updated_at: 0,
});

const version = (
  id: string,
  layer_id: string,
  participants: string[],
  more: Partial<Row<'schedule_layer_versions'>> = {},
): Row<'schedule_layer_versions'> => ({
  id,
  layer_id,
  effective_from: 0,
  time_zone: 'UTC',
  start_date: '2026-11-02',
  handoff_time: '09:00',
  shift_length: 1,
  shift_unit: 'weeks',
  end_at: null,
  restrictions: '[]',
  participants: JSON.stringify(participants),
  rotation_offset: 0,
  created_at: 0,
  ...more,
});

const override = (
  id: string,
  schedule_id: string,
  user_id: string,
  start: string,
  end: string,
): Row<'schedule_overrides'> => ({
  id,
  schedule_id,
  user_id,
  start_at: ms(start),
  end_at: ms(end),
  swap_id: null,
  created_by: 'u_admin',
  created_at: 0,
});

const policy = (
  id: string,
  name: string,
  more: Partial<Row<'escalation_policies'>> = {},
): Row<'escalation_policies'> => ({
  id,
  name,
  description: '',
  team_id: null,
  repeat_count: 0,
  ack_timeout_minutes: null,
  created_at: 0,
  updated_at: 0,
  ...more,
});

const level = (
  id: string,
  policy_id: string,
  position: number,
  delay_minutes: number,
  targets: { type: string; id: string }[],
): Row<'escalation_levels'> => ({ id, policy_id, position, delay_minutes, targets: JSON.stringify(targets) });

const silence = (
  id: string,
  name: string,
  starts: string,
  ends: string,
  more: Partial<Row<'silences'>> = {},
): Row<'silences'> => ({
  id,
  name,
  service_id: null,
  matchers: JSON.stringify([{ name: 'env', op: '=', value: 'staging' }]),
  starts_at: ms(starts),
  ends_at: ms(ends),
  comment: 'quiet',
  created_by: 'u_admin',
  created_at: 0,
  updated_at: 0,
  ...more,
});

const window = (id: string, name: string, starts: string, ends: string): Row<'maintenance_windows'> => ({
  id,
  name,
  description: '',
  starts_at: ms(starts),
  ends_at: ms(ends),
  created_at: 0,
  updated_at: 0,
});

// ---- plans -----------------------------------------------------------------------------------

const opts = (more: Partial<DiffOptions> = {}): DiffOptions => ({
  prune: false,
  keyHash: () => undefined,
  ...more,
});

const file = (config: Omit<TocsinConfig, 'version'>) => normalizeConfig({ version: 1, ...config });

function plan(
  config: Omit<TocsinConfig, 'version'>,
  db: Partial<ConfigRows>,
  more?: Partial<DiffOptions>,
): Plan {
  return diffConfig(file(config), buildState(rows(db), NOW), opts(more));
}

const update = (
  kind: Change['kind'],
  name: string,
  fields: Change['fields'],
  items: Change['items'] = [],
) => ({
  kind,
  name,
  op: 'update',
  fields,
  items,
});

const noChange: Plan = { changes: [], notes: [] };

/** One user, one team, one service, with ids that the other rows refer to. */
const base = {
  users: [user('u_alice', 'alice@example.com'), user('u_bob', 'bob@example.com')],
  teams: [team('t_ops', 'ops')],
};
const people: Omit<TocsinConfig, 'version'> = {
  users: [
    { name: 'alice', email: 'alice@example.com' },
    { name: 'bob', email: 'bob@example.com' },
  ],
  teams: [{ name: 'ops' }],
};

// ---- the tests -------------------------------------------------------------------------------

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
    assert.deepEqual(n.users, [{ name: 'A', email: 'a@example.com', role: 'responder', time_zone: 'UTC' }]);
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

describe('diffConfig: sub-lists', () => {
  const db = {
    ...base,
    users: [...base.users, user('u_carol', 'carol@example.com')],
    members: [member('t_ops', 'u_alice', 'manager'), member('t_ops', 'u_bob')],
  };
  const users = [...(people.users ?? []), { name: 'carol', email: 'carol@example.com' }];

  it('team members by email: add, remove and change role', () => {
    const p = plan(
      {
        users,
        teams: [
          {
            name: 'ops',
            members: [{ user: 'carol@example.com', role: 'manager' }, { user: 'alice@example.com' }],
          },
        ],
      },
      db,
    );
    assert.deepEqual(p, {
      changes: [
        update(
          'teams',
          'ops',
          [],
          [
            { list: 'members', op: 'remove', key: 'bob@example.com', fields: [] },
            {
              list: 'members',
              op: 'change',
              key: 'alice@example.com',
              fields: [{ field: 'role', before: 'manager', after: 'member' }],
            },
            { list: 'members', op: 'add', key: 'carol@example.com', fields: [] },
          ],
        ),
      ],
      notes: [],
    });
  });

  it('members left out of the file are not managed; an empty list removes them all', () => {
    assert.deepEqual(plan({ users, teams: [{ name: 'ops' }] }, db), noChange);
    assert.deepEqual(plan({ users, teams: [{ name: 'ops', members: [] }] }, db).changes, [
      update(
        'teams',
        'ops',
        [],
        [
          { list: 'members', op: 'remove', key: 'alice@example.com', fields: [] },
          { list: 'members', op: 'remove', key: 'bob@example.com', fields: [] },
        ],
      ),
    ]);
  });

  const alice = {
    users: [user('u_alice', 'alice@example.com')],
    contactMethods: [
      method('cm_phone', 'u_alice', 'sms', 'phone', '+15550001'),
      method('cm_chat', 'u_alice', 'slack', 'chat', 'https://hooks.slack.com/a'),
    ],
    rules: [rule('nr_1', 'u_alice', 'cm_phone', 'high', 0), rule('nr_2', 'u_alice', 'cm_chat', 'low', 10)],
  };

  it('contact methods by label: add, remove and change address', () => {
    const p = plan(
      {
        users: [
          {
            name: 'alice',
            email: 'alice@example.com',
            contact_methods: [
              { label: 'phone', type: 'sms', address: '+15550002' },
              { label: 'mail', type: 'email', address: 'alice@example.com' },
            ],
          },
        ],
      },
      alice,
    );
    assert.deepEqual(p.changes, [
      update(
        'users',
        'alice@example.com',
        [],
        [
          { list: 'contact_methods', op: 'remove', key: 'chat', fields: [] },
          { list: 'contact_methods', op: 'add', key: 'mail', fields: [] },
          {
            list: 'contact_methods',
            op: 'change',
            key: 'phone',
            fields: [{ field: 'address', before: '+15550001', after: '+15550002' }],
          },
        ],
      ),
    ]);
  });

  it('notification rules: a changed rule is a remove and an add; contact methods left out stay', () => {
    const p = plan(
      {
        users: [
          {
            name: 'alice',
            email: 'alice@example.com',
            notification_rules: [
              { contact_method: 'phone', delay_minutes: 0, urgency: 'high' },
              { contact_method: 'chat', delay_minutes: 15, urgency: 'low' },
            ],
          },
        ],
      },
      alice,
    );
    assert.deepEqual(p.changes, [
      update(
        'users',
        'alice@example.com',
        [],
        [
          { list: 'notification_rules', op: 'remove', key: 'chat low 10m', fields: [] },
          { list: 'notification_rules', op: 'add', key: 'chat low 15m', fields: [] },
        ],
      ),
    ]);
  });

  it('contact methods and rules left out are not managed; empty lists remove them all', () => {
    assert.deepEqual(plan({ users: [{ name: 'alice', email: 'alice@example.com' }] }, alice), noChange);
    const p = plan(
      { users: [{ name: 'alice', email: 'alice@example.com', contact_methods: [], notification_rules: [] }] },
      alice,
    );
    assert.deepEqual(p.changes, [
      update(
        'users',
        'alice@example.com',
        [],
        [
          { list: 'notification_rules', op: 'remove', key: 'chat low 10m', fields: [] },
          { list: 'notification_rules', op: 'remove', key: 'phone high 0m', fields: [] },
          { list: 'contact_methods', op: 'remove', key: 'chat', fields: [] },
          { list: 'contact_methods', op: 'remove', key: 'phone', fields: [] },
        ],
      ),
    ]);
  });

  const oncall = {
    ...base,
    schedules: [schedule('sch', 'primary', 't_ops')],
    layers: [layer('l_day', 'sch', 'day', 1), layer('l_night', 'sch', 'night', 2)],
    versions: [version('v_day', 'l_day', ['u_alice']), version('v_night', 'l_night', ['u_bob'])],
    overrides: [
      override('o_1', 'sch', 'u_alice', '2027-01-01T00:00:00Z', '2027-01-02T00:00:00Z'),
      override('o_2', 'sch', 'u_bob', '2027-02-01T00:00:00Z', '2027-02-02T00:00:00Z'),
    ],
  };
  const dayLayer = {
    name: 'day',
    order: 1,
    start_date: '2026-11-02',
    shift_length: 1,
    shift_unit: 'weeks' as const,
    participants: ['alice@example.com'],
  };

  it('layers by name: add, remove and change fields', () => {
    const p = plan(
      {
        ...people,
        schedules: [
          {
            name: 'primary',
            team: 'ops',
            layers: [
              { ...dayLayer, shift_length: 2, participants: ['alice@example.com', 'bob@example.com'] },
              { ...dayLayer, name: 'weekend', order: 3 },
            ],
          },
        ],
      },
      oncall,
    );
    assert.deepEqual(p.changes, [
      update(
        'schedules',
        'primary',
        [],
        [
          { list: 'layers', op: 'remove', key: 'night', fields: [] },
          {
            list: 'layers',
            op: 'change',
            key: 'day',
            fields: [
              { field: 'shift_length', before: 1, after: 2 },
              {
                field: 'participants',
                before: ['alice@example.com'],
                after: ['alice@example.com', 'bob@example.com'],
              },
            ],
          },
          { list: 'layers', op: 'add', key: 'weekend', fields: [] },
        ],
      ),
    ]);
  });

  it('overrides by user and instants: add and remove; other spellings of the same instants match', () => {
    const p = plan(
      {
        ...people,
        schedules: [
          {
            name: 'primary',
            team: 'ops',
            overrides: [
              {
                user: 'ALICE@example.com',
                start: '2027-01-01T01:00:00+01:00',
                end: '2027-01-02T01:00:00+01:00',
              },
              { user: 'alice@example.com', start: '2027-03-01T00:00:00Z', end: '2027-03-02T00:00:00Z' },
            ],
          },
        ],
      },
      oncall,
    );
    assert.deepEqual(p.changes, [
      update(
        'schedules',
        'primary',
        [],
        [
          {
            list: 'overrides',
            op: 'remove',
            key: 'bob@example.com 2027-02-01T00:00:00.000Z - 2027-02-02T00:00:00.000Z',
            fields: [],
          },
          {
            list: 'overrides',
            op: 'add',
            key: 'alice@example.com 2027-03-01T00:00:00.000Z - 2027-03-02T00:00:00.000Z',
            fields: [],
          },
        ],
      ),
    ]);
  });

  it('layers and overrides left out are not managed; empty lists remove them all', () => {
    assert.deepEqual(plan({ ...people, schedules: [{ name: 'primary', team: 'ops' }] }, oncall), noChange);
    const p = plan(
      { ...people, schedules: [{ name: 'primary', team: 'ops', layers: [], overrides: [] }] },
      oncall,
    );
    assert.deepEqual(
      p.changes[0]?.items.map((i) => `${i.list} ${i.op} ${i.key}`),
      [
        'layers remove day',
        'layers remove night',
        'overrides remove alice@example.com 2027-01-01T00:00:00.000Z - 2027-01-02T00:00:00.000Z',
        'overrides remove bob@example.com 2027-02-01T00:00:00.000Z - 2027-02-02T00:00:00.000Z',
      ],
    );
  });

  it('an ended override in the file is left out with a note, not added', () => {
    const p = plan(
      {
        ...people,
        schedules: [
          {
            name: 'primary',
            team: 'ops',
            overrides: [
              { user: 'bob@example.com', start: '2026-11-01T00:00:00Z', end: '2026-11-02T00:00:00Z' },
            ],
          },
        ],
      },
      { ...base, schedules: [schedule('sch', 'primary', 't_ops')] },
    );
    assert.deepEqual(p, {
      changes: [],
      notes: [
        'schedule "primary": override bob@example.com 2026-11-01T00:00:00.000Z - 2026-11-02T00:00:00.000Z has ended: left out',
      ],
    });
  });

  const svc = {
    ...base,
    services: [service('s_api', 'api', 't_ops'), service('s_db', 'db', 't_ops')],
    dependencies: [{ service_id: 's_api', depends_on_id: 's_db' }],
    integrations: [
      integration('i_prom', 's_api', 'prom', 'alertmanager'),
      integration('i_graf', 's_api', 'graf', 'grafana'),
    ],
  };

  it('integrations by name: add, remove and change; dependencies as a field', () => {
    const p = plan(
      {
        ...people,
        services: [
          {
            name: 'api',
            team: 'ops',
            dependencies: [],
            integrations: [
              { name: 'prom', type: 'alertmanager', enabled: false, rate_limit_per_minute: 100 },
              { name: 'events', type: 'events-v2' },
            ],
          },
          { name: 'db', team: 'ops' },
        ],
      },
      svc,
    );
    assert.deepEqual(p.changes, [
      update(
        'services',
        'api',
        [{ field: 'dependencies', before: ['db'], after: [] }],
        [
          { list: 'integrations', op: 'remove', key: 'graf', fields: [] },
          { list: 'integrations', op: 'add', key: 'events', fields: [] },
          {
            list: 'integrations',
            op: 'change',
            key: 'prom',
            fields: [
              { field: 'enabled', before: true, after: false },
              { field: 'rate_limit_per_minute', before: null, after: 100 },
            ],
          },
        ],
      ),
    ]);
  });

  it('integrations and dependencies left out are not managed; empty integrations remove them all', () => {
    const services = (api: Record<string, unknown>) => ({
      ...people,
      services: [
        { name: 'api', team: 'ops', ...api },
        { name: 'db', team: 'ops' },
      ],
    });
    assert.deepEqual(plan(services({}), svc), noChange);
    assert.deepEqual(plan(services({ integrations: [] }), svc).changes, [
      update(
        'services',
        'api',
        [],
        [
          { list: 'integrations', op: 'remove', key: 'graf', fields: [] },
          { list: 'integrations', op: 'remove', key: 'prom', fields: [] },
        ],
      ),
    ]);
  });
});

describe('diffConfig: emails and times', () => {
  it('matches users, members, participants and targets by email whatever the case', () => {
    const p = plan(
      {
        users: [{ name: 'alice', email: 'Alice@Example.COM' }],
        teams: [{ name: 'ops', members: [{ user: 'ALICE@example.com' }] }],
        schedules: [
          {
            name: 'primary',
            team: 'ops',
            layers: [
              {
                name: 'day',
                order: 1,
                start_date: '2026-11-02',
                shift_length: 1,
                shift_unit: 'weeks',
                participants: ['aLiCe@example.com'],
              },
            ],
          },
        ],
        escalation_policies: [
          { name: 'p', levels: [{ delay_minutes: 0, targets: [{ user: 'ALICE@EXAMPLE.COM' }] }] },
        ],
      },
      {
        users: [user('u_alice', 'alice@example.com')],
        teams: [team('t_ops', 'ops')],
        members: [member('t_ops', 'u_alice')],
        schedules: [schedule('sch', 'primary', 't_ops')],
        layers: [layer('l', 'sch', 'day', 1)],
        versions: [version('v', 'l', ['u_alice'])],
        policies: [policy('p', 'p')],
        levels: [level('lv', 'p', 0, 0, [{ type: 'user', id: 'u_alice' }])],
      },
    );
    assert.deepEqual(p, noChange);
  });

  it('compares times as instants, not as spellings', () => {
    const db = {
      ...base,
      schedules: [schedule('sch', 'primary', 't_ops')],
      layers: [layer('l', 'sch', 'day', 1)],
      versions: [version('v', 'l', [], { end_at: ms('2027-01-01T09:00:00.000Z') })],
      silences: [silence('sil', 'quiet', '2026-12-10T00:00:00Z', '2027-01-01T09:00:00.000Z')],
    };
    const config = (end: string): Omit<TocsinConfig, 'version'> => ({
      ...people,
      schedules: [
        {
          name: 'primary',
          team: 'ops',
          layers: [
            {
              name: 'day',
              order: 1,
              start_date: '2026-11-02',
              shift_length: 1,
              shift_unit: 'weeks',
              participants: [],
              end,
            },
          ],
        },
      ],
      silences: [
        {
          name: 'quiet',
          matchers: ['env=staging'],
          starts_at: '2026-12-10T01:00:00+01:00',
          ends_at: end,
          comment: 'quiet',
        },
      ],
    });
    assert.deepEqual(plan(config('2027-01-01T10:00:00+01:00'), db), noChange);
    const p = plan(config('2027-01-01T10:00:00Z'), db);
    assert.deepEqual(
      p.changes.map((c) => [c.kind, c.items.map((i) => i.fields), c.fields]),
      [
        [
          'schedules',
          [[{ field: 'end', before: '2027-01-01T09:00:00.000Z', after: '2027-01-01T10:00:00.000Z' }]],
          [],
        ],
        [
          'silences',
          [],
          [{ field: 'ends_at', before: '2027-01-01T09:00:00.000Z', after: '2027-01-01T10:00:00.000Z' }],
        ],
      ],
    );
  });
});

describe('diffConfig: integration keys', () => {
  const db = {
    ...base,
    services: [service('s_api', 'api', 't_ops')],
    integrations: [integration('i_prom', 's_api', 'prom', 'alertmanager', { key_hash: 'old' })],
  };
  const config = (more: Record<string, unknown> = {}): Omit<TocsinConfig, 'version'> => ({
    ...people,
    services: [
      {
        name: 'api',
        team: 'ops',
        integrations: [{ name: 'prom', type: 'alertmanager', key_from_env: 'PROM_KEY', ...more }],
      },
    ],
  });
  const key = { field: 'key', before: '(stored key)', after: '$PROM_KEY' };

  it('rotates to a key from the environment that differs from the stored one', () => {
    const asked: string[] = [];
    const p = plan(config(), db, {
      keyHash: (env) => {
        asked.push(env);
        return 'new';
      },
    });
    assert.deepEqual(asked, ['PROM_KEY']);
    assert.deepEqual(p.changes, [
      update('services', 'api', [], [{ list: 'integrations', op: 'change', key: 'prom', fields: [key] }]),
    ]);
  });

  it('adds the key to the same item as the other changes of that integration', () => {
    const p = plan(config({ enabled: false }), db, { keyHash: () => 'new' });
    assert.deepEqual(p.changes[0]?.items, [
      {
        list: 'integrations',
        op: 'change',
        key: 'prom',
        fields: [{ field: 'enabled', before: true, after: false }, key],
      },
    ]);
  });

  it('does not rotate when the variable is unset or holds the stored key', () => {
    assert.deepEqual(plan(config(), db, { keyHash: () => undefined }), noChange);
    assert.deepEqual(plan(config(), db, { keyHash: () => 'old' }), noChange);
  });

  it('does not look at keys of integrations without key_from_env', () => {
    const p = plan(
      {
        ...people,
        services: [{ name: 'api', team: 'ops', integrations: [{ name: 'prom', type: 'alertmanager' }] }],
      },
      db,
      { keyHash: () => assert.fail('keyHash called') },
    );
    assert.deepEqual(p, noChange);
  });
});

describe('diffConfig: silences and maintenance windows', () => {
  const PAST_START = '2026-11-20T00:00:00.000Z';
  const PAST_END = '2026-11-25T00:00:00.000Z';
  const FUTURE_START = '2026-12-10T00:00:00.000Z';
  const FUTURE_END = '2026-12-20T00:00:00.000Z';
  const fileSilence = (starts_at: string, ends_at: string, more: Record<string, unknown> = {}) => ({
    silences: [{ name: 'quiet', matchers: ['env=staging'], starts_at, ends_at, comment: 'quiet', ...more }],
  });
  const fileWindow = (starts_at: string, ends_at: string) => ({
    ...people,
    services: [{ name: 'api', team: 'ops' }],
    maintenance_windows: [{ name: 'upgrade', services: ['api'], starts_at, ends_at }],
  });
  const windowDb = (starts: string, ends: string) => ({
    ...base,
    services: [service('s_api', 'api', 't_ops')],
    windows: [window('mw', 'upgrade', starts, ends)],
    windowServices: [{ window_id: 'mw', service_id: 's_api' }],
  });

  it('does not create a period that has ended, and says so', () => {
    assert.deepEqual(plan(fileSilence(PAST_START, PAST_END), {}), {
      changes: [],
      notes: [`silence "quiet" ended at ${PAST_END}: not created`],
    });
    assert.deepEqual(
      plan(fileWindow(PAST_START, PAST_END), { ...base, services: [service('s_api', 'api', 't_ops')] }),
      {
        changes: [],
        notes: [`maintenance window "upgrade" ended at ${PAST_END}: not created`],
      },
    );
  });

  it('treats an end exactly at now as ended', () => {
    const now = new Date(NOW).toISOString();
    assert.equal(plan(fileSilence(PAST_START, now), {}).changes.length, 0);
  });

  it('replaces an expired stored period with a live one from the file', () => {
    const p = plan(fileSilence(FUTURE_START, FUTURE_END), {
      silences: [silence('sil', 'quiet', PAST_START, PAST_END)],
    });
    assert.deepEqual(p, {
      changes: [
        {
          kind: 'silences',
          name: 'quiet',
          op: 'replace',
          fields: [],
          items: [],
          reason: 'the stored one has ended',
        },
      ],
      notes: [],
    });
    const w = plan(fileWindow(FUTURE_START, FUTURE_END), windowDb(PAST_START, PAST_END));
    assert.deepEqual(
      w.changes.map((c) => [c.kind, c.op]),
      [['maintenance_windows', 'replace']],
    );
  });

  it('leaves an expired stored period alone when the file one has ended too', () => {
    assert.deepEqual(
      plan(fileSilence(PAST_START, PAST_END), { silences: [silence('sil', 'quiet', PAST_START, PAST_END)] }),
      noChange,
    );
  });

  it('deletes a live stored period whose end in the file has passed', () => {
    const p = plan(fileSilence(PAST_START, PAST_END), {
      silences: [silence('sil', 'quiet', PAST_START, FUTURE_END)],
    });
    assert.deepEqual(p, {
      changes: [
        {
          kind: 'silences',
          name: 'quiet',
          op: 'delete',
          fields: [],
          items: [],
          reason: `ends_at ${PAST_END} has passed`,
        },
      ],
      notes: [],
    });
    const w = plan(fileWindow(PAST_START, PAST_END), windowDb(PAST_START, FUTURE_END));
    assert.deepEqual(
      w.changes.map((c) => [c.kind, c.op]),
      [['maintenance_windows', 'delete']],
    );
  });

  it('does not count a start in the past on both sides as a change', () => {
    // The API records "now" for a start in the past, so the stored start differs from the file's.
    const db = { silences: [silence('sil', 'quiet', '2026-11-30T12:00:00Z', FUTURE_END)] };
    assert.deepEqual(plan(fileSilence(PAST_START, FUTURE_END), db), noChange);
    assert.deepEqual(plan(fileSilence(PAST_START, '2026-12-25T00:00:00Z'), db).changes, [
      update('silences', 'quiet', [
        { field: 'ends_at', before: FUTURE_END, after: '2026-12-25T00:00:00.000Z' },
      ]),
    ]);
    assert.deepEqual(
      plan(fileWindow(PAST_START, FUTURE_END), windowDb('2026-11-30T12:00:00Z', FUTURE_END)),
      noChange,
    );
  });

  it('does count a start change when the stored period has not started yet', () => {
    const p = plan(fileSilence(PAST_START, FUTURE_END), {
      silences: [silence('sil', 'quiet', FUTURE_START, FUTURE_END)],
    });
    assert.deepEqual(p.changes, [
      update('silences', 'quiet', [{ field: 'starts_at', before: FUTURE_START, after: PAST_START }]),
    ]);
  });

  it('updates the other fields of a live period', () => {
    const p = plan(
      {
        ...people,
        services: [{ name: 'api', team: 'ops' }],
        ...fileSilence(FUTURE_START, FUTURE_END, { service: 'api', comment: 'shh', matchers: ['env!=prod'] }),
      },
      {
        ...base,
        services: [service('s_api', 'api', 't_ops')],
        silences: [silence('sil', 'quiet', FUTURE_START, FUTURE_END)],
      },
    );
    assert.deepEqual(p.changes, [
      update('silences', 'quiet', [
        { field: 'service', before: null, after: 'api' },
        {
          field: 'matchers',
          before: [{ name: 'env', op: '=', value: 'staging' }],
          after: [{ name: 'env', op: '!=', value: 'prod' }],
        },
        { field: 'comment', before: 'quiet', after: 'shh' },
      ]),
    ]);
  });
});

describe('diffConfig: prune', () => {
  const db: Partial<ConfigRows> = {
    users: [user('u_alice', 'alice@example.com'), user('u_admin', 'admin@example.com')],
    teams: [team('t_ops', 'ops')],
    services: [service('s_api', 'api', 't_ops')],
    schedules: [schedule('sch', 'primary', 't_ops')],
    policies: [policy('p', 'default')],
    silences: [
      silence('sil_live', 'live', '2026-11-20T00:00:00Z', '2026-12-20T00:00:00Z'),
      silence('sil_old', 'old', '2026-11-20T00:00:00Z', '2026-11-25T00:00:00Z'),
    ],
    windows: [
      window('mw_live', 'upgrade', '2026-12-10T00:00:00Z', '2026-12-11T00:00:00Z'),
      window('mw_old', 'past', '2026-11-10T00:00:00Z', '2026-11-11T00:00:00Z'),
    ],
  };
  const keep = { users: [{ name: 'admin', email: 'admin@example.com' }] };

  it('without prune changes nothing and counts what is only in the database in one note', () => {
    const p = plan(keep, db);
    assert.deepEqual(p.changes, []);
    assert.deepEqual(p.notes, [
      '7 objects in the database but not in the file left as they are (--prune deletes them)',
    ]);
    assert.deepEqual(
      plan({ ...keep, teams: [{ name: 'ops' }] }, { users: db.users ?? [], teams: db.teams ?? [] }).notes,
      ['1 object in the database but not in the file left as they are (--prune deletes them)'],
    );
  });

  it('with prune deletes them in reverse dependency order', () => {
    const p = plan(keep, db, { prune: true });
    const del = (kind: Change['kind'], name: string) => ({ kind, name, op: 'delete', fields: [], items: [] });
    assert.deepEqual(p.changes, [
      del('maintenance_windows', 'upgrade'),
      del('silences', 'live'),
      del('services', 'api'),
      del('escalation_policies', 'default'),
      del('schedules', 'primary'),
      del('teams', 'ops'),
      del('users', 'alice@example.com'),
    ]);
  });

  it('never prunes ended periods or the user applying the file, and says why', () => {
    const p = plan({}, db, { prune: true, actorUserId: 'u_admin' });
    assert.deepEqual(
      p.changes.map((c) => `${c.op} ${c.kind} ${c.name}`),
      [
        'delete maintenance_windows upgrade',
        'delete silences live',
        'delete services api',
        'delete escalation_policies default',
        'delete schedules primary',
        'delete teams ops',
        'delete users alice@example.com',
      ],
    );
    assert.deepEqual(p.notes, [
      'maintenance window "past" is not in the file but is kept: it has ended (history)',
      'silence "old" is not in the file but is kept: it has ended (history)',
      'user "admin@example.com" is not in the file but is kept: it is the user applying this file',
    ]);
  });

  it('does not prune what the file names', () => {
    const p = plan(
      {
        users: [
          { name: 'alice', email: 'alice@example.com' },
          { name: 'admin', email: 'admin@example.com' },
        ],
        teams: [{ name: 'ops' }],
        services: [{ name: 'api', team: 'ops' }],
        schedules: [{ name: 'primary', team: 'ops' }],
        escalation_policies: [
          { name: 'default', levels: [{ delay_minutes: 0, targets: [{ team: 'ops' }] }] },
        ],
        silences: [
          {
            name: 'live',
            matchers: ['env=staging'],
            starts_at: '2026-11-20T00:00:00Z',
            ends_at: '2026-12-20T00:00:00Z',
            comment: 'quiet',
          },
        ],
        maintenance_windows: [
          {
            name: 'upgrade',
            services: [],
            starts_at: '2026-12-10T00:00:00Z',
            ends_at: '2026-12-11T00:00:00Z',
          },
        ],
      },
      db,
      { prune: true },
    );
    assert.deepEqual(
      p.changes.filter((c) => c.op === 'delete'),
      [],
    );
  });
});

describe('effectiveLabels', () => {
  const m = (label: string, type: string) => ({ label, type });

  it('keeps labels that are unique for the user', () => {
    assert.deepEqual(effectiveLabels([m('phone', 'sms'), m('chat', 'slack'), m('pager', 'sms')]), [
      'phone',
      'chat',
      'pager',
    ]);
  });

  it('names empty labels by type, numbering repeats in creation order', () => {
    assert.deepEqual(effectiveLabels([m('', 'slack'), m('  ', 'slack'), m('', 'email'), m('', 'slack')]), [
      'slack',
      'slack-2',
      'email',
      'slack-3',
    ]);
  });

  it('skips a type name that another method already has as its label', () => {
    assert.deepEqual(effectiveLabels([m('slack', 'webhook'), m('', 'slack')]), ['slack', 'slack-2']);
  });

  it('numbers a repeated label after the first one, keeping the name people gave it', () => {
    assert.deepEqual(effectiveLabels([m('work', 'email'), m('work', 'sms'), m('work', 'sms')]), [
      'work',
      'work-2',
      'work-3',
    ]);
  });

  it('is what buildState matches contact methods and rules by', () => {
    const state: State = buildState(
      rows({
        users: [user('u', 'a@x.io')],
        contactMethods: [
          method('cm_1', 'u', 'slack', '', 'https://a'),
          method('cm_2', 'u', 'slack', '', 'https://b'),
        ],
        rules: [rule('nr', 'u', 'cm_2', 'high', 0)],
      }),
      NOW,
    );
    const u = state.users.get('a@x.io');
    assert.deepEqual(u?.n.contact_methods, [
      { label: 'slack', type: 'slack', address: 'https://a' },
      { label: 'slack-2', type: 'slack', address: 'https://b' },
    ]);
    assert.deepEqual(u?.n.notification_rules, [
      { contact_method: 'slack-2', delay_minutes: 0, urgency: 'high' },
    ]);
    assert.deepEqual(
      [...(u?.methodIds ?? [])],
      [
        ['slack', 'cm_1'],
        ['slack-2', 'cm_2'],
      ],
    );
    assert.deepEqual([...(u?.ruleIds ?? [])], [['slack-2 high 0m', 'nr']]);
  });
});

describe('buildState', () => {
  it('marks ended periods expired and skips unnamed silences', () => {
    const state = buildState(
      rows({
        silences: [
          silence('s1', 'live', '2026-11-20T00:00:00Z', '2026-12-20T00:00:00Z'),
          silence('s2', 'old', '2026-11-20T00:00:00Z', new Date(NOW).toISOString()),
          { ...silence('s3', 'x', '2026-11-20T00:00:00Z', '2026-12-20T00:00:00Z'), name: null },
        ],
      }),
      NOW,
    );
    assert.deepEqual(
      [...state.silences].map(([name, c]) => [name, c.id, c.expired]),
      [
        ['live', 's1', false],
        ['old', 's2', true],
      ],
    );
  });

  it('uses the newest layer version and keeps integration ids and key hashes', () => {
    const state = buildState(
      rows({
        users: [user('u_a', 'a@x.io'), user('u_b', 'b@x.io')],
        teams: [team('t', 'ops')],
        services: [service('s', 'api', 't')],
        integrations: [integration('i', 's', 'prom', 'alertmanager', { key_hash: 'h', disabled_at: 5 })],
        schedules: [schedule('sch', 'primary', 't')],
        layers: [layer('l', 'sch', 'day', 1)],
        versions: [
          version('v1', 'l', ['u_a'], { effective_from: 1 }),
          version('v2', 'l', ['u_b', 'u_a'], { effective_from: 2 }),
        ],
      }),
      NOW,
    );
    assert.deepEqual(state.schedules.get('primary')?.n.layers?.[0]?.participants, ['b@x.io', 'a@x.io']);
    assert.deepEqual(state.schedules.get('primary')?.layerIds, new Map([['day', 'l']]));
    assert.deepEqual(state.services.get('api')?.integrations, new Map([['prom', { id: 'i', keyHash: 'h' }]]));
    assert.equal(state.services.get('api')?.n.integrations?.[0]?.enabled, false);
  });
});
