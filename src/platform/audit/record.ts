import { sql } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { Ctx } from '../context.ts';
import { ADVISORY_LOCKS } from '../db/locks.ts';
import { GENESIS_HASH, auditRowHash } from './hash.ts';

export const AUDIT_HEAD_KEY = 'audit.head';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string | null;
  /** Presented (secret-free) snapshots of the object. */
  before?: unknown;
  after?: unknown;
}

function actorColumns(actor: Actor): { actor_type: string; actor_id: string | null; actor_name: string } {
  switch (actor.type) {
    case 'user':
      return { actor_type: 'user', actor_id: actor.userId, actor_name: actor.name };
    case 'token':
      return {
        actor_type: 'token',
        actor_id: actor.userId,
        actor_name: `${actor.name} (token ${actor.tokenId})`,
      };
    case 'system':
      return { actor_type: 'system', actor_id: actor.userId ?? null, actor_name: actor.name };
  }
}

/**
 * Appends one hash-chained row. Must run inside the transaction that makes the change, so the
 * change and its record commit or roll back together. On PostgreSQL an advisory lock orders
 * concurrent writers from every node; SQLite has a single writer already.
 */
export async function recordAudit(ctx: Ctx, entry: AuditEntry): Promise<void> {
  if (!ctx.db.isTransaction) throw new Error('recordAudit must run inside the transaction of the change');
  if (ctx.dialect === 'postgres') {
    await sql`select pg_advisory_xact_lock(${ADVISORY_LOCKS.audit})`.execute(ctx.db);
  }
  const last = await ctx.db
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const row = {
    seq: (last?.seq ?? 0) + 1,
    at: ctx.clock.now(),
    ...actorColumns(ctx.actor),
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const hash = auditRowHash(row);
  await ctx.db
    .insertInto('audit_log')
    .values({ ...row, hash })
    .execute();
  // The head pins the newest row, so deleting rows from the end is detected too.
  const head = `${row.seq}:${hash}`;
  await ctx.db
    .insertInto('settings')
    .values({ key: AUDIT_HEAD_KEY, value: head, updated_at: row.at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: head, updated_at: row.at }))
    .execute();
}
