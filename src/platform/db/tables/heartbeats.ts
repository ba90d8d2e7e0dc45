/** Heartbeat state, one row per heartbeat integration (src/heartbeats). */
export interface HeartbeatTables {
  heartbeats: HeartbeatsTable;
}

export type HeartbeatState = 'new' | 'up' | 'started' | 'down';

/** due_at is when the next ping is late (period + grace after the last one). */
export interface HeartbeatsTable {
  integration_id: string;
  period_seconds: number;
  grace_seconds: number;
  state: HeartbeatState;
  last_ping_at: number | null;
  last_start_at: number | null;
  due_at: number | null;
}
