import assert from 'node:assert/strict';
import { join } from 'node:path';
import { it } from 'node:test';
import { describeEachDialect } from '../../test/harness.ts';
import { fixedClock } from '../platform/clock.ts';
import { applyConfig, planConfig } from './apply.ts';
import { exportConfig } from './export.ts';
import { loadConfigFiles, loadConfigTexts } from './load.ts';

const EXAMPLE = join(import.meta.dirname, '../../examples/small-company/tocsin.yaml');
const NOW = Date.parse('2027-01-04T12:00:00Z');
const KEYS = {
  TOCSIN_KEY_PROMETHEUS_DB: 'prometheus-db-key-0123456789',
  TOCSIN_KEY_PROMETHEUS_GATEWAY: 'prometheus-gw-key-0123456789',
  TOCSIN_KEY_PAYMENT_PROVIDER: 'payment-provider-key-0123456789',
};

describeEachDialect(
  'config apply',
  (server) => {
    it('applies the example to an empty database, then plans nothing', async () => {
      const { config, sources } = await loadConfigFiles(EXAMPLE);
      const ctx = server().ctx('cli');
      const first = await applyConfig({ ctx, input: { config, sources, keys: KEYS } });
      assert.ok(first.plan.changes.length > 10, JSON.stringify(first.plan));
      const again = await planConfig({ ctx, input: { config, sources, keys: KEYS } });
      assert.deepEqual(again.changes, [], JSON.stringify(again.changes, null, 2));
      const exported = await exportConfig({ ctx });
      const reloaded = loadConfigTexts([{ file: 'export.yaml', text: exported.yaml }]);
      const roundTrip = await planConfig({ ctx, input: { config: reloaded.config } });
      assert.deepEqual(roundTrip.changes, [], exported.yaml);
    });

    it('two applies of one file at once: one creates everything, the other finds nothing to do', async () => {
      const { config, sources } = await loadConfigFiles(EXAMPLE);
      const extra = { ...config, teams: [...(config.teams ?? []), { name: 'Concurrent' }] };
      const [a, b] = await Promise.all(
        [1, 2].map(() =>
          applyConfig({ ctx: server().ctx('cli'), input: { config: extra, sources, keys: KEYS } }),
        ),
      );
      const sizes = [a!.plan.changes.length, b!.plan.changes.length].sort();
      assert.deepEqual(sizes, [0, 1]);
    });
  },
  { clock: () => fixedClock(NOW) },
);
