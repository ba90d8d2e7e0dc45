/** Weekly insight digests a team sends out (src/insights/digest). */
export interface InsightTables {
  insight_digests: InsightDigestsTable;
  insight_blocks: InsightBlocksTable;
}

export type DigestKind = 'email' | 'webhook';

export interface InsightDigestsTable {
  id: string;
  team_id: string;
  kind: DigestKind;
  /** An email address, or the webhook's URL. */
  address: string;
  /** Webhooks: their own signing secret, encrypted with the `secretEncryption` key. */
  secret_enc: string | null;
  /** Flag people paged in their sleep more often than this a week. */
  night_pages_per_week: number;
  /** The Monday (00:00 UTC, epoch ms) of the last week sent; claimed before sending. */
  last_week: number | null;
  last_sent_at: number | null;
  last_error: string | null;
  created_by: string;
  created_at: number;
}

/**
 * Versions of the weeks (BLOCK_MS) of incidents (by `created_at`) and action items (by due date)
 * that src/insights/store keeps in memory, bumped by triggers (migration 0020). Kind `database`
 * names the database.
 */
export interface InsightBlocksTable {
  kind: 'incidents' | 'action_items' | 'database';
  block: number;
  version: number;
}
