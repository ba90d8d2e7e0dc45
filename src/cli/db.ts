import { type Config, loadConfig } from '../platform/config.ts';
import type { Ctx } from '../platform/context.ts';
import { type DbHandle, openDatabase } from '../platform/db/connect.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { systemCtx } from '../server.ts';
import type { Invocation } from './command.ts';

/** Commands that work on the database directly open it here, migrated, and act as `system` (`cli`). */
export async function withDatabase<T>(
  inv: Invocation,
  fn: (ctx: Ctx, handle: DbHandle, config: Config) => Promise<T>,
): Promise<T> {
  const config = loadConfig(process.env, inv.configFlags);
  const handle = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(handle.db);
    return await fn(systemCtx(handle, 'cli', undefined, config.outbound), handle, config);
  } finally {
    await handle.close();
  }
}
