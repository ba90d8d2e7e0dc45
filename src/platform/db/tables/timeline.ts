import type { Generated } from 'kysely';

/** The incident's append-only record: what happened, who did it, when (src/timeline). */
export interface TimelineTables {
  incident_timeline: IncidentTimelineTable;
}

export interface IncidentTimelineTable {
  id: string;
  incident_id: string;
  at: number;
  kind: string;
  /** `user:<id>`, `system:<name>`, `alert:<id>`. */
  actor: string;
  message: string;
  /** JSON object with the entry's particulars (user ids, channel, level...). */
  data: string;
  /** 1: a key event (pinned note). */
  pinned: Generated<number>;
  /** 1: written after the fact with a past `at`; `recorded_at` is when. */
  backdated: Generated<number>;
  recorded_at: number | null;
}
