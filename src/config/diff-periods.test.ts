import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ms,
  user,
  team,
  member,
  service,
  integration,
  schedule,
  layer,
  version,
  policy,
  level,
  silence,
  window,
  plan,
  update,
  noChange,
  base,
  people,
  NOW,
} from '../../test/config-rows.ts';
import { type Change } from './diff.ts';
import { type ConfigRows } from './repository.ts';
import { type TocsinConfig } from './schema.ts';

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
