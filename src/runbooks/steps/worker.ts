import { recordAudit } from '../../platform/audit/record.ts';
import { systemActor } from '../../platform/auth/actor.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import type { EngineDeps } from '../../platform/engine-deps.ts';
import { describeOutboundError, outboundRequest } from '../../platform/outbound/guard.ts';
import { addTimeline } from '../../timeline/repository.ts';
import { type PreparedRequest, finalRequest, redact, secretsOfRequest, shownRequest } from './prepare.ts';
import {
  type RunRow,
  claimRuns,
  dueRuns,
  interruptedRuns,
  moveLeasedRun,
  moveRun,
  secretsByName,
  stepsByIds,
  switchedOff,
} from './repository.ts';
import { openSecret } from './secrets.ts';
import { createAutoRunner } from './auto.ts';
import { createReviewReminders } from '../reviews.ts';

/** A claim (nothing sent yet) lapses after this; another engine then claims the run again. */
const CLAIM_MS = 15_000;
/** Past the request's own timeout, how long a `sending` lease lasts before the run is called interrupted. */
const SENDING_GRACE_MS = 10_000;
const BATCH = 16;
/** The first KB of an answer is kept (redacted), for the people who may run the step. */
const RESPONSE_BYTES = 1024;

export interface RunbookWorker {
  /** Claims due runs and starts them; how many it started or closed. */
  pass(due: boolean): Promise<number>;
  /** Waits until every run started so far is done and recorded. */
  settle(): Promise<void>;
}

const ENGINE = systemActor('engine');

function ctxOf(deps: EngineDeps, db: Queryable): Ctx {
  return { actor: ENGINE, db, dialect: deps.dialect, clock: deps.clock, outbound: deps.outbound };
}

/**
 * The engine's runs of automated runbook steps (called each pass from src/engine/engine.ts), as
 * durable jobs: a queued run is claimed under a lease (a killed engine's claim lapses and another
 * engine takes the run), marked `sending` in its own commit just before the request goes out,
 * and recorded under that lease. A run whose engine stopped while `sending` is never sent again:
 * it becomes `interrupted`, because the receiver may have had it. So a killed engine loses no
 * run and none runs twice. The kill switch is checked again right before sending.
 */
export function createRunbookWorker(deps: EngineDeps): RunbookWorker {
  const inFlight = new Set<Promise<void>>();
  const skipLocked = deps.dialect === 'postgres';
  const auto = createAutoRunner(deps);
  const reviews = createReviewReminders(deps);
  // Review reminders go by email in the background: a slow mail server never holds a page.
  let reviewing: Promise<unknown> | undefined;
  return {
    async pass(due) {
      reviewing ??= reviews
        .pass()
        .catch((err: unknown) => deps.log?.error({ err }, 'runbook review reminders failed'))
        .finally(() => {
          reviewing = undefined;
        });
      const queued = await auto.pass();
      if (!due && queued === 0) return 0;
      const now = deps.clock.now();
      let handled = queued;
      handled += await deps.db.transaction().execute(async (trx) => {
        const lost = await interruptedRuns(trx, now, BATCH, skipLocked);
        for (const r of lost) {
          const error =
            'the engine stopped while the request was in flight; it is not sent again (the receiver may have had it)';
          if (
            await moveRun(trx, r.id, ['sending'], {
              status: 'interrupted',
              finished_at: now,
              error,
              lease_owner: null,
              locked_until: null,
            })
          ) {
            await addTimeline(trx, now, [
              {
                incidentId: r.incident_id,
                kind: 'runbook_step_ran',
                actor: 'system:engine',
                message: `A runbook step was interrupted: ${error}`,
                data: { run_id: r.id, status: 'interrupted' },
              },
            ]);
            await recordAudit(ctxOf(deps, trx), {
              action: 'runbook_run.finish',
              targetType: 'runbook_run',
              targetId: r.id,
              before: { status: 'sending' },
              after: { status: 'interrupted', error },
            });
          }
        }
        return lost.length;
      });
      const claimed = await deps.db.transaction().execute(async (trx) => {
        const ids = (await dueRuns(trx, now, BATCH, skipLocked)).map((r) => r.id);
        return ids.length === 0 ? [] : claimRuns(trx, ids, deps.engineId, now + CLAIM_MS, now);
      });
      for (const run of claimed) {
        handled++;
        const p = execute(deps, run)
          .catch((err: unknown) => deps.log?.error({ err, run: run.id }, 'runbook step run failed'))
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      return handled;
    },
    async settle() {
      while (inFlight.size > 0 || reviewing !== undefined) await Promise.all([...inFlight, reviewing]);
    },
  };
}

async function finish(
  deps: EngineDeps,
  run: RunRow,
  from: 'claimed' | 'sending',
  outcome: {
    status: 'succeeded' | 'failed' | 'cancelled';
    status_code?: number;
    duration_ms?: number;
    response?: string;
    error?: string;
  },
  stepName: string,
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const moved = await moveLeasedRun(trx, run.id, deps.engineId, from, {
      status: outcome.status,
      finished_at: now,
      status_code: outcome.status_code ?? null,
      duration_ms: outcome.duration_ms ?? null,
      response: outcome.response ?? null,
      error: outcome.error ?? null,
      lease_owner: null,
      locked_until: null,
    });
    // Another engine took the run over (our lease lapsed): it records it, not us.
    if (!moved) return;
    const shown = shownRequest(JSON.parse(run.request) as PreparedRequest);
    const result =
      outcome.status === 'cancelled'
        ? `did not run: ${outcome.error ?? ''}`
        : outcome.status_code === undefined
          ? `failed: ${outcome.error ?? ''}`
          : `${outcome.status === 'succeeded' ? 'succeeded' : 'failed'}: HTTP ${outcome.status_code} in ${outcome.duration_ms ?? 0} ms${outcome.error ? ` (${outcome.error})` : ''}`;
    await addTimeline(trx, now, [
      {
        incidentId: run.incident_id,
        kind: outcome.status === 'cancelled' ? 'runbook_step_cancelled' : 'runbook_step_ran',
        actor: 'system:engine',
        message: `Runbook step "${stepName}" (${shown.method} ${shown.url}) ${result}`,
        data: {
          run_id: run.id,
          status: outcome.status,
          status_code: outcome.status_code ?? null,
          duration_ms: outcome.duration_ms ?? null,
        },
      },
    ]);
    await recordAudit(ctxOf(deps, trx), {
      action: 'runbook_run.finish',
      targetType: 'runbook_run',
      targetId: run.id,
      before: { status: from },
      after: {
        status: outcome.status,
        status_code: outcome.status_code ?? null,
        duration_ms: outcome.duration_ms ?? null,
        response: outcome.response ?? null,
        error: outcome.error ?? null,
      },
    });
  });
}

async function execute(deps: EngineDeps, run: RunRow): Promise<void> {
  const prepared = JSON.parse(run.request) as PreparedRequest;
  const stepName = (await stepsByIds(deps.db, [run.step_id]))[0]?.name ?? 'step';
  const off = await switchedOff(deps.db, run.service_id);
  if (off !== undefined) {
    const error = `stopped by the ${off.scope === 'global' ? 'global' : "service's"} kill switch${off.reason === '' ? '' : ` (${off.reason})`}`;
    await finish(deps, run, 'claimed', { status: 'cancelled', error }, stepName);
    return;
  }
  const names = secretsOfRequest(prepared);
  const secrets = new Map<string, string>();
  for (const row of await secretsByName(deps.db, names))
    secrets.set(row.name, openSecret(deps.keys.runbookSecrets, row.name, row.value));
  const missing = names.find((n) => !secrets.has(n));
  if (missing !== undefined) {
    await finish(
      deps,
      run,
      'claimed',
      { status: 'failed', error: `runbook secret ${JSON.stringify(missing)} no longer exists` },
      stepName,
    );
    return;
  }
  const now = deps.clock.now();
  // Committed before the request: from here on, a lapsed lease means "may have been sent".
  const sending = await deps.db.transaction().execute((trx) =>
    moveLeasedRun(trx, run.id, deps.engineId, 'claimed', {
      status: 'sending',
      locked_until: now + prepared.timeout_ms + SENDING_GRACE_MS,
    }),
  );
  if (!sending) return;
  const req = finalRequest(prepared, secrets);
  const signal = AbortSignal.timeout(prepared.timeout_ms);
  const started = performance.now();
  const values = [...secrets.values()];
  // Read past the kept KB by the longest secret, so one cut in half at the end is still redacted whole.
  const longest = Math.max(0, ...values.map((v) => Buffer.byteLength(JSON.stringify(v))));
  try {
    const res = await outboundRequest(
      req.url,
      {
        method: req.method,
        headers: req.headers,
        ...(req.body === undefined ? {} : { body: req.body }),
        signal,
        maxResponseBytes: RESPONSE_BYTES + longest,
      },
      deps.outbound,
      deps.outboundResolve === undefined ? {} : { resolve: deps.outboundResolve },
    );
    const duration = Math.round(performance.now() - started);
    const ok =
      prepared.expected_status === null
        ? res.status >= 200 && res.status < 300
        : res.status === prepared.expected_status;
    await finish(
      deps,
      run,
      'sending',
      {
        status: ok ? 'succeeded' : 'failed',
        status_code: res.status,
        duration_ms: duration,
        response: redact(res.body.toString('utf8'), values).slice(0, RESPONSE_BYTES),
        ...(ok
          ? {}
          : {
              error:
                prepared.expected_status === null
                  ? 'expected a 2xx answer'
                  : `expected HTTP ${prepared.expected_status}`,
            }),
      },
      stepName,
    );
  } catch (err) {
    await finish(
      deps,
      run,
      'sending',
      {
        status: 'failed',
        duration_ms: Math.round(performance.now() - started),
        error: describeOutboundError(err, signal),
      },
      stepName,
    );
  }
}
