/** Weekly insight digests a team sends out (src/insights/digest). */
export interface InsightTables {
  insight_digests: InsightDigestsTable;
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
