import type { Queryable } from '../platform/db/connect.ts';
import { decodeRules } from '../slos/rules.ts';
import { type NBudgetPolicy, type NSlo, normalSli, sloKey } from './normal-slos.ts';
import { type SloRows, readSloRows } from './repository.ts';
import type { Current } from './state.ts';

/**
 * The SLOs and stored budget policies in the database, in the normal form of normal-slos.ts:
 * SLOs by `Service / SLO`, policies by service name. A service without a stored policy has none
 * here (it has the default one).
 */

export interface CurrentSlo extends Current<NSlo> {
  serviceId: string;
}

export interface SloState {
  slos: Map<string, CurrentSlo>;
  /** Keyed by service name; `id` is the service's id (a policy is the service's). */
  budget_policies: Map<string, Current<NBudgetPolicy>>;
}

export async function readSloState(db: Queryable, serviceName: (id: string) => string): Promise<SloState> {
  return sloStateOf(await readSloRows(db), serviceName);
}

export function sloStateOf(rows: SloRows, serviceName: (id: string) => string): SloState {
  const slos = new Map<string, CurrentSlo>();
  for (const r of rows.slos) {
    const service = serviceName(r.service_id);
    const key = sloKey(service, r.name);
    slos.set(key, {
      id: r.id,
      serviceId: r.service_id,
      n: {
        name: key,
        service,
        slo: r.name,
        description: r.description,
        objective: Number(r.objective),
        window_days: r.window_days,
        sli: normalSli({
          kind: r.sli_kind,
          prometheus_url: r.prometheus_url,
          good_query: r.good_query,
          error_query: r.error_query,
          total_query: r.total_query,
        }),
        alerts: decodeRules(r.alert_rules).map((a) => ({
          name: a.name,
          long_window: a.longWindow,
          short_window: a.shortWindow,
          burn_rate: a.burnRate,
          severity: a.severity,
        })),
        exclude_maintenance: r.exclude_maintenance === 1,
        unknown_alert_after_minutes: r.unknown_alert_after_minutes,
      },
    });
  }
  const budget_policies = new Map<string, Current<NBudgetPolicy>>();
  for (const p of rows.policies) {
    const service = serviceName(p.service_id);
    budget_policies.set(service, {
      id: p.service_id,
      n: {
        name: service,
        block_releases: p.block_releases === 1,
        min_budget_remaining: Number(p.min_budget_remaining),
        block_when_unknown: p.block_when_unknown === 1,
      },
    });
  }
  return { slos, budget_policies };
}
