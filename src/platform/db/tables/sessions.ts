/** Browser sessions (src/sessions; src/platform/http/auth.ts looks them up per request). */
export interface SessionTables {
  sessions: SessionsTable;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
}
