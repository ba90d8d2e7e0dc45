import type { Command } from '../command.ts';
import { actionItemDone } from './action-item-done.ts';
import { actionItemList } from './action-item-list.ts';
import { actionItemPush } from './action-item-push.ts';
import { alertResolve, alertTrigger } from './alert-event.ts';
import { auditVerify } from './audit-verify.ts';
import { configApply } from './config-apply.ts';
import { configExport } from './config-export.ts';
import { configPlan } from './config-plan.ts';
import { configValidate } from './config-validate.ts';
import { incidentAssign } from './incident-assign.ts';
import { incidentClose } from './incident-close.ts';
import { incidentDeclare } from './incident-declare.ts';
import { incidentList } from './incident-list.ts';
import { incidentNote } from './incident-note.ts';
import { incidentSeverity } from './incident-severity.ts';
import { incidentShow } from './incident-show.ts';
import { incidentAck, incidentMitigate, incidentReopen, incidentResolve } from './incident-status.ts';
import { incidentUpdate } from './incident-update.ts';
import { migrate } from './migrate.ts';
import { oncallNow } from './oncall-now.ts';
import { oncallShifts } from './oncall-shifts.ts';
import { postmortemCreate, postmortemExport, postmortemShow } from './postmortem.ts';
import { runbookList, runbookRun, runbookShow } from './runbook.ts';
import { serve } from './serve.ts';
import { sloGate, sloList, sloRules, sloShow } from './slo.ts';
import { tokenCreate } from './token-create.ts';
import { userCreate } from './user-create.ts';

/** Every CLI command. A new command is one file plus one line here. */
export const COMMANDS: Command[] = [
  serve,
  migrate,
  userCreate,
  tokenCreate,
  auditVerify,
  configValidate,
  configPlan,
  configApply,
  configExport,
  alertTrigger,
  alertResolve,
  oncallNow,
  oncallShifts,
  incidentDeclare,
  incidentList,
  incidentShow,
  incidentAck,
  incidentMitigate,
  incidentResolve,
  incidentReopen,
  incidentClose,
  incidentNote,
  incidentAssign,
  incidentUpdate,
  incidentSeverity,
  postmortemCreate,
  postmortemShow,
  postmortemExport,
  actionItemList,
  actionItemDone,
  actionItemPush,
  runbookList,
  runbookShow,
  runbookRun,
  sloList,
  sloShow,
  sloRules,
  sloGate,
];
