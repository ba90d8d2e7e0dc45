import type { Actor } from './auth/actor.ts';
import type { Clock } from './clock.ts';
import type { Dialect, Queryable } from './db/connect.ts';
import type { OutboundPolicy } from './outbound/address.ts';

/**
 * Everything an action needs besides its input. HTTP routes, the CLI and the engine build one
 * and call the same action functions, so rules and audit records cannot drift between them.
 */
export interface Ctx {
  actor: Actor;
  db: Queryable;
  dialect: Dialect;
  clock: Clock;
  /** What outbound addresses may reach; actions that save one check it against this. */
  outbound: OutboundPolicy;
  requestId?: string;
}

/**
 * Runs `fn` in a transaction, joining the caller's if there is one, so an action and its audit
 * record commit together and several actions can be composed into one transaction.
 */
export async function inTransaction<T>(ctx: Ctx, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  return ctx.db.transaction().execute((trx) => fn({ ...ctx, db: trx }));
}
