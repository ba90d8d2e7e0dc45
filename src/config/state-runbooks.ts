import type { Queryable } from '../platform/db/connect.ts';
import type { Severity } from '../platform/db/tables/ingest.ts';
import { decodeStrings } from '../runbooks/presenter.ts';
import { presentStep } from '../runbooks/steps/presenter.ts';
import type { StepView } from '../runbooks/steps/schemas.ts';
import { decodeMatchers } from '../silences/matchers.ts';
import { type NRunbook, type NStep, normalRunbook } from './normal-runbooks.ts';
import { type RunbookRows, readRunbookRows } from './repository.ts';

/** The runbooks in the database, in the normal form of normal-runbooks.ts, by title. */

export interface CurrentRunbook {
  id: string;
  n: NRunbook & { body: string; steps: NStep[] };
  /** The current version: a change of text or tags makes the next one. */
  version: number;
  /** Its steps' ids and stored positions, by name. */
  steps: Map<string, { id: string; position: number }>;
}

export interface RunbookState {
  runbooks: Map<string, CurrentRunbook>;
}

/** How the file names what runbooks refer to by id (state.ts's names). */
interface Names {
  team: (id: string) => string;
  service: (id: string) => string;
}

export async function readRunbookState(db: Queryable, names: Names): Promise<RunbookState> {
  return runbookStateOf(await readRunbookRows(db), names);
}

export function runbookStateOf(rows: RunbookRows, names: Names): RunbookState {
  const servicesOf = new Map<string, string[]>();
  for (const l of rows.services) {
    const list = servicesOf.get(l.runbook_id);
    if (list === undefined) servicesOf.set(l.runbook_id, [names.service(l.service_id)]);
    else list.push(names.service(l.service_id));
  }
  // The step API's view (timeout in seconds, headers parsed), so both read a stored step alike.
  const stepsOf = new Map<string, StepView[]>();
  for (const row of rows.steps) {
    const list = stepsOf.get(row.runbook_id);
    if (list === undefined) stepsOf.set(row.runbook_id, [presentStep(row)]);
    else list.push(presentStep(row));
  }
  const runbooks = new Map<string, CurrentRunbook>();
  for (const r of rows.runbooks) {
    const steps = stepsOf.get(r.id) ?? [];
    const n = normalRunbook({
      name: r.title,
      team: r.owner_team_id === null ? null : names.team(r.owner_team_id),
      tags: decodeStrings(r.tags),
      services: servicesOf.get(r.id) ?? [],
      matchers: decodeMatchers(r.matchers),
      severities: decodeStrings(r.severities) as Severity[],
      sources: decodeStrings(r.sources),
      review_interval_days: r.review_interval_days,
    });
    runbooks.set(n.name, {
      id: r.id,
      version: r.version,
      n: { ...n, body: r.body, steps: steps.map(normalStepOf) },
      steps: new Map(steps.map((st) => [st.name, { id: st.id, position: st.position }])),
    });
  }
  return { runbooks };
}

function normalStepOf(s: StepView): NStep {
  return {
    name: s.name,
    method: s.method as NStep['method'],
    url: s.url,
    headers: s.headers,
    body: s.body,
    timeout_seconds: s.timeout_seconds,
    expected_status: s.expected_status,
    approval: s.approval as NStep['approval'],
    approver_role: s.approver_role as NStep['approver_role'],
    auto_run: s.auto_run,
    auto_run_per_hour: s.auto_run_per_hour,
  };
}
