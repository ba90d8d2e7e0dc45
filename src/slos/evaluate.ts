import { performance } from 'node:perf_hooks';
import type { IngestEvent } from '../ingest/event.ts';
import { processBatch } from '../ingest/process.ts';
import type { EngineDeps } from '../platform/engine-deps.ts';
import { findServicesByIds } from '../services/repository.ts';
import { type SloAlertCtx, UNKNOWN_RULE, burnEvent, resolveEvent, unknownEvent } from './alert-events.ts';
import {
  type BurnRates,
  MINUTE,
  WINDOWS,
  burnRate,
  decideAlerts,
  errorBudget,
  minuteOf,
  statusOf,
} from './burn.ts';
import { type Firing, type StoredEvaluation, decodeFiring } from './presenter.ts';
import { readPrometheus } from './read-prometheus.ts';
import {
  type SloRow,
  claimDueSlos,
  lockClaimed,
  pruneCounts,
  saveEvaluation,
  windowSums,
} from './repository.ts';
import { decodeRules } from './rules.ts';

/**
 * Once a minute every SLO is evaluated at the end of the last whole minute: its windows summed,
 * the burn-rate rules decided (burn.ts), alerts raised and resolved through the ingest pipeline,
 * and the budget left on the row for the API. Engines share the work by claiming SLOs (a lease;
 * a dead engine's claim is taken over when it runs out). A Prometheus SLI is read first, outside
 * any transaction; when it cannot be read the SLO is `unknown` and its burn is not recomputed
 * from missing minutes: alerts stay as they were, and after `unknown_alert_after_minutes` an
 * alert says the SLI is unreadable.
 */
export type SloDeps = Pick<
  EngineDeps,
  'db' | 'dialect' | 'clock' | 'outbound' | 'publicUrl' | 'engineId' | 'log' | 'metrics'
>;

const BATCH = 1000;
const CLAIM_MS = 2 * MINUTE;

/** Evaluates every SLO due now; how many. Tests and the benchmark call it directly. */
export async function evaluateDue(deps: SloDeps): Promise<number> {
  let done = 0;
  for (;;) {
    const now = deps.clock.now();
    const rows = await claimDueSlos(deps.db, deps.dialect, deps.engineId, now, now + CLAIM_MS, BATCH);
    if (rows.length === 0) return done;
    await evaluateClaimed(deps, rows, minuteOf(now));
    done += rows.length;
    if (rows.length < BATCH) return done;
  }
}

interface Outcome {
  row: SloRow;
  /** Null: the SLI could not be read (the reason). */
  unreadable: string | null;
}

/**
 * Pushed-count SLOs first, then those read from Prometheus once their reads are in: a slow
 * Prometheus never holds back the SLOs that do not depend on it.
 */
export async function evaluateClaimed(deps: SloDeps, rows: SloRow[], at: number): Promise<void> {
  const pushed = rows.filter((r) => r.sli_kind !== 'prometheus');
  const read = rows.filter((r) => r.sli_kind === 'prometheus');
  if (pushed.length > 0)
    await evaluateRead(
      deps,
      pushed.map((row) => ({ row, unreadable: null })),
      at,
    );
  if (read.length > 0) await evaluateRead(deps, await readAll(deps, read, at), at);
}

async function evaluateRead(deps: SloDeps, read: Outcome[], at: number): Promise<void> {
  const rows = read.map((o) => o.row);
  const sums = await windowSums(
    deps.db,
    rows.map((r) => r.id),
    at,
  );
  const services = new Map(
    (await findServicesByIds(deps.db, [...new Set(rows.map((r) => r.service_id))])).map((s) => [
      s.id,
      s.name,
    ]),
  );
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    // The rows again, locked, and only those still claimed by this engine: an SLO deleted, or
    // whose claim ran out and another engine took, since the claim raises nothing from here,
    // and what fires is decided from the firing rules as they are now.
    const fresh = new Map(
      (
        await lockClaimed(
          trx,
          rows.map((r) => r.id),
          deps.engineId,
        )
      ).map((r) => [r.id, r]),
    );
    const outcomes = read.flatMap((o) => {
      const row = fresh.get(o.row.id);
      return row === undefined ? [] : [{ row, unreadable: o.unreadable }];
    });
    const events: IngestEvent[] = [];
    /** Which SLO and rule each event is for, to note the alert id of the triggers. */
    const owners: { slo: string; rule: string }[] = [];
    const saves: { row: SloRow; firing: Firing; patch: Parameters<typeof saveEvaluation>[3] }[] = [];
    for (const { row, unreadable } of outcomes) {
      const c: SloAlertCtx = {
        slo: row,
        serviceName: services.get(row.service_id) ?? row.service_id,
        publicUrl: deps.publicUrl,
        now,
      };
      const firing = decodeFiring(row.firing);
      const push = (e: IngestEvent, rule: string) => {
        events.push(e);
        owners.push({ slo: row.id, rule });
      };
      if (unreadable !== null) {
        const since = row.unknown_since ?? now;
        if (firing[UNKNOWN_RULE] === undefined && now - since >= row.unknown_alert_after_minutes * MINUTE) {
          push(unknownEvent(c, unreadable, since), UNKNOWN_RULE);
          firing[UNKNOWN_RULE] = { since: now, alertId: null };
        }
        saves.push({
          row,
          firing,
          patch: { status: 'unknown', status_reason: unreadable, unknown_since: since },
        });
        continue;
      }
      if (firing[UNKNOWN_RULE] !== undefined) {
        push(resolveEvent(c, UNKNOWN_RULE, 'the SLI can be read again'), UNKNOWN_RULE);
        delete firing[UNKNOWN_RULE];
      }
      const s = sums.get(row.id) ?? {};
      const objective = Number(row.objective);
      const rates: BurnRates = {};
      for (const w of WINDOWS) rates[w] = burnRate(s[w] ?? { good: 0, total: 0 }, objective);
      const rules = decodeRules(row.alert_rules);
      // A rule removed by an edit resolves its open alert: nothing would otherwise.
      for (const name of Object.keys(firing)) {
        if (name !== UNKNOWN_RULE && !rules.some((r) => r.name === name)) {
          push(resolveEvent(c, name, 'the alert rule was removed'), name);
          delete firing[name];
        }
      }
      const window = s.slo ?? { good: 0, total: 0 };
      const budget = errorBudget(window, objective, row.window_days, rates['1h'] ?? null, now);
      const decision = decideAlerts(rules, rates, new Set(Object.keys(firing)));
      for (const r of decision.fire) {
        push(burnEvent(c, r, rates, budget.remaining), r.name);
        firing[r.name] = { since: now, alertId: null };
      }
      for (const r of decision.resolve) {
        push(resolveEvent(c, r.name, `burn over ${r.shortWindow} is below ${r.burnRate}x`), r.name);
        delete firing[r.name];
      }
      const evaluation: StoredEvaluation = {
        budget: {
          ...budget,
          good: window.good / 1000,
          total: window.total / 1000,
          excluded: (s.excluded?.total ?? 0) / 1000,
        },
        burn: rates,
      };
      const burning = rules.filter((r) => firing[r.name] !== undefined);
      const status = statusOf({ unknown: false, firing: burning.length, remaining: budget.remaining });
      const reason =
        status === 'burning'
          ? burning
              .map((r) => `${r.name} firing (${r.longWindow}/${r.shortWindow} over ${r.burnRate}x)`)
              .join('; ')
          : status === 'exhausted'
            ? 'the error budget is spent'
            : status === 'no_data'
              ? 'no events in the window'
              : null;
      saves.push({
        row,
        firing,
        patch: { status, status_reason: reason, unknown_since: null, evaluation: JSON.stringify(evaluation) },
      });
    }
    if (events.length > 0) {
      const results = await processBatch(trx, deps.dialect, events, now);
      results.forEach((r, i) => {
        const o = owners[i]!;
        const save = saves.find((s) => s.row.id === o.slo)!;
        const f = save.firing[o.rule];
        if (f !== undefined && events[i]!.action === 'trigger') f.alertId = r.alertId;
      });
    }
    for (const { row, firing, patch } of saves) {
      await saveEvaluation(trx, row.id, deps.engineId, {
        ...patch,
        firing: JSON.stringify(firing),
        evaluated_at: now,
        next_eval_at: at + MINUTE,
      });
    }
  });
}

/** Prometheus SLIs read (a few at a time), pushed ones need nothing. */
async function readAll(deps: SloDeps, rows: SloRow[], at: number): Promise<Outcome[]> {
  const out: Outcome[] = rows.map((row) => ({ row, unreadable: null }));
  const prom = out.filter((o) => o.row.sli_kind === 'prometheus');
  let next = 0;
  const lane = async () => {
    while (next < prom.length) {
      const o = prom[next++]!;
      o.unreadable = await readPrometheus(deps, o.row, at).catch((e: unknown) => {
        deps.log?.error({ err: e, slo: o.row.id }, 'reading an SLI from Prometheus failed');
        return 'internal error';
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, prom.length) }, lane));
  return out;
}

export interface SloWorker {
  pass(): Promise<number>;
  settle(): Promise<void>;
}

/** Looks for due SLOs every few seconds; evaluates them in the background so paging never waits. */
const LOOK_EVERY_MS = 5000;
const PRUNE_EVERY_MS = 10 * MINUTE;

export function createSloWorker(deps: SloDeps): SloWorker {
  let lastLook = Number.NEGATIVE_INFINITY;
  let lastPrune = Number.NEGATIVE_INFINITY;
  let running: Promise<void> | undefined;
  return {
    async pass() {
      const now = deps.clock.now();
      if (running !== undefined || (now - lastLook < LOOK_EVERY_MS && now >= lastLook)) return 0;
      lastLook = now;
      // The claim is taken here (one statement), the evaluation goes on in the background.
      const rows = await claimDueSlos(deps.db, deps.dialect, deps.engineId, now, now + CLAIM_MS, BATCH);
      const prune = now - lastPrune >= PRUNE_EVERY_MS || now < lastPrune;
      if (rows.length === 0 && !prune) return 0;
      if (prune) lastPrune = now;
      running = (async () => {
        const t0 = performance.now();
        let n = rows.length;
        if (n > 0) await evaluateClaimed(deps, rows, minuteOf(now));
        // A full batch: the rest at once, not in a minute.
        if (n === BATCH) n += await evaluateDue(deps);
        if (n > 0) deps.metrics?.sloPass?.(n, (performance.now() - t0) / 1000);
        if (prune) await pruneCounts(deps.db, now);
      })()
        .catch((err: unknown) =>
          deps.log?.error({ err }, 'SLO evaluation failed; its claims run out and are retried'),
        )
        .finally(() => {
          running = undefined;
        });
      return rows.length;
    },
    async settle() {
      await running;
    },
  };
}
