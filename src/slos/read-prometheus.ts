import { HOUR, MINUTE } from './burn.ts';
import type { SloDeps } from './evaluate.ts';
import { exclude } from './events.ts';
import { readRange } from './prometheus.ts';
import { type Bucket, type SloRow, putMinuteOnce, saveFetchedUntil } from './repository.ts';

/**
 * Reads a Prometheus SLI's minutes since the last one read, up to `at`: each query once, as a
 * range query with one point at each minute's end (each point is the events of the minute
 * before). Minutes missed while Prometheus was down are read back when it answers again, up to
 * an hour; Prometheus keeps the series, so the budget does not forget an outage that also took
 * the monitoring down. Answers null when all were read, or why not (then the SLO is `unknown`).
 */
const BACKFILL = HOUR;

export async function readPrometheus(deps: SloDeps, row: SloRow, at: number): Promise<string | null> {
  const url = row.prometheus_url!;
  const first = Math.max(row.fetched_until ?? at - MINUTE, at - BACKFILL) + MINUTE;
  if (first > at) return null;
  const totals = await readRange(url, row.total_query!, first, at, deps.outbound);
  if (!totals.ok) return `prometheus: total_query: ${totals.error}`;
  const field = row.good_query !== null ? 'good_query' : 'error_query';
  const others = await readRange(url, (row.good_query ?? row.error_query)!, first, at, deps.outbound);
  if (!others.ok) return `prometheus: ${field}: ${others.error}`;
  const read: Bucket[] = [];
  for (let end = first; end <= at; end += MINUTE) {
    const t = totals.values.get(end) ?? 0;
    const o = others.values.get(end) ?? 0;
    // A good count above the total (scrapes landing between the two queries) is capped, not refused.
    const good = row.good_query !== null ? Math.min(o, t) : Math.max(0, t - o);
    read.push({ at: end - MINUTE, good: Math.round(good * 1000), total: Math.round(t * 1000), excluded: 0 });
  }
  if (row.exclude_maintenance === 1) await exclude(deps.db, [{ serviceId: row.service_id, buckets: read }]);
  await deps.db.transaction().execute(async (trx) => {
    for (const b of read) await putMinuteOnce(trx, row.id, b);
    await saveFetchedUntil(trx, row.id, deps.engineId, at);
  });
  return null;
}
