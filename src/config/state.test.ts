import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  rows,
  user,
  method,
  rule,
  team,
  service,
  integration,
  schedule,
  layer,
  version,
  silence,
  NOW,
} from '../../test/config-rows.ts';
import { buildState, effectiveLabels, type State } from './state.ts';

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
