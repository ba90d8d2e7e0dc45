/** The pure on-call core: plain data in, plain data out; no I/O and no clock. */
export * from './types.ts';
export {
  type CompiledSchedule,
  type OnCall,
  type ScheduleInput,
  compileSchedule,
  complement,
  coverageGaps,
  onCallAt,
  shiftAt,
  shifts,
} from './schedule.ts';
export { continuityOffset } from './layer.ts';
export { weekWindows } from './restrictions.ts';
export { isValidTimeZone, localOf, toInstant, toLocal, zone } from './zone.ts';
