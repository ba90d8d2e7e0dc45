import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { api, describeEachDialect } from '../../test/harness.ts';
import { fixedClock } from '../platform/clock.ts';
import type { Plan } from './diff.ts';

const EXAMPLE = readFileSync(join(import.meta.dirname, '../../examples/small-company/tocsin.yaml'), 'utf8');
const NOW = Date.parse('2027-01-04T12:00:00Z');
const KEYS = {
  TOCSIN_KEY_PROMETHEUS_DB: 'prometheus-db-key-0123456789',
  TOCSIN_KEY_PROMETHEUS_GATEWAY: 'prometheus-gw-key-0123456789',
  TOCSIN_KEY_PAYMENT_PROVIDER: 'payment-provider-key-0123456789',
};

type Applied = Plan & { keys: { service: string; integration: string; key: string }[] };
type Page<T> = { data: T[] };
type Named = { id: string; name: string };

const files = (content: string) => [{ name: 'tocsin.yaml', content }];

/** The example with a few edits, each a plain text replacement that must hit. */
function edited(...pairs: [string, string][]): string {
  let text = EXAMPLE;
  for (const [from, to] of pairs) {
    assert.ok(text.includes(from), `the example no longer contains ${from}`);
    text = text.replace(from, to);
  }
  return text;
}

describeEachDialect(
  'config plan and apply over the API',
  (server) => {
    const post = <T>(path: string, body: unknown) => api<T>(server().app, 'POST', path, { body });

    it('applies the example, pages with its keys, and plans nothing afterwards', async () => {
      const first = await post<Applied>('/api/v1/config/apply', { files: files(EXAMPLE), keys: KEYS });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.changes.filter((c) => c.op === 'create').length, 20);
      assert.deepEqual(
        first.body.keys,
        [],
        'every integration of the example takes its key from the environment',
      );

      const plan = await post<Plan>('/api/v1/config/plan', { files: files(EXAMPLE), keys: KEYS });
      assert.equal(plan.status, 200);
      assert.deepEqual(plan.body.changes, []);
      // The bootstrap admin is not in the file: kept and said so.
      assert.ok(
        plan.body.notes.some((n) => /1 object in the database but not in the file/.test(n)),
        plan.body.notes.join('\n'),
      );

      // The key from the environment is the integration's key.
      const event = await api(server().app, 'POST', '/v2/enqueue', {
        token: null,
        body: {
          routing_key: KEYS.TOCSIN_KEY_PAYMENT_PROVIDER,
          event_action: 'trigger',
          payload: { summary: 'card declines', source: 'psp', severity: 'critical' },
        },
      });
      assert.equal(event.status, 202, JSON.stringify(event.body));
    });

    it('plans and applies field, list and key changes, and nothing else', async () => {
      const text = edited(
        ["address: '+4915187654321'", "address: '+4915187650000'"],
        ['      - { contact_method: phone, delay_minutes: 3, urgency: high }\n', ''],
        [
          '      - { user: farid@example.com }\n',
          '      - { user: farid@example.com }\n      - { user: ben@example.com }\n',
        ],
        [
          '      - delay_minutes: 15\n        targets: [{ schedule: Platform secondary }]',
          '      - delay_minutes: 20\n        targets: [{ schedule: Platform secondary }]',
        ],
        [
          'participants: [erin@example.com, farid@example.com]',
          'participants: [farid@example.com, erin@example.com]',
        ],
        ['description: The web checkout and its payment provider calls.', 'description: Web checkout.'],
        ['urgency_rules: { warning: high }', 'urgency_rules: { warning: high, info: high }'],
      );
      const keys = { ...KEYS, TOCSIN_KEY_PAYMENT_PROVIDER: 'payment-provider-key-rotated-0001' };
      const plan = await post<Plan>('/api/v1/config/plan', { files: files(text), keys });
      assert.equal(plan.status, 200, JSON.stringify(plan.body));
      const summary = plan.body.changes.map(
        (c) =>
          `${c.op} ${c.name}: ${[...c.fields.map((f) => f.field), ...c.items.map((i) => `${i.op} ${i.list} ${i.key}${i.fields.length ? ` (${i.fields.map((f) => f.field).join(',')})` : ''}`)].join('; ')}`,
      );
      assert.deepEqual(summary, [
        'update ben@example.com: remove notification_rules phone high 3m; change contact_methods phone (address)',
        'update Payments: add members ben@example.com',
        'update Payments on call: change layers Weekly (participants)',
        'update Platform: levels',
        'update Checkout: description; urgency_rules; change integrations Payment provider (key)',
      ]);

      const rules = async (userId: string) =>
        (
          await api<{ data: { contact_method_id: string; delay_minutes: number }[] }>(
            server().app,
            'GET',
            `/api/v1/users/${userId}/notification-rules`,
          )
        ).body.data;
      const ben = (await api<Page<Named>>(server().app, 'GET', '/api/v1/users?q=ben@example.com')).body
        .data[0]!;
      const before = await rules(ben.id);

      const applied = await post<Applied>('/api/v1/config/apply', { files: files(text), keys });
      assert.equal(applied.status, 200, JSON.stringify(applied.body));
      assert.deepEqual(applied.body.changes, plan.body.changes);
      const again = await post<Plan>('/api/v1/config/plan', { files: files(text), keys });
      assert.deepEqual(again.body.changes, []);

      // The phone was edited in place: the 0-minute Slack rule stays, the 3-minute phone rule went.
      const after = await rules(ben.id);
      assert.equal(before.length, 2);
      assert.deepEqual(
        after,
        before.filter((r) => r.delay_minutes !== 3),
      );
      const user = await api<{ contact_methods: { label: string; address: string }[] }>(
        server().app,
        'GET',
        `/api/v1/users/${ben.id}`,
      );
      assert.equal(user.body.contact_methods.find((m) => m.label === 'phone')?.address, '+4915187650000');

      // The old key stopped routing and the new one routes.
      const send = (key: string) =>
        api(server().app, 'POST', '/v2/enqueue', {
          token: null,
          body: {
            routing_key: key,
            event_action: 'trigger',
            payload: { summary: 's', source: 'x', severity: 'info' },
          },
        });
      assert.equal((await send(keys.TOCSIN_KEY_PAYMENT_PROVIDER)).status, 202);
    });

    it('records every change as the actor config on behalf of the applier, plus one config.apply entry', async () => {
      const audit = await api<
        Page<{ action: string; actor_type: string; actor_name: string; actor_id: string | null }>
      >(server().app, 'GET', '/api/v1/audit?limit=500');
      const config = audit.body.data.filter((e) => e.actor_name === 'config');
      assert.ok(config.some((e) => e.action === 'config.apply'));
      assert.ok(
        config.some((e) => e.action === 'user.create') &&
          config.some((e) => e.action === 'escalation_policy.update'),
      );
      const me = await api<{ user: { id: string } }>(server().app, 'GET', '/api/v1/auth/me');
      for (const e of config) {
        assert.equal(e.actor_type, 'system');
        assert.equal(e.actor_id, me.body.user.id);
      }
    });

    it('generates and shows once a key the file does not take from the environment', async () => {
      const text = edited([
        '        key_from_env: TOCSIN_KEY_PROMETHEUS_DB\n',
        '        key_from_env: TOCSIN_KEY_PROMETHEUS_DB\n      - name: Backups\n        type: heartbeat\n        heartbeat: { period_seconds: 3600 }\n',
      ]);
      const applied = await post<Applied>('/api/v1/config/apply', { files: files(text), keys: KEYS });
      assert.equal(applied.status, 200, JSON.stringify(applied.body));
      assert.equal(applied.body.keys.length, 1);
      assert.equal(applied.body.keys[0]?.integration, 'Backups');
      const ping = await api(server().app, 'GET', `/heartbeat/${applied.body.keys[0]?.key}`, { token: null });
      assert.equal(ping.status, 200, JSON.stringify(ping.body));
      // Applying again keeps that key: nothing in the file says otherwise.
      const again = await post<Applied>('/api/v1/config/apply', { files: files(text), keys: KEYS });
      assert.deepEqual([again.body.changes, again.body.keys], [[], []]);
    });

    it('prunes only with prune, never the applier, and deletes in dependency order', async () => {
      const team = await post<Named>('/api/v1/teams', { name: 'Legacy' });
      await post('/api/v1/services', { name: 'legacy-api', team_id: team.body.id });
      const plan = await post<Plan>('/api/v1/config/plan', { files: files(EXAMPLE), keys: KEYS });
      assert.deepEqual(
        plan.body.changes.map((c) => `${c.op} ${c.name}`),
        ['update Database: remove integrations Backups'].map(() => 'update Database'),
      );
      const pruning = await post<Plan>('/api/v1/config/plan', {
        files: files(EXAMPLE),
        keys: KEYS,
        prune: true,
      });
      assert.deepEqual(
        pruning.body.changes.map((c) => `${c.op} ${c.kind} ${c.name}`),
        ['update services Database', 'delete services legacy-api', 'delete teams Legacy'],
      );
      assert.ok(
        pruning.body.notes.some((n) => n.includes('admin@localhost') && n.includes('applying')),
        pruning.body.notes.join('\n'),
      );
      const applied = await post<Applied>('/api/v1/config/apply', {
        files: files(EXAMPLE),
        keys: KEYS,
        prune: true,
      });
      assert.equal(applied.status, 200, JSON.stringify(applied.body));
      const teams = await api<Page<Named>>(server().app, 'GET', '/api/v1/teams?q=Legacy');
      assert.deepEqual(teams.body.data, []);
      const admin = await api(server().app, 'GET', '/api/v1/auth/me');
      assert.equal(admin.status, 200, 'the applier still exists and is signed in');
    });

    it('matches unlabeled contact methods by their derived label, and keeps it through a change of type', async () => {
      const made = await post<{ id: string }>('/api/v1/users', {
        name: 'Gus',
        email: 'gus@example.com',
        contact_methods: [
          { type: 'slack', address: 'https://hooks.slack.com/services/T/B/gus' },
          { type: 'slack', address: 'https://hooks.slack.com/services/T/B/gus2' },
        ],
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const gus = (type: string) => `version: 1
users:
  - name: Gus
    email: gus@example.com
    contact_methods:
      - { label: slack, type: slack, address: 'https://hooks.slack.com/services/T/B/gus' }
      - { label: slack-2, type: ${type}, address: 'https://hooks.slack.com/services/T/B/gus2' }
`;
      assert.deepEqual(
        (await post<Plan>('/api/v1/config/plan', { files: files(gus('slack')) })).body.changes,
        [],
      );
      const applied = await post<Plan>('/api/v1/config/apply', { files: files(gus('teams')) });
      assert.equal(applied.status, 200, JSON.stringify(applied.body));
      assert.deepEqual(
        applied.body.changes.map((c) => c.items.map((i) => `${i.op} ${i.key}`)),
        [['change slack-2']],
      );
      assert.deepEqual(
        (await post<Plan>('/api/v1/config/plan', { files: files(gus('teams')) })).body.changes,
        [],
      );
    });

    it('exports YAML that applies as a no-op', async () => {
      const exported = await api<{ yaml: string; skipped: string[] }>(
        server().app,
        'GET',
        '/api/v1/config/export',
      );
      assert.equal(exported.status, 200);
      assert.match(exported.body.yaml, /^# yaml-language-server: \$schema=/);
      assert.deepEqual(exported.body.skipped, []);
      const plan = await post<Plan>('/api/v1/config/plan', { files: files(exported.body.yaml), prune: true });
      assert.equal(plan.status, 200, JSON.stringify(plan.body));
      assert.deepEqual(plan.body.changes, []);
    });
  },
  { clock: () => fixedClock(NOW) },
);
