import { generatePassword } from './platform/auth/secrets.ts';
import { type Ctx, inTransaction } from './platform/context.ts';
import { lockBootstrap } from './platform/db/locks-repository.ts';
import { createToken } from './tokens/create.ts';
import { createUser } from './users/create.ts';
import { countAdmins } from './users/repository.ts';

export interface BootstrapResult {
  userId: string;
  email: string;
  /** Set only when generated here; shown once. */
  password: string | undefined;
  /** Set only when generated here; with TOCSIN_ADMIN_TOKEN the caller already knows it. */
  token: string | undefined;
}

/**
 * Creates the first admin when there is none. Nodes starting together serialise on a lock, so
 * exactly one of them creates it and prints its credentials.
 */
export async function ensureAdmin(
  ctx: Ctx,
  opts: { adminToken: string | undefined },
): Promise<BootstrapResult | undefined> {
  return inTransaction(ctx, async (ctx) => {
    if (ctx.dialect === 'postgres') await lockBootstrap(ctx.db);
    if ((await countAdmins(ctx.db)) > 0) return undefined;
    const password = opts.adminToken === undefined ? generatePassword() : undefined;
    const admin = await createUser({
      ctx,
      input: { name: 'admin', email: 'admin@localhost', role: 'admin', ...(password ? { password } : {}) },
    });
    const token = await createToken({
      ctx,
      input: {
        name: 'first-start admin token',
        user_id: admin.id,
        ...(opts.adminToken ? { presetSecret: opts.adminToken } : {}),
      },
    });
    return {
      userId: admin.id,
      email: admin.email,
      password,
      token: opts.adminToken === undefined ? token.token : undefined,
    };
  });
}
