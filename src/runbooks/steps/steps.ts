import { recordAudit } from '../../platform/audit/record.ts';
import { requireRole } from '../../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import { isUniqueViolation } from '../../platform/db/connect.ts';
import type { RowPatch } from '../../platform/db/tables.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { loadRunbook, requireRunbookWriter } from '../rules.ts';
import { forgetRunbookTargets } from '../targets.ts';
import { STEP_DEFAULTS } from './defaults.ts';
import { cancelRunsOfSteps } from './cancel.ts';
import { presentStep } from './presenter.ts';
import { type StepRow, deleteStepRow, findStep, insertStep, stepsOf, updateStep } from './repository.ts';
import type { CreateStepInput, EditStepInput, StepView } from './schemas.ts';
import { checkStep, secretsOfStep } from './validate.ts';

type StepFields = Omit<typeof STEP_DEFAULTS, 'method'> & { name: string; url: string; method: string };

/** A step as the API takes it, as the columns store it. */
function stepColumns(step: StepFields) {
  return {
    name: step.name,
    method: step.method,
    url: step.url,
    headers: JSON.stringify(step.headers),
    body: step.body,
    timeout_ms: step.timeout_seconds * 1000,
    expected_status: step.expected_status,
    approval: step.approval,
    approver_role: step.approver_role,
    auto_run: step.auto_run ? 1 : 0,
    auto_run_per_hour: step.auto_run_per_hour,
  };
}

const duplicate = (name: string) =>
  new ConflictError(`this runbook already has a step named ${JSON.stringify(name)}`);

/**
 * A step that sends a secret is saved by admins only: anyone else could point it at their own
 * server and read the secret there. Steps without secrets are written by the runbook's writers.
 */
async function requireStepWriter(ctx: Ctx, ownerTeamId: string | null, sendsSecrets: boolean): Promise<void> {
  await requireRunbookWriter(ctx, ownerTeamId, 'runbook step');
  if (sendsSecrets) requireRole(ctx.actor, 'admin');
}

export async function listSteps(ctx: Ctx, runbookId: string): Promise<{ data: StepView[] }> {
  await loadRunbook(ctx, runbookId);
  return { data: (await stepsOf(ctx.db, runbookId)).map(presentStep) };
}

export async function createStep({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { runbookId: string } & CreateStepInput;
}): Promise<StepView> {
  const step = { ...STEP_DEFAULTS, ...input };
  const row = await inTransaction(ctx, async (ctx) => {
    const runbook = await loadRunbook(ctx, input.runbookId);
    const parsed = await checkStep(ctx, step);
    await requireStepWriter(ctx, runbook.owner_team_id, secretsOfStep(parsed).length > 0);
    const existing = await stepsOf(ctx.db, runbook.id);
    if (existing.some((s) => s.name === step.name)) throw duplicate(step.name);
    const now = ctx.clock.now();
    const id = newId('rbs', now);
    await insertStep(ctx.db, {
      id,
      runbook_id: runbook.id,
      position: input.position ?? existing.length,
      ...stepColumns(step),
      created_at: now,
      updated_at: now,
    });
    const created = (await findStep(ctx.db, runbook.id, id))!;
    await recordAudit(ctx, {
      action: 'runbook_step.create',
      targetType: 'runbook',
      targetId: runbook.id,
      before: null,
      after: presentStep(created),
    });
    return created;
  }).catch((e: unknown) => {
    throw isUniqueViolation(e) ? duplicate(step.name) : e;
  });
  forgetRunbookTargets();
  return presentStep(row);
}

async function loadStep(ctx: Ctx, runbookId: string, stepId: string): Promise<StepRow> {
  const step = await findStep(ctx.db, runbookId, stepId);
  if (step === undefined) throw NotFoundError.of('runbook step', stepId);
  return step;
}

export async function editStep({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { runbookId: string; stepId: string } & EditStepInput;
}): Promise<StepView> {
  const row = await inTransaction(ctx, async (ctx) => {
    const runbook = await loadRunbook(ctx, input.runbookId);
    const before = await loadStep(ctx, runbook.id, input.stepId);
    const was = presentStep(before);
    const step = {
      name: input.name ?? was.name,
      method: input.method ?? was.method,
      url: input.url ?? was.url,
      headers: input.headers ?? was.headers,
      body: input.body === undefined ? was.body : input.body,
      timeout_seconds: input.timeout_seconds ?? was.timeout_seconds,
      expected_status: input.expected_status === undefined ? was.expected_status : input.expected_status,
      approval: input.approval ?? (was.approval as 'safe' | 'approval'),
      approver_role: input.approver_role ?? (was.approver_role as 'responder' | 'admin'),
      auto_run: input.auto_run ?? was.auto_run,
      auto_run_per_hour: input.auto_run_per_hour ?? was.auto_run_per_hour,
    };
    const parsed = await checkStep(ctx, step);
    // Loosening a step's guard (no approval, a lower approver, running on its own) needs the role
    // that approves it now: a team member cannot drop an admin's approval to run it alone.
    const loosens =
      was.approval === 'approval' &&
      (step.approval === 'safe' ||
        step.auto_run ||
        (was.approver_role === 'admin' && step.approver_role !== 'admin'));
    if (loosens) requireRole(ctx.actor, was.approver_role as 'responder' | 'admin');
    // Changing a step that sends secrets, or making one send them, is an admin's.
    await requireStepWriter(
      ctx,
      runbook.owner_team_id,
      secretsOfStep(parsed).length > 0 || was.secrets.length > 0,
    );
    const patch: RowPatch<'runbook_steps'> = {
      ...stepColumns(step),
      updated_at: ctx.clock.now(),
      ...(input.position === undefined ? {} : { position: input.position }),
    };
    await updateStep(ctx.db, before.id, patch);
    const after = (await findStep(ctx.db, runbook.id, before.id))!;
    await recordAudit(ctx, {
      action: 'runbook_step.update',
      targetType: 'runbook',
      targetId: runbook.id,
      before: was,
      after: presentStep(after),
    });
    return after;
  }).catch((e: unknown) => {
    throw isUniqueViolation(e) && input.name !== undefined ? duplicate(input.name) : e;
  });
  forgetRunbookTargets();
  return presentStep(row);
}

export async function deleteStep({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { runbookId: string; stepId: string };
}): Promise<void> {
  await inTransaction(ctx, async (ctx) => {
    const runbook = await loadRunbook(ctx, input.runbookId);
    const before = await loadStep(ctx, runbook.id, input.stepId);
    await requireRunbookWriter(ctx, runbook.owner_team_id, 'runbook step');
    // Removing an admin-approved step (to write a looser one) is an admin's too.
    if (before.approval === 'approval') requireRole(ctx.actor, before.approver_role);
    await cancelRunsOfSteps(ctx, [before.id], 'its step was deleted');
    await deleteStepRow(ctx.db, before.id);
    await recordAudit(ctx, {
      action: 'runbook_step.delete',
      targetType: 'runbook',
      targetId: runbook.id,
      before: presentStep(before),
      after: null,
    });
  });
  forgetRunbookTargets();
}
