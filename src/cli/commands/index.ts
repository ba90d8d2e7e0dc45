import type { Command } from '../command.ts';
import { auditVerify } from './audit-verify.ts';
import { migrate } from './migrate.ts';
import { oncallNow } from './oncall-now.ts';
import { oncallShifts } from './oncall-shifts.ts';
import { serve } from './serve.ts';
import { tokenCreate } from './token-create.ts';
import { userCreate } from './user-create.ts';

/** Every CLI command. A new command is one file plus one line here. */
export const COMMANDS: Command[] = [
  serve,
  migrate,
  userCreate,
  tokenCreate,
  auditVerify,
  oncallNow,
  oncallShifts,
];
