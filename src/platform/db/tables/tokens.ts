import type { UserRole } from './users.ts';

/** API tokens (src/tokens; src/platform/http/auth.ts looks them up per request). */
export interface TokenTables {
  api_tokens: ApiTokensTable;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  user_id: string;
  role: UserRole;
  token_hash: string;
  token_prefix: string;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
  revoked_at: number | null;
}
