/** The hash-chained audit log (written by src/platform/audit, read by src/audit). */
export interface AuditTables {
  audit_log: AuditLogTable;
}

export interface AuditLogTable {
  seq: number;
  at: number;
  actor_type: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string | null;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}
