import type { Queryable } from '../platform/db/connect.ts';
import { sloPageUrl } from '../platform/http/page-urls.ts';
import { iso } from '../platform/http/schema.ts';
import { WINDOWS, type Window } from './burn.ts';
import { findServicesByIds } from '../services/repository.ts';
import type { SloRow } from './repository.ts';
import { decodeRules } from './rules.ts';
import type { SloView } from './schemas.ts';

/** What an evaluation leaves on the row (`slos.evaluation`), in events (not thousandths). */
export interface StoredEvaluation {
  budget: {
    remaining: number | null;
    remainingMinutes: number | null;
    allowedMinutes: number;
    good: number;
    total: number;
    excluded: number;
    errorRatio: number | null;
    exhaustedAt: number | null;
  };
  burn: Partial<Record<Window, number | null>>;
}

export type Firing = Record<string, { since: number; alertId: string | null }>;

export function decodeFiring(json: string): Firing {
  return JSON.parse(json) as Firing;
}

export interface PresentOptions {
  publicUrl: string;
}

export async function presentSlos(db: Queryable, rows: SloRow[], opts: PresentOptions): Promise<SloView[]> {
  const names = new Map(
    (await findServicesByIds(db, [...new Set(rows.map((r) => r.service_id))])).map((s) => [s.id, s.name]),
  );
  return rows.map((r) => presentRow(r, names.get(r.service_id) ?? '', opts));
}

export async function presentSlo(db: Queryable, row: SloRow, opts: PresentOptions): Promise<SloView> {
  return (await presentSlos(db, [row], opts))[0]!;
}

const round = (n: number | null, digits = 6) => (n === null ? null : Number(n.toPrecision(digits)));

export function presentRow(r: SloRow, serviceName: string, opts: PresentOptions): SloView {
  const objective = Number(r.objective);
  const ev = r.evaluation === null ? null : (JSON.parse(r.evaluation) as StoredEvaluation);
  const allowed = r.window_days * 1440 * (1 - objective);
  const burn: Record<string, number | null> = {};
  for (const w of WINDOWS) burn[w] = round(ev?.burn[w] ?? null);
  const firing = decodeFiring(r.firing);
  return {
    id: r.id,
    service_id: r.service_id,
    service_name: serviceName,
    name: r.name,
    description: r.description,
    objective,
    window_days: r.window_days,
    sli:
      r.sli_kind === 'events'
        ? { kind: 'events' }
        : {
            kind: 'prometheus',
            prometheus_url: r.prometheus_url ?? '',
            good_query: r.good_query,
            error_query: r.error_query,
            total_query: r.total_query ?? '',
          },
    alerts: decodeRules(r.alert_rules).map((a) => ({
      name: a.name,
      long_window: a.longWindow,
      short_window: a.shortWindow,
      burn_rate: a.burnRate,
      severity: a.severity,
    })),
    exclude_maintenance: r.exclude_maintenance === 1,
    unknown_alert_after_minutes: r.unknown_alert_after_minutes,
    status: r.status,
    status_reason: r.status_reason,
    budget: {
      remaining: round(ev?.budget.remaining ?? null),
      remaining_minutes: round(ev?.budget.remainingMinutes ?? null),
      allowed_minutes: round(allowed)!,
      good: ev?.budget.good ?? 0,
      total: ev?.budget.total ?? 0,
      excluded: ev?.budget.excluded ?? 0,
      error_ratio: round(ev?.budget.errorRatio ?? null),
      forecast_exhausted_at: iso(ev?.budget.exhaustedAt ?? null),
    },
    burn_rates: burn,
    firing: Object.entries(firing).map(([alert, f]) => ({ alert, since: iso(f.since), alert_id: f.alertId })),
    evaluated_at: iso(r.evaluated_at),
    url: sloPageUrl(opts.publicUrl, r.id),
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
  };
}
