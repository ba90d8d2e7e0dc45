import { recordAudit } from '../../platform/audit/record.ts';
import { type Actor, actorRole, requireRole, roleAtLeast } from '../../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import type { Row } from '../../platform/db/tables.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors.ts';
import { incidentPageUrl } from '../../platform/http/page-urls.ts';
import { newId } from '../../platform/ids.ts';
import { announceWork } from '../../platform/wake.ts';
import { findIncident } from '../../incidents/repository.ts';
import { findServiceById } from '../../services/repository.ts';
import { requireIncidentAccess } from '../../teams/access.ts';
import { actorRef, addTimeline } from '../../timeline/repository.ts';
import { labelsOf } from '../incident.ts';
import { loadRunbook } from '../rules.ts';
import { type PreparedRequest, prepareRequest, shownRequest } from './prepare.ts';
import { type RunContext, presentRuns } from './presenter.ts';
import {
  type RunRow,
  findRun,
  findStep,
  insertRun,
  moveRun,
  newestAlertOf,
  runbookTitles,
  runsOfIncident,
  stepsByIds,
  switchedOff,
} from './repository.ts';
import type { RunView, ShownRequestView } from './schemas.ts';
import type { Vars } from './template.ts';

/** A responder who may act on the incident may run its steps (and read their answers). */
async function mayActOn(ctx: Ctx, incidentId: string): Promise<boolean> {
  if (!roleAtLeast(actorRole(ctx.actor), 'responder')) return false;
  try {
    await requireIncidentAccess(ctx, incidentId);
    return true;
  } catch (e) {
    if (e instanceof ForbiddenError) return false;
    throw e;
  }
}

const sameActor = (actor: Actor, ref: string) => actorRef(actor) === ref;

/** The reader's view of runs: answers only to those who may run, approve buttons only to approvers. */
export async function runViews(ctx: Ctx, rows: RunRow[]): Promise<RunView[]> {
  const steps = new Map(
    (await stepsByIds(ctx.db, [...new Set(rows.map((r) => r.step_id))])).map((s) => [s.id, s]),
  );
  const titles = new Map(
    (await runbookTitles(ctx.db, [...new Set(rows.map((r) => r.runbook_id))])).map((r) => [r.id, r.title]),
  );
  const access = new Map<string, boolean>();
  for (const id of new Set(rows.map((r) => r.incident_id))) access.set(id, await mayActOn(ctx, id));
  const c: RunContext = {
    runbooks: titles,
    steps: new Map([...steps].map(([id, s]) => [id, { name: s.name, approval: s.approval }])),
    mayRun: (r) => access.get(r.incident_id) === true,
    mayApprove: (r) => {
      const step = steps.get(r.step_id);
      return (
        r.status === 'pending_approval' &&
        step !== undefined &&
        access.get(r.incident_id) === true &&
        !sameActor(ctx.actor, r.requested_by) &&
        roleAtLeast(actorRole(ctx.actor), step.approver_role)
      );
    },
  };
  return presentRuns(ctx.db, rows, c);
}

export async function incidentRuns(ctx: Ctx, incidentIdOrRef: string) {
  const incident = await findIncident(ctx.db, incidentIdOrRef);
  if (incident === undefined) throw NotFoundError.of('incident', incidentIdOrRef);
  return { data: await runViews(ctx, await runsOfIncident(ctx.db, incident.id)) };
}

export async function getRun(ctx: Ctx, id: string): Promise<RunView> {
  const run = await findRun(ctx.db, id);
  if (run === undefined) throw NotFoundError.of('runbook run', id);
  return (await runViews(ctx, [run]))[0]!;
}

/** What the templates are filled from: the incident, its service, its newest alert and labels. */
async function varsOf(ctx: Ctx, incident: Row<'incidents'>, publicUrl: string, runId: string): Promise<Vars> {
  const service = await findServiceById(ctx.db, incident.service_id);
  const alert = await newestAlertOf(ctx.db, incident.id);
  const ref = `INC-${incident.number}`;
  return {
    incident: {
      id: incident.id,
      ref,
      title: incident.title,
      severity: incident.severity,
      status: incident.status,
      url: incidentPageUrl(publicUrl, ref),
    },
    service: { id: incident.service_id, name: service?.name ?? '' },
    alert: { summary: alert?.summary ?? '', source: alert?.source ?? '', severity: alert?.severity ?? '' },
    labels: alert === undefined ? {} : labelsOf(alert.labels),
    run: { id: runId },
  };
}

const describe = (r: ShownRequestView) => `${r.method} ${r.url}`;

export type RequestOutcome = { dry_run: true; request: ShownRequestView; refused: string | null } | RunView;

/**
 * Asks to run a step on an incident. A dry run answers the exact request (secrets hidden) and
 * changes nothing. Otherwise a safe step is queued for the engine at once; one that needs
 * approval waits for a second person. With a kill switch on, the run is recorded as refused and
 * says so. Every request is on the incident's timeline and in the audit log.
 */
export async function requestRun({
  ctx,
  input,
  publicUrl,
  trigger = 'manual',
  refuseWith,
}: {
  ctx: Ctx;
  input: { runbookId: string; stepId: string; incident_id: string; dry_run?: boolean | undefined };
  publicUrl: string;
  trigger?: 'manual' | 'auto';
  /** Record the run as refused for this reason (the automatic runs' hourly limit). */
  refuseWith?: string;
}): Promise<RequestOutcome> {
  requireRole(ctx.actor, 'responder');
  const result = await inTransaction(ctx, async (ctx) => {
    const runbook = await loadRunbook(ctx, input.runbookId);
    const step = await findStep(ctx.db, runbook.id, input.stepId);
    if (step === undefined) throw NotFoundError.of('runbook step', input.stepId);
    const incident = await findIncident(ctx.db, input.incident_id);
    if (incident === undefined)
      throw new NotFoundError(`incident ${JSON.stringify(input.incident_id)} not found`);
    await requireIncidentAccess(ctx, incident.id);
    const now = ctx.clock.now();
    const id = newId('rbr', now);
    const vars = await varsOf(ctx, incident, publicUrl, id);
    const prepared: PreparedRequest = prepareRequest(step, vars);
    const shown = shownRequest(prepared);
    const off = await switchedOff(ctx.db, incident.service_id);
    const refusal =
      refuseWith ??
      (off === undefined
        ? null
        : `refused: the ${off.scope === 'global' ? 'global' : "service's"} kill switch is on${off.reason === '' ? '' : ` (${off.reason})`}`);
    if (input.dry_run === true) return { dry_run: true as const, request: shown, refused: refusal };

    const by = actorRef(ctx.actor);
    const status = refusal !== null ? 'refused' : step.approval === 'safe' ? 'queued' : 'pending_approval';
    await insertRun(ctx.db, {
      id,
      runbook_id: runbook.id,
      step_id: step.id,
      incident_id: incident.id,
      service_id: incident.service_id,
      trigger,
      status,
      requested_by: by,
      requested_at: now,
      decided_by: null,
      decided_at: null,
      vars: JSON.stringify(vars),
      request: JSON.stringify(prepared),
      run_at: status === 'queued' ? now : null,
      lease_owner: null,
      locked_until: null,
      started_at: null,
      finished_at: status === 'refused' ? now : null,
      status_code: null,
      duration_ms: null,
      response: null,
      error: refusal,
    });
    const what = `"${step.name}" of runbook "${runbook.title}" (${describe(shown)})`;
    await addTimeline(ctx.db, now, [
      {
        incidentId: incident.id,
        kind: status === 'refused' ? 'runbook_step_cancelled' : 'runbook_step_requested',
        actor: by,
        message:
          status === 'refused'
            ? `Did not run ${what}: ${refusal!.replace(/^refused: /, '')}`
            : status === 'queued'
              ? `${trigger === 'auto' ? 'Automatically running' : 'Running'} ${what}`
              : `Asked for approval to run ${what}`,
        data: { run_id: id, runbook_id: runbook.id, step_id: step.id, status },
      },
    ]);
    const run = (await findRun(ctx.db, id))!;
    await recordAudit(ctx, {
      action: 'runbook_run.request',
      targetType: 'runbook_run',
      targetId: id,
      before: null,
      after: {
        id,
        runbook_id: runbook.id,
        step_id: step.id,
        incident_id: incident.id,
        status,
        trigger,
        request: shown,
      },
    });
    if (status === 'queued') await announceWork(ctx.db, ctx.dialect);
    return run;
  });
  if ('dry_run' in result) return result;
  return (await runViews(ctx, [result]))[0]!;
}

/** A second person approves (queued for the engine) or rejects a run that waits for approval. */
export async function decideRun({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; approve: boolean; reason?: string | undefined };
}): Promise<RunView> {
  requireRole(ctx.actor, 'responder');
  const run = await inTransaction(ctx, async (ctx) => {
    const run = await findRun(ctx.db, input.id);
    if (run === undefined) throw NotFoundError.of('runbook run', input.id);
    await requireIncidentAccess(ctx, run.incident_id);
    if (run.status !== 'pending_approval')
      throw new ConflictError(`the run is ${run.status}, not waiting for approval`);
    const step = (await stepsByIds(ctx.db, [run.step_id]))[0];
    const own = sameActor(ctx.actor, run.requested_by);
    if (input.approve) {
      if (own) throw new ForbiddenError('a second person must approve: you asked for this run');
      const needed = step?.approver_role ?? 'admin';
      if (!roleAtLeast(actorRole(ctx.actor), needed)) {
        throw new ForbiddenError(`approving this step needs the ${needed} role`);
      }
      const off = await switchedOff(ctx.db, run.service_id);
      if (off !== undefined)
        throw new ConflictError(
          `the ${off.scope === 'global' ? 'global' : "service's"} kill switch is on; nothing runs until it is off`,
        );
    } else if (!own && step !== undefined && !roleAtLeast(actorRole(ctx.actor), step.approver_role)) {
      throw new ForbiddenError(
        `rejecting this step needs the ${step.approver_role} role (or being who asked)`,
      );
    }
    const now = ctx.clock.now();
    const by = actorRef(ctx.actor);
    const moved = await moveRun(ctx.db, run.id, ['pending_approval'], {
      status: input.approve ? 'queued' : 'rejected',
      decided_by: by,
      decided_at: now,
      ...(input.approve
        ? { run_at: now }
        : { finished_at: now, error: input.reason ? `rejected: ${input.reason}` : 'rejected' }),
    });
    if (!moved) throw new ConflictError('the run was decided meanwhile; reload it');
    const shown = shownRequest(JSON.parse(run.request) as PreparedRequest);
    await addTimeline(ctx.db, now, [
      {
        incidentId: run.incident_id,
        kind: input.approve ? 'runbook_step_approved' : 'runbook_step_rejected',
        actor: by,
        message: `${input.approve ? 'Approved' : own ? 'Withdrew' : 'Rejected'} running "${step?.name ?? 'step'}" (${describe(shown)})${input.reason ? `: ${input.reason}` : ''}`,
        data: { run_id: run.id, step_id: run.step_id },
      },
    ]);
    await recordAudit(ctx, {
      action: input.approve ? 'runbook_run.approve' : 'runbook_run.reject',
      targetType: 'runbook_run',
      targetId: run.id,
      before: { status: run.status },
      after: { status: input.approve ? 'queued' : 'rejected', reason: input.reason ?? null },
    });
    if (input.approve) await announceWork(ctx.db, ctx.dialect);
    return (await findRun(ctx.db, run.id))!;
  });
  return (await runViews(ctx, [run]))[0]!;
}
