import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildMaintenanceWindow, buildService, buildSilence } from '../../test/factories.ts';
import { describeEachDialect } from '../../test/harness.ts';
import { fixedClock } from '../platform/clock.ts';
import { buildSuppressions, loadSuppressions, suppressionFor } from './active.ts';
import type { Matcher } from './matchers.ts';

const m = (name: string, op: Matcher['op'], value: string): Matcher => ({ name, op, value });

describe('suppressionFor', () => {
  const none = buildSuppressions(0, [], []);

  it('answers null when nothing is active', () => {
    assert.equal(suppressionFor(none, 'svc_a', { severity: 'critical' }), null);
  });

  it('applies a service silence to every alert of that service only', () => {
    const s = buildSuppressions(0, [{ id: 'sil_1', service_id: 'svc_a', matchers: [] }], []);
    assert.equal(suppressionFor(s, 'svc_a', {}), 'silence:sil_1');
    assert.equal(suppressionFor(s, 'svc_a', { anything: 'x' }), 'silence:sil_1');
    assert.equal(suppressionFor(s, 'svc_b', {}), null);
  });

  it('applies a service silence with matchers only where both hold', () => {
    const s = buildSuppressions(
      0,
      [{ id: 'sil_1', service_id: 'svc_a', matchers: [m('severity', '=', 'info')] }],
      [],
    );
    assert.equal(suppressionFor(s, 'svc_a', { severity: 'info' }), 'silence:sil_1');
    assert.equal(suppressionFor(s, 'svc_a', { severity: 'critical' }), null);
    assert.equal(suppressionFor(s, 'svc_b', { severity: 'info' }), null);
  });

  it('applies a matcher-only silence to any service', () => {
    const s = buildSuppressions(
      0,
      [{ id: 'sil_1', service_id: null, matchers: [m('job', '=~', 'api|web')] }],
      [],
    );
    assert.equal(suppressionFor(s, 'svc_a', { job: 'web' }), 'silence:sil_1');
    assert.equal(suppressionFor(s, 'svc_z', { job: 'api' }), 'silence:sil_1');
    assert.equal(suppressionFor(s, 'svc_a', { job: 'db' }), null);
    assert.equal(suppressionFor(s, 'svc_a', {}), null);
  });

  it('names the oldest matching silence, scoped or not', () => {
    const s = buildSuppressions(
      0,
      [
        { id: 'sil_1', service_id: null, matchers: [m('job', '=', 'db')] },
        { id: 'sil_2', service_id: 'svc_a', matchers: [m('job', '=', 'api')] },
        { id: 'sil_3', service_id: null, matchers: [m('job', '=', 'api')] },
        { id: 'sil_4', service_id: 'svc_a', matchers: [] },
      ],
      [],
    );
    assert.equal(suppressionFor(s, 'svc_a', { job: 'api' }), 'silence:sil_2');
    assert.equal(suppressionFor(s, 'svc_a', { job: 'db' }), 'silence:sil_1');
    assert.equal(suppressionFor(s, 'svc_a', { job: 'web' }), 'silence:sil_4');
    assert.equal(suppressionFor(s, 'svc_b', { job: 'api' }), 'silence:sil_3');
  });

  it('puts a maintenance window before any silence, and names the oldest window', () => {
    const s = buildSuppressions(
      0,
      [{ id: 'sil_0', service_id: 'svc_a', matchers: [] }],
      [
        { window_id: 'mw_1', service_id: 'svc_a' },
        { window_id: 'mw_1', service_id: 'svc_b' },
        { window_id: 'mw_2', service_id: 'svc_a' },
      ],
    );
    assert.equal(suppressionFor(s, 'svc_a', {}), 'maintenance:mw_1');
    assert.equal(suppressionFor(s, 'svc_b', { any: 'thing' }), 'maintenance:mw_1');
    assert.equal(suppressionFor(s, 'svc_c', {}), null);
  });
});

const START = Date.parse('2030-03-01T09:00:00Z');
const MIN = 60_000;
const at = (minutes: number) => new Date(START + minutes * MIN).toISOString();

describeEachDialect(
  'loadSuppressions',
  (server) => {
    it('loads what is active at the given time, not what has expired or is still to come', async () => {
      const { app, tdb } = server();
      const a = await buildService(app);
      const b = await buildService(app);
      // [0, 60) on a; [120, 180) on job=api anywhere; window [30, 90) on b.
      const now = await buildSilence(app, { service_id: a.id, ends_at: at(60) });
      const later = await buildSilence(app, {
        matchers: ['job="api"'],
        starts_at: at(120),
        ends_at: at(180),
      });
      const window = await buildMaintenanceWindow(app, {
        service_ids: [b.id],
        starts_at: at(30),
        ends_at: at(90),
      });

      const check = async (minutes: number, expected: Record<string, string | null>) => {
        const s = await loadSuppressions(tdb.db, START + minutes * MIN);
        assert.equal(s.at, START + minutes * MIN);
        assert.deepEqual(
          {
            a: suppressionFor(s, a.id, { job: 'api' }),
            b: suppressionFor(s, b.id, { job: 'api' }),
            bWeb: suppressionFor(s, b.id, { job: 'web' }),
          },
          expected,
          `at +${minutes}m`,
        );
      };
      await check(0, { a: `silence:${now.id}`, b: null, bWeb: null });
      await check(45, {
        a: `silence:${now.id}`,
        b: `maintenance:${window.id}`,
        bWeb: `maintenance:${window.id}`,
      });
      await check(60, { a: null, b: `maintenance:${window.id}`, bWeb: `maintenance:${window.id}` });
      await check(100, { a: null, b: null, bWeb: null });
      await check(120, { a: `silence:${later.id}`, b: `silence:${later.id}`, bWeb: null });
      await check(180, { a: null, b: null, bWeb: null });
    });
  },
  { clock: () => fixedClock(START) },
);
