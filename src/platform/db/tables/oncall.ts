/**
 * Tables of on-call schedules (src/oncall). The final schedule is computed from these, never
 * stored as shifts.
 */
export interface OncallTables {
  schedules: SchedulesTable;
  schedule_layers: ScheduleLayersTable;
  schedule_layer_versions: ScheduleLayerVersionsTable;
  schedule_overrides: ScheduleOverridesTable;
  schedule_swaps: ScheduleSwapsTable;
  schedule_temporary: ScheduleTemporaryTable;
  time_off: TimeOffTable;
  calendar_feeds: CalendarFeedsTable;
}

export interface SchedulesTable {
  id: string;
  name: string;
  description: string;
  team_id: string;
  time_zone: string;
  created_at: number;
  updated_at: number;
}

/** A layer's identity and rank; its rotation lives in versions. */
export interface ScheduleLayersTable {
  id: string;
  schedule_id: string;
  name: string;
  /** Higher wins; unique within the schedule. */
  position: number;
  created_at: number;
  updated_at: number;
}

/** One configuration of a layer, in force from `effective_from` until the next version's. */
export interface ScheduleLayerVersionsTable {
  id: string;
  layer_id: string;
  effective_from: number;
  time_zone: string;
  start_date: string;
  handoff_time: string;
  shift_length: number;
  shift_unit: ShiftUnitColumn;
  end_at: number | null;
  /** JSON array of restrictions. */
  restrictions: string;
  /** JSON array of user ids in rotation order. */
  participants: string;
  rotation_offset: number;
  created_at: number;
}

export type ShiftUnitColumn = 'hours' | 'days' | 'weeks';

export interface ScheduleOverridesTable {
  id: string;
  schedule_id: string;
  user_id: string;
  start_at: number;
  end_at: number;
  /** Set when the override came from an accepted shift swap. */
  swap_id: string | null;
  created_by: string;
  created_at: number;
}

export type SwapStatus = 'pending' | 'accepted' | 'declined' | 'cancelled';

export interface ScheduleSwapsTable {
  id: string;
  schedule_id: string;
  requester_id: string;
  /** Only this user may accept, when set. */
  to_user_id: string | null;
  accepted_by: string | null;
  start_at: number;
  end_at: number;
  status: SwapStatus;
  note: string;
  created_at: number;
  updated_at: number;
}

export interface ScheduleTemporaryTable {
  id: string;
  schedule_id: string;
  name: string;
  start_at: number;
  end_at: number;
  /** JSON array of {user_id, start_at, end_at}. */
  shifts: string;
  created_at: number;
  updated_at: number;
}

export interface TimeOffTable {
  id: string;
  user_id: string;
  start_at: number;
  end_at: number;
  reason: string;
  created_at: number;
}

export type CalendarFeedKind = 'schedule' | 'user';

export interface CalendarFeedsTable {
  id: string;
  kind: CalendarFeedKind;
  schedule_id: string | null;
  user_id: string | null;
  /** Who created it (a user id), so they can list and revoke it; null for the system. */
  owner_id: string | null;
  token_hash: string;
  token_prefix: string;
  created_at: number;
  revoked_at: number | null;
}
