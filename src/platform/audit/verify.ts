import type { Queryable } from '../db/connect.ts';
import { getSetting } from '../db/settings-repository.ts';
import { GENESIS_HASH, auditRowHash } from './hash.ts';
import { AUDIT_HEAD_KEY } from './record.ts';
import { auditRowsAfter } from './repository.ts';

export interface AuditProblem {
  seq: number;
  problem: 'modified' | 'missing_before' | 'broken_link' | 'head_mismatch';
  message: string;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  problems: AuditProblem[];
}

const BATCH = 5000;

/**
 * Walks the chain in order. A row whose stored hash does not match its content was modified; a
 * gap in sequence numbers means rows were deleted; a row whose prev_hash does not match the
 * row before it means the chain was rewritten; a head that does not match the last row means
 * rows were removed from the end.
 */
export async function verifyAuditLog(db: Queryable): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  let checked = 0;
  let prevSeq = 0;
  let prevHash = GENESIS_HASH;
  for (;;) {
    const rows = await auditRowsAfter(db, prevSeq, BATCH);
    for (const row of rows) {
      checked++;
      if (row.seq !== prevSeq + 1) {
        problems.push({
          seq: row.seq,
          problem: 'missing_before',
          message: `rows ${prevSeq + 1}..${row.seq - 1} are missing (deleted)`,
        });
      } else if (row.prev_hash !== prevHash) {
        problems.push({
          seq: row.seq,
          problem: 'broken_link',
          message: `row ${row.seq} does not chain to row ${prevSeq}: the chain was rewritten`,
        });
      }
      const { hash, ...rest } = row;
      if (auditRowHash(rest) !== hash) {
        problems.push({
          seq: row.seq,
          problem: 'modified',
          message: `row ${row.seq} was modified after it was written`,
        });
      }
      prevSeq = row.seq;
      prevHash = row.hash;
    }
    if (rows.length < BATCH) break;
  }
  const head = await getSetting(db, AUDIT_HEAD_KEY);
  const expected = checked === 0 && head === undefined ? undefined : `${prevSeq}:${prevHash}`;
  if (head !== expected) {
    problems.push({
      seq: prevSeq,
      problem: 'head_mismatch',
      message: `the newest row should be ${head ?? 'absent'} but is ${expected ?? 'absent'}: rows were removed from the end`,
    });
  }
  return { ok: problems.length === 0, checked, problems };
}
