import type { Ctx } from '../platform/context.ts';
import { lockActiveAdmins } from '../platform/db/locks-repository.ts';
import { ConflictError } from '../platform/errors.ts';
import { countAdmins } from './repository.ts';
import type { UserView } from './schemas.ts';

/**
 * Refuses (409 with `message`) a change that takes `before` away as an active admin when they
 * are the last one. A deactivated admin is not counted, so changing one is never refused. Runs
 * in the caller's transaction; on PostgreSQL it first takes an advisory lock held to commit, so
 * two such changes (two admins deactivating each other) count one after the other, and the
 * second sees the first's write. SQLite already runs one writer at a time.
 */
export async function assertNotLastAdmin(ctx: Ctx, before: UserView, message: string): Promise<void> {
  if (before.role !== 'admin' || before.status === 'deactivated') return;
  if (ctx.dialect === 'postgres') await lockActiveAdmins(ctx.db);
  if ((await countAdmins(ctx.db)) <= 1) throw new ConflictError(message);
}
