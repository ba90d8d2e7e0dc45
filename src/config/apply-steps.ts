import { createStep, deleteStep, editStep } from '../runbooks/steps/steps.ts';
import type { CreateStepInput, EditStepInput } from '../runbooks/steps/schemas.ts';
import type { Change } from './diff.ts';
import { type NStep, STEP_FIELDS } from './normal-runbooks.ts';
import { changed, itemsOf, type Run } from './run.ts';
import type { CurrentRunbook } from './state-runbooks.ts';

/**
 * A runbook's automated steps, through the step actions: each write is checked as the API checks
 * it (templates, secrets that exist, the outbound guard) and audited on the runbook. Config apply
 * acts as a system actor, which has the admin role that steps sending secrets need.
 */

const input = (s: NStep, position: number): CreateStepInput => ({
  name: s.name,
  method: s.method,
  url: s.url,
  headers: s.headers,
  body: s.body,
  timeout_seconds: s.timeout_seconds,
  expected_status: s.expected_status,
  approval: s.approval,
  approver_role: s.approver_role,
  auto_run: s.auto_run,
  auto_run_per_hour: s.auto_run_per_hour,
  position,
});

/** The steps of a runbook just created, in the file's order. */
export async function createSteps(run: Run, runbookId: string, steps: readonly NStep[]): Promise<void> {
  for (const [i, s] of steps.entries()) {
    await createStep({ ctx: run.ctx, input: { runbookId, ...input(s, i) } });
  }
}

/** The plan's step items of one runbook: removals first, so nothing of theirs is in the way. */
export async function changeSteps(
  run: Run,
  current: CurrentRunbook,
  steps: readonly NStep[],
  change: Change,
): Promise<void> {
  const { ctx } = run;
  const runbookId = current.id;
  const index = new Map(steps.map((s, i) => [s.name, i]));
  for (const item of itemsOf(change, 'steps', 'remove')) {
    const stepId = current.steps.get(item.key)?.id;
    if (stepId !== undefined) await deleteStep({ ctx, input: { runbookId, stepId } });
  }
  for (const item of itemsOf(change, 'steps', 'change')) {
    const stepId = current.steps.get(item.key)?.id;
    const i = index.get(item.key);
    const s = i === undefined ? undefined : steps[i];
    if (stepId === undefined || i === undefined || s === undefined) continue;
    const full = input(s, i);
    const patch: EditStepInput = {};
    for (const field of [...STEP_FIELDS, 'position'] as const) {
      if (changed(item, field)) Object.assign(patch, { [field]: full[field] });
    }
    await editStep({ ctx, input: { runbookId, stepId, ...patch } });
  }
  for (const item of itemsOf(change, 'steps', 'add')) {
    const i = index.get(item.key);
    const s = i === undefined ? undefined : steps[i];
    if (i !== undefined && s !== undefined) await createStep({ ctx, input: { runbookId, ...input(s, i) } });
  }
}
