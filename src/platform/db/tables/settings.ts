/** Server-wide key/value settings (src/platform/db/settings.ts), e.g. the generated server secret. */
export interface SettingTables {
  settings: SettingsTable;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: number;
}
