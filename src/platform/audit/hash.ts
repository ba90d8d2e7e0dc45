import { createHash } from 'node:crypto';
import type { Row } from '../db/tables.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** The hash covers every column and the previous row's hash, so editing any field or removing a row breaks the chain. */
export function auditRowHash(row: Omit<Row<'audit_log'>, 'hash'>): string {
  const material = JSON.stringify([
    row.seq,
    row.at,
    row.actor_type,
    row.actor_id,
    row.actor_name,
    row.action,
    row.target_type,
    row.target_id,
    row.before,
    row.after,
    row.prev_hash,
  ]);
  return createHash('sha256').update(material).digest('hex');
}
