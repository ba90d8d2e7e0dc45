import type { Queryable } from '../../platform/db/connect.ts';
import { iso } from '../../platform/http/schema.ts';
import { loadActorNames, presentActor, presentActorOrNull } from '../../users/actors.ts';
import { type PreparedRequest, shownRequest } from './prepare.ts';
import type { RunRow, StepRow } from './repository.ts';
import type { RunView, StepView } from './schemas.ts';
import { parseStep, secretsOfStep } from './validate.ts';

export function presentStep(row: StepRow): StepView {
  const headers = JSON.parse(row.headers) as { name: string; value: string }[];
  return {
    id: row.id,
    runbook_id: row.runbook_id,
    position: row.position,
    name: row.name,
    method: row.method,
    url: row.url,
    headers,
    body: row.body,
    timeout_seconds: Math.round(row.timeout_ms / 1000),
    expected_status: row.expected_status,
    approval: row.approval,
    approver_role: row.approver_role,
    auto_run: row.auto_run === 1,
    auto_run_per_hour: row.auto_run_per_hour,
    secrets: secretsOfStep(parseStep({ url: row.url, headers, body: row.body })),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export interface RunContext {
  /** Titles and step names by id, for runs whose runbook or step was since deleted too. */
  runbooks: ReadonlyMap<string, string>;
  steps: ReadonlyMap<string, { name: string; approval: string }>;
  /** Whether the reader may run the step of this run (then they see the answer's body). */
  mayRun(run: RunRow): boolean;
  mayApprove(run: RunRow): boolean;
}

export async function presentRuns(db: Queryable, rows: RunRow[], c: RunContext): Promise<RunView[]> {
  const names = await loadActorNames(
    db,
    rows.flatMap((r) => [r.requested_by, r.decided_by]),
  );
  return rows.map((r) => ({
    id: r.id,
    runbook: { id: r.runbook_id, title: c.runbooks.get(r.runbook_id) ?? 'deleted runbook' },
    step: { id: r.step_id, ...(c.steps.get(r.step_id) ?? { name: 'deleted step', approval: 'approval' }) },
    incident_id: r.incident_id,
    service_id: r.service_id,
    trigger: r.trigger,
    status: r.status,
    requested_by: presentActor(r.requested_by, names),
    requested_at: iso(r.requested_at),
    decided_by: presentActorOrNull(r.decided_by, names),
    decided_at: iso(r.decided_at),
    request: shownRequest(JSON.parse(r.request) as PreparedRequest),
    started_at: iso(r.started_at),
    finished_at: iso(r.finished_at),
    status_code: r.status_code,
    duration_ms: r.duration_ms,
    response: c.mayRun(r) ? r.response : null,
    error: r.error,
    can_approve: c.mayApprove(r),
  }));
}
