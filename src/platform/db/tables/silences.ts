/** Silences and maintenance windows: what suppresses alerts (src/silences). */
export interface SilenceTables {
  silences: SilencesTable;
  maintenance_windows: MaintenanceWindowsTable;
  maintenance_window_services: MaintenanceWindowServicesTable;
}

export interface SilencesTable {
  id: string;
  /** Unique when set; config-as-code matches silences by it. */
  name: string | null;
  service_id: string | null;
  /** JSON array of {name, op, value}. */
  matchers: string;
  starts_at: number;
  ends_at: number;
  comment: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface MaintenanceWindowsTable {
  id: string;
  name: string;
  description: string;
  starts_at: number;
  ends_at: number;
  created_at: number;
  updated_at: number;
}

export interface MaintenanceWindowServicesTable {
  window_id: string;
  service_id: string;
}
