import { systemActor } from '../../platform/auth/actor.ts';
import type { Ctx } from '../../platform/context.ts';
import {
  getOrCreateSetting,
  getSetting,
  lockSetting,
  moveSetting,
} from '../../platform/db/settings-repository.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { EngineDeps } from '../../platform/engine-deps.ts';
import { idFloorAt } from '../../platform/ids.ts';
import { matchable } from '../incident.ts';
import { runbookTargets } from '../targets.ts';
import { alertsBetween, autoRunOf, autoSteps, recentRunsOfStep } from './repository.ts';
import { requestRun } from './runs.ts';

const CURSOR_KEY = 'runbooks.auto_cursor';
/** Alerts are looked at once they are this old: a transaction still committing an earlier id is not skipped. */
const SETTLE_MS = 2_000;
const LOOK_EVERY_MS = 1_000;
// Small batches: the pass runs inside the engine's, so a storm of matching alerts must not hold pages long.
const BATCH = 50;
const HOUR_MS = 3_600_000;
const MAX_AGE_MS = 10 * 60_000;

class LostCursor extends Error {}

/**
 * One automatic run asked for; an alert that makes the request invalid (a label of `..` in the
 * URL) is logged and skipped, so it cannot stop the alerts after it from being looked at.
 */
async function requestOrSkip(deps: EngineDeps, args: Parameters<typeof requestRun>[0]): Promise<void> {
  try {
    await requestRun(args);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    deps.log?.warn(
      { step: args.input.stepId, incident: args.input.incident_id, reason: e.message },
      'automatic runbook step not run',
    );
  }
}

/**
 * Safe steps marked `auto_run` run on their own when a matching alert fires: once per step per
 * incident, and at most `auto_run_per_hour` times an hour per service. Engines share a cursor
 * over alerts (by id, i.e. by the time they were received) in `settings`, moved with a
 * conditional UPDATE in the same transaction as the runs it queues, so each alert is looked at
 * once across nodes. The kill switch refuses these runs like any other.
 */
export function createAutoRunner(deps: EngineDeps): { pass(): Promise<number> } {
  let lastLook = Number.NEGATIVE_INFINITY;
  const ctxBase = {
    actor: systemActor('runbooks'),
    dialect: deps.dialect,
    clock: deps.clock,
    outbound: deps.outbound,
  };
  return {
    async pass() {
      const now = deps.clock.now();
      if (now - lastLook < LOOK_EVERY_MS && now >= lastLook) return 0;
      lastLook = now;
      const steps = await autoSteps(deps.db);
      if (steps.length === 0) return 0;
      // Automation acts on what is firing now: alerts older than this (steps enabled later, engines
      // down for long) are not acted on. The stored value is what the conditional move compares.
      const floor = idFloorAt('alr', now - MAX_AGE_MS);
      const seen =
        (await getSetting(deps.db, CURSOR_KEY)) ??
        (await getOrCreateSetting(deps.db, CURSOR_KEY, floor, now));
      const settled = idFloorAt('alr', now - SETTLE_MS);
      // Nothing new: no transaction, no lock.
      if ((await alertsBetween(deps.db, seen > floor ? seen : floor, settled, 1)).length === 0) return 0;
      try {
        return await deps.db.transaction().execute(async (trx) => {
          // Another engine working through the alerts holds the cursor: leave them to it, never wait.
          const stored = await lockSetting(trx, CURSOR_KEY, deps.dialect === 'postgres');
          if (stored === undefined) return 0;
          const start = stored > floor ? stored : floor;
          const alerts = await alertsBetween(trx, start, settled, BATCH);
          if (alerts.length === 0) return 0;
          if (!(await moveSetting(trx, CURSOR_KEY, stored, alerts[alerts.length - 1]!.id, now)))
            throw new LostCursor();
          const ctx: Ctx = { ...ctxBase, db: trx };
          const targets = await runbookTargets(trx, Date.now(), deps.db);
          const byRunbook = new Map<string, typeof steps>();
          for (const s of steps) byRunbook.set(s.runbook_id, [...(byRunbook.get(s.runbook_id) ?? []), s]);
          let queued = 0;
          for (const a of alerts) {
            if (a.incident_id === null || a.status === 'suppressed' || a.status === 'resolved') continue;
            const alert = matchable(a);
            for (const t of targets) {
              const mine = byRunbook.get(t.target.id);
              if (mine === undefined || !t.test(alert)) continue;
              for (const s of mine) {
                if ((await autoRunOf(trx, s.id, a.incident_id)) !== undefined) continue;
                // Over the limit: recorded once for the incident as a refused run, which says why.
                const limited =
                  (await recentRunsOfStep(trx, s.id, a.service_id, now - HOUR_MS)) >= s.auto_run_per_hour;
                await requestOrSkip(deps, {
                  ...(limited
                    ? {
                        refuseWith: `refused: it ran ${s.auto_run_per_hour} times on this service in the last hour, its limit for automatic runs`,
                      }
                    : {}),
                  ctx,
                  input: { runbookId: s.runbook_id, stepId: s.id, incident_id: a.incident_id },
                  publicUrl: deps.publicUrl,
                  trigger: 'auto',
                });
                queued++;
              }
            }
          }
          return queued;
        });
      } catch (e) {
        if (e instanceof LostCursor) return 0; // another engine took these alerts
        throw e;
      }
    },
  };
}
