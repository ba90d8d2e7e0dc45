import { createRunbook } from '../runbooks/create.ts';
import { deleteRunbook } from '../runbooks/delete.ts';
import { editRunbook } from '../runbooks/edit.ts';
import type { PresentOptions } from '../runbooks/presenter.ts';
import { changeSteps, createSteps } from './apply-steps.ts';
import type { Change } from './diff.ts';
import type { NRunbook } from './normal-runbooks.ts';
import { changed, desiredOf, idOf, located, type Run } from './run.ts';
import type { CurrentRunbook } from './state-runbooks.ts';

/**
 * Runbooks, through the same actions as their API: each write is audited with the runbook as the
 * API shows it, and a new text or new tags is a new version in the runbook's history, noted as
 * made by config apply. They go after the teams and services they name; deletions are in apply.ts's
 * prune, before those. Their steps follow them (apply-steps.ts).
 */

const NOTE = 'config apply';

/** How the audit records show the runbook (its page's address among the rest). */
const present = (run: Run): PresentOptions => ({ publicUrl: run.publicUrl, now: run.ctx.clock.now() });

/** The ids of the team and services the runbook names. */
const teamOf = (run: Run, d: NRunbook) => (d.team === null ? null : idOf(run, 'teams', d.team));
const servicesOf = (run: Run, d: NRunbook) => d.services.map((name) => idOf(run, 'services', name));

export async function applyRunbook(run: Run, change: Change): Promise<void> {
  const { ctx } = run;
  const d = desiredOf(run, 'runbooks', change.name);
  await located(run, change, async () => {
    const current = run.state.runbooks.get(d.name);
    if (change.op === 'create' || current === undefined) {
      const created = await createRunbook({
        ctx,
        input: {
          title: d.name,
          owner_team_id: teamOf(run, d),
          tags: d.tags,
          ...(d.body === undefined ? {} : { body: d.body }),
          service_ids: servicesOf(run, d),
          matchers: d.matchers,
          severities: d.severities,
          sources: d.sources,
          review_interval_days: d.review_interval_days,
          note: NOTE,
        },
        present: present(run),
      });
      if (d.steps !== undefined) await createSteps(run, created.id, d.steps);
      return;
    }
    // Steps alone change nothing of the runbook itself: no edit, no audit entry of one.
    if (change.fields.length > 0) await editRunbookAsPlanned(run, change, d, current);
    if (d.steps !== undefined) await changeSteps(run, current, d.steps, change);
  });
}

async function editRunbookAsPlanned(
  run: Run,
  change: Change,
  d: NRunbook,
  current: CurrentRunbook,
): Promise<void> {
  await editRunbook({
    ctx: run.ctx,
    input: {
      id: current.id,
      // The plan was made against this version: a writer in between is a conflict, not overwritten.
      if_version: current.version,
      note: NOTE,
      ...(changed(change, 'team') ? { owner_team_id: teamOf(run, d) } : {}),
      ...(changed(change, 'tags') ? { tags: d.tags } : {}),
      ...(changed(change, 'body') && d.body !== undefined ? { body: d.body } : {}),
      ...(changed(change, 'services') ? { service_ids: servicesOf(run, d) } : {}),
      ...(changed(change, 'matchers') ? { matchers: d.matchers } : {}),
      ...(changed(change, 'severities') ? { severities: d.severities } : {}),
      ...(changed(change, 'sources') ? { sources: d.sources } : {}),
      ...(changed(change, 'review_interval_days') ? { review_interval_days: d.review_interval_days } : {}),
    },
    present: present(run),
  });
}

export function pruneRunbook(run: Run, change: Change): Promise<void> | undefined {
  const id = run.state.runbooks.get(change.name)?.id;
  return id === undefined ? undefined : deleteRunbook({ ctx: run.ctx, input: { id }, present: present(run) });
}
