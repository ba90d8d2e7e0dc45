import type { Row } from '../platform/db/tables.ts';
import { iso } from '../platform/http/schema.ts';
import type { ApiTokenView } from './schemas.ts';

export function presentToken(row: Row<'api_tokens'>): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    user_id: row.user_id,
    role: row.role,
    prefix: row.token_prefix,
    created_at: iso(row.created_at),
    last_used_at: iso(row.last_used_at),
    expires_at: iso(row.expires_at),
    revoked_at: iso(row.revoked_at),
  };
}
