import { createEngine, newEngineId, type Engine } from '../src/engine/engine.ts';
import type { Clock } from '../src/platform/clock.ts';
import type { EngineDeps } from '../src/platform/engine-deps.ts';
import { deriveKeys } from '../src/platform/auth/keys.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/connect.ts';
import { ensureKeySalt, ensureSecret } from '../src/platform/db/settings.ts';
import { TEST_OUTBOUND_ALLOW, type TestServer } from './harness.ts';

/**
 * Another engine on the suite's database, as a second node would run: on PostgreSQL with its own
 * connection pool (another process's), on SQLite on the same handle (one process's database: two
 * synchronous connections would wait on each other's locks). `close()` ends its pool.
 */
export async function startSecondEngine(
  server: TestServer,
  clock: Clock,
  /** More settings for its configuration (e.g. TOCSIN_NOTIFY_THROTTLE), as its node would have. */
  env: Record<string, string> = {},
  /** More of what the engine is given (e.g. a stand-in DNS resolver). */
  extra: Partial<EngineDeps> = {},
): Promise<{ engine: Engine; close(): Promise<void> }> {
  const { tdb } = server;
  const other = tdb.dialect === 'postgres' ? openDatabase(tdb.url) : undefined;
  const handle = other ?? tdb;
  const config = loadConfig({
    ...env,
    TOCSIN_DATABASE_URL: tdb.url,
    TOCSIN_OUTBOUND_ALLOW: TEST_OUTBOUND_ALLOW,
  });
  const engine = createEngine({
    db: handle.db,
    dialect: handle.dialect,
    clock,
    notify: config.notify,
    outbound: config.outbound,
    publicUrl: config.publicUrl,
    keys: deriveKeys(
      await ensureSecret(handle.db, undefined, clock.now()),
      await ensureKeySalt(handle.db, clock.now()),
    ),
    engineId: newEngineId(),
    ...extra,
  });
  return { engine, close: async () => void (await other?.close()) };
}
