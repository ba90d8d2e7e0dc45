import { MINUTE, HOUR } from './burn.ts';
import { exclude } from './events.ts';
import { readQuery } from './prometheus.ts';
import { type Bucket, type SloRow, putMinuteOnce, saveFetchedUntil } from './repository.ts';
import type { SloDeps } from './evaluate.ts';

/**
 * Reads a Prometheus SLI's minutes since the last one read, up to `at`: for each minute the two
 * queries at its end (each gives the events of the minute before). Minutes missed while
 * Prometheus was down are read back when it answers again, up to an hour; Prometheus keeps the
 * series, so the budget does not forget an outage that also took the monitoring down. Answers
 * null when all were read, or why not (then the SLO is `unknown`).
 */
const BACKFILL = HOUR;

export async function readPrometheus(deps: SloDeps, row: SloRow, at: number): Promise<string | null> {
  const url = row.prometheus_url!;
  const start = Math.max(row.fetched_until ?? at - MINUTE, at - BACKFILL);
  const read: Bucket[] = [];
  let failure: string | null = null;
  for (let end = start + MINUTE; end <= at; end += MINUTE) {
    const total = await readQuery(url, row.total_query!, end, deps.outbound);
    if (!total.ok) {
      failure = `total_query: ${total.error}`;
      break;
    }
    const other = await readQuery(url, (row.good_query ?? row.error_query)!, end, deps.outbound);
    if (!other.ok) {
      failure = `${row.good_query !== null ? 'good_query' : 'error_query'}: ${other.error}`;
      break;
    }
    const t = total.value;
    // A good count above the total (scrapes landing between the two queries) is capped, not refused.
    const good = row.good_query !== null ? Math.min(other.value, t) : Math.max(0, t - other.value);
    read.push({ at: end - MINUTE, good: Math.round(good * 1000), total: Math.round(t * 1000), excluded: 0 });
  }
  if (read.length > 0) {
    if (row.exclude_maintenance === 1) await exclude(deps.db, [{ serviceId: row.service_id, buckets: read }]);
    const until = read[read.length - 1]!.at + MINUTE;
    await deps.db.transaction().execute(async (trx) => {
      for (const b of read) await putMinuteOnce(trx, row.id, b);
      await saveFetchedUntil(trx, row.id, deps.engineId, until);
    });
  }
  return failure === null ? null : `prometheus: ${failure}`;
}
