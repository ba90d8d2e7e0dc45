import type { Queryable } from '../platform/db/connect.ts';
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import { sloPageUrl } from '../platform/http/page-urls.ts';
import { findServicesByIds } from '../services/repository.ts';
import { type RuleSlo, prometheusRules } from './export-rules.ts';
import type { PresentOptions } from './presenter.ts';
import { type SloRow, findSlo, listPrometheusSlos } from './repository.ts';
import { decodeRules } from './rules.ts';

/** SLO rows to the rule export's input (export-rules.ts builds the YAML). */
async function toRuleSlos(db: Queryable, rows: SloRow[], opts: PresentOptions): Promise<RuleSlo[]> {
  const names = new Map(
    (await findServicesByIds(db, [...new Set(rows.map((r) => r.service_id))])).map((s) => [s.id, s.name]),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    serviceName: names.get(r.service_id) ?? r.service_id,
    objective: Number(r.objective),
    windowDays: r.window_days,
    goodQuery: r.good_query,
    errorQuery: r.error_query,
    totalQuery: r.total_query!,
    alerts: decodeRules(r.alert_rules),
    url: sloPageUrl(opts.publicUrl, r.id),
  }));
}

export async function rulesOfSlo(db: Queryable, id: string, opts: PresentOptions): Promise<string> {
  const row = await findSlo(db, id);
  if (row === undefined) throw NotFoundError.of('SLO', id);
  if (row.sli_kind !== 'prometheus') {
    throw new ConflictError(
      `SLO ${JSON.stringify(row.name)} counts pushed events: it has no PromQL to export as rules`,
    );
  }
  return prometheusRules(await toRuleSlos(db, [row], opts));
}

export async function rulesOfSlos(
  db: Queryable,
  serviceId: string | undefined,
  opts: PresentOptions,
): Promise<string> {
  return prometheusRules(await toRuleSlos(db, await listPrometheusSlos(db, serviceId), opts));
}
