import assert from 'node:assert/strict';
import { it } from 'node:test';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type Clock, fixedClock } from '../platform/clock.ts';
import type { Plan } from './diff.ts';

/**
 * Silences and maintenance windows in tocsin.yaml over time: created while live, left alone once
 * ended, a name reused for a new period archives the ended one, and a file that moves the end
 * into the past ends a live one. The server's clock is moved by hand.
 */
const START = Date.parse('2027-03-01T00:00:00Z');
const HOUR = 3_600_000;
let clock: Clock & { set(t: number): void } = fixedClock(START);
const at = (hours: number) => new Date(START + hours * HOUR).toISOString();

const file = (windowFrom: number, windowTo: number, silenceTo: number) => `version: 1
teams:
  - name: Ops
services:
  - name: db
    team: Ops
silences:
  - name: noisy disk
    service: db
    matchers: ['alertname="DiskAlmostFull"']
    starts_at: '${at(0)}'
    ends_at: '${at(silenceTo)}'
    comment: until the new disks arrive
maintenance_windows:
  - name: Upgrade
    services: [db]
    starts_at: '${at(windowFrom)}'
    ends_at: '${at(windowTo)}'
`;

type Window = { id: string; name: string; state: string; starts_at: string; ends_at: string };
type Silence = { id: string; name: string | null; state: string; ends_at: string };

describeEachDialect(
  'config: silences and maintenance windows over time',
  (server) => {
    const post = <T>(path: string, content: string) =>
      api<T>(server().app, 'POST', path, { body: { files: [{ name: 'tocsin.yaml', content }] } });
    const windows = async () =>
      (await api<{ data: Window[] }>(server().app, 'GET', '/api/v1/maintenance-windows?limit=500')).body.data;
    const silences = async () =>
      (await api<{ data: Silence[] }>(server().app, 'GET', '/api/v1/silences?limit=500')).body.data;

    it('creates both while live, then a re-plan is empty', async () => {
      clock.set(START + HOUR);
      const applied = await post<Plan>('/api/v1/config/apply', file(2, 4, 48));
      assert.equal(applied.status, 200, JSON.stringify(applied.body));
      assert.deepEqual(
        (await windows()).map((w) => [w.name, w.state, w.starts_at, w.ends_at]),
        [['Upgrade', 'pending', at(2), at(4)]],
      );
      // The silence's start was already past: stored as "now", and still the same start to the plan.
      assert.deepEqual(
        (await silences()).map((s) => [s.name, s.state]),
        [['noisy disk', 'active']],
      );
      assert.deepEqual((await post<Plan>('/api/v1/config/plan', file(2, 4, 48))).body.changes, []);
    });

    it('leaves an ended window alone, and archives it when the file reuses its name', async () => {
      clock.set(START + 10 * HOUR);
      assert.deepEqual((await post<Plan>('/api/v1/config/plan', file(2, 4, 48))).body.changes, []);
      const next = file(24 * 7, 24 * 7 + 2, 48);
      const plan = await post<Plan>('/api/v1/config/plan', next);
      assert.deepEqual(
        plan.body.changes.map((c) => [c.op, c.name, c.reason]),
        [['replace', 'Upgrade', 'the stored one has ended']],
      );
      const applied = await post<Plan>('/api/v1/config/apply', next);
      assert.equal(applied.status, 200, JSON.stringify(applied.body));
      const after = (await windows()).map((w) => [w.name, w.state]).sort();
      assert.deepEqual(after, [
        ['Upgrade (ended 2027-03-01)', 'expired'],
        ['Upgrade', 'pending'],
      ]);
      assert.deepEqual((await post<Plan>('/api/v1/config/plan', next)).body.changes, []);
    });

    it('ends a live silence whose end the file moved into the past, then leaves it as history', async () => {
      clock.set(START + 12 * HOUR);
      const ended = file(24 * 7, 24 * 7 + 2, 11);
      const plan = await post<Plan>('/api/v1/config/plan', ended);
      assert.deepEqual(
        plan.body.changes.map((c) => [c.op, c.kind, c.name]),
        [['delete', 'silences', 'noisy disk']],
      );
      assert.equal((await post<Plan>('/api/v1/config/apply', ended)).status, 200);
      const [silence] = await silences();
      assert.deepEqual([silence?.name, silence?.state, silence?.ends_at], ['noisy disk', 'expired', at(12)]);
      assert.deepEqual((await post<Plan>('/api/v1/config/plan', ended)).body.changes, []);
      // Pruning never deletes history either.
      const prune = await api<Plan>(server().app, 'POST', '/api/v1/config/plan', {
        body: {
          files: [
            {
              name: 'tocsin.yaml',
              content: ended.replace(/silences:[\s\S]*?maintenance_windows:/, 'maintenance_windows:'),
            },
          ],
          prune: true,
        },
      });
      assert.equal(prune.status, 200, JSON.stringify(prune.body));
      assert.ok(!prune.body.changes.some((c) => c.kind === 'silences'), JSON.stringify(prune.body.changes));
    });
  },
  {
    clock: () => {
      clock = fixedClock(START);
      return clock;
    },
  },
);
