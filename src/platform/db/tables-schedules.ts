/** Tables of on-call schedules (src/oncall). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the schedules migration
export interface ScheduleTables {}
