import type { Actor } from '../auth/actor.ts';
import type { Ctx } from '../context.ts';
import { announceChange } from '../changes.ts';
import { putSetting } from '../db/settings-repository.ts';
import { GENESIS_HASH, auditRowHash } from './hash.ts';
import { lockAuditChain } from '../db/locks-repository.ts';
import { findAuditChainEnd, insertAuditRow } from './repository.ts';

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
  if (ctx.dialect === 'postgres') await lockAuditChain(ctx.db);
  const last = await findAuditChainEnd(ctx.db);
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
  await insertAuditRow(ctx.db, { ...row, hash });
  // The head pins the newest row, so deleting rows from the end is detected too.
  await putSetting(ctx.db, AUDIT_HEAD_KEY, `${row.seq}:${hash}`, row.at);
  // Live streams read on-call changes from this log: it is the one write every change of a
  // schedule, override or time off makes, and its order is the commit order.
  await announceChange(ctx.db);
}
