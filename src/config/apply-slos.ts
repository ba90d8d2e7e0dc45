import { createSlo } from '../slos/create.ts';
import { deleteSlo } from '../slos/delete.ts';
import { editSlo } from '../slos/edit.ts';
import { setBudgetPolicy } from '../slos/gate.ts';
import type { PresentOptions } from '../slos/presenter.ts';
import type { SliInputValue } from '../slos/schemas.ts';
import type { Change } from './diff.ts';
import { DEFAULT_POLICY, type NSli } from './normal-slos.ts';
import { changed, desiredOf, idOf, located, type Run } from './run.ts';

/**
 * SLOs and budget policies, through the same actions as their API: each write is checked as the
 * API checks it (a Prometheus SLI's queries are run once against Prometheus) and audited, as made
 * by config apply. They go after the services they belong to; deletions are in apply.ts's prune,
 * before those. A budget policy is written with the three fields the file manages: the release
 * gate's override (`override_until`, `override_reason`) is never sent, so it stays as it is.
 */

const present = (run: Run): PresentOptions => ({ publicUrl: run.publicUrl });

const sliInput = (sli: NSli): SliInputValue =>
  sli.kind === 'events'
    ? { kind: 'events' }
    : {
        kind: 'prometheus',
        prometheus_url: sli.prometheus_url,
        good_query: sli.good_query,
        error_query: sli.error_query,
        total_query: sli.total_query,
      };

export async function applySlo(run: Run, change: Change): Promise<void> {
  const { ctx } = run;
  const d = desiredOf(run, 'slos', change.name);
  await located(run, change, async () => {
    const current = run.state.slos.get(d.name);
    if (change.op === 'create' || current === undefined) {
      await createSlo({
        ctx,
        input: {
          service_id: idOf(run, 'services', d.service),
          name: d.slo,
          description: d.description,
          objective: d.objective,
          window_days: d.window_days,
          sli: sliInput(d.sli),
          alerts: d.alerts,
          exclude_maintenance: d.exclude_maintenance,
          unknown_alert_after_minutes: d.unknown_alert_after_minutes,
        },
        present: present(run),
      });
      return;
    }
    await editSlo({
      ctx,
      input: {
        id: current.id,
        ...(changed(change, 'description') ? { description: d.description } : {}),
        ...(changed(change, 'objective') ? { objective: d.objective } : {}),
        ...(changed(change, 'window_days') ? { window_days: d.window_days } : {}),
        ...(changed(change, 'sli') ? { sli: sliInput(d.sli) } : {}),
        ...(changed(change, 'alerts') ? { alerts: d.alerts } : {}),
        ...(changed(change, 'exclude_maintenance') ? { exclude_maintenance: d.exclude_maintenance } : {}),
        ...(changed(change, 'unknown_alert_after_minutes')
          ? { unknown_alert_after_minutes: d.unknown_alert_after_minutes }
          : {}),
      },
      present: present(run),
    });
  });
}

export function pruneSlo(run: Run, change: Change): Promise<void> | undefined {
  const id = run.state.slos.get(change.name)?.id;
  return id === undefined ? undefined : deleteSlo({ ctx: run.ctx, input: { id }, present: present(run) });
}

export async function applyBudgetPolicy(run: Run, change: Change): Promise<void> {
  const d = desiredOf(run, 'budget_policies', change.name);
  await located(run, change, async () => {
    await setBudgetPolicy({
      ctx: run.ctx,
      input: {
        service_id: idOf(run, 'services', d.name),
        block_releases: d.block_releases,
        min_budget_remaining: d.min_budget_remaining,
        block_when_unknown: d.block_when_unknown,
      },
    });
  });
}

/** A policy left out of a file that lists policies: back to the default (its override stays). */
export async function resetBudgetPolicy(run: Run, change: Change): Promise<void> {
  const serviceId = run.state.budget_policies.get(change.name)?.id;
  if (serviceId === undefined) return;
  await setBudgetPolicy({ ctx: run.ctx, input: { service_id: serviceId, ...DEFAULT_POLICY } });
}
