import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  user,
  method,
  rule,
  member,
  service,
  integration,
  schedule,
  layer,
  version,
  override,
  plan,
  update,
  noChange,
  base,
  people,
} from '../../test/config-rows.ts';

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
