import type { Ctx } from '../platform/context.ts';
import { readingAs } from './repository.ts';
import { iso } from '../platform/http/schema.ts';
import { SEVERITY_NAMES } from '../incidents/schemas.ts';
import {
  DURATION_NAMES,
  type GroupBy,
  incidentsByService,
  incidentsByWeek,
  namesOf,
  readSummary,
  responseFigures,
  type SummaryRow,
} from './repository.ts';
import type {
  FrequencyAnswer,
  FrequencyQuery,
  MetricsView,
  ResponseAnswer,
  ResponseQuery,
  SummaryView,
} from './schemas.ts';
import { WEEK, resolveScope, weekStart } from './scope.ts';

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms) / 1000);

function summaryOf(row: SummaryRow | undefined, name: string): SummaryView {
  if (row === undefined) return { count: 0, mean: null, median: null, p90: null };
  const s = readSummary(row, name);
  return { count: s.count, mean: seconds(s.mean), median: seconds(s.p50), p90: seconds(s.p90) };
}

function metricsOf(row: (SummaryRow & { incidents: number }) | undefined): MetricsView {
  return {
    incidents: row?.incidents ?? 0,
    mttd: summaryOf(row, 'mttd'),
    mtta: summaryOf(row, 'mtta'),
    mttm: summaryOf(row, 'mttm'),
    mttr: summaryOf(row, 'mttr'),
  };
}

const diff = (a: number | null, b: number | null) =>
  a === null || b === null ? null : Math.round((a - b) * 1000) / 1000;

/**
 * MTTD, MTTA, MTTM and MTTR (SPEC §6) over the period, against the period of the same length
 * before it, and per service, team or severity when asked. Incidents merged into another count
 * once, as the one they were merged into.
 */
export function responseInsights({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: ResponseQuery;
}): Promise<ResponseAnswer> {
  return readingAs(ctx, (ctx) => responseInsightsIn(ctx, input));
}

async function responseInsightsIn(ctx: Ctx, input: ResponseQuery): Promise<ResponseAnswer> {
  const scope = await resolveScope(ctx, input);
  const length = scope.to - scope.from;
  const previousScope = { ...scope, from: scope.from - length, to: scope.from };
  const [current] = await responseFigures(ctx.db, ctx.dialect, scope, 'none');
  const [previous] = await responseFigures(ctx.db, ctx.dialect, previousScope, 'none');
  const metrics = metricsOf(current);
  const before = metricsOf(previous);
  const groupBy: GroupBy = input.group_by ?? 'none';
  const rows = groupBy === 'none' ? [] : await responseFigures(ctx.db, ctx.dialect, scope, groupBy);
  const names =
    groupBy === 'service' || groupBy === 'team'
      ? await namesOf(
          ctx.db,
          groupBy === 'service' ? 'services' : 'teams',
          rows.map((r) => r.key),
        )
      : new Map<string, string>();
  return {
    period: { from: iso(scope.from), to: iso(scope.to) },
    previous_period: { from: iso(previousScope.from), to: iso(previousScope.to) },
    metrics,
    previous: before,
    trend: {
      incidents: metrics.incidents - before.incidents,
      ...(Object.fromEntries(DURATION_NAMES.map((d) => [d, diff(metrics[d].mean, before[d].mean)])) as Record<
        (typeof DURATION_NAMES)[number],
        number | null
      >),
    },
    groups: rows.map((r) => ({ key: r.key, name: names.get(r.key) ?? r.key, ...metricsOf(r) })),
  };
}

/**
 * How often: incidents per week (ISO weeks, Monday 00:00 UTC) by severity, and per service with
 * the mean time between their starts (MTBF: the span from the first to the last start over the
 * gaps between them).
 */
export function frequencyInsights({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: FrequencyQuery;
}): Promise<FrequencyAnswer> {
  return readingAs(ctx, (ctx) => frequencyInsightsIn(ctx, input));
}

async function frequencyInsightsIn(ctx: Ctx, input: FrequencyQuery): Promise<FrequencyAnswer> {
  const scope = await resolveScope(ctx, input);
  const byWeek = await incidentsByWeek(ctx.db, scope);
  const weeks = new Map<number, FrequencyAnswer['weeks'][number]>();
  for (let w = weekStart(scope.from); w < scope.to; w += WEEK) {
    weeks.set(w, { week_start: iso(w), total: 0, SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 0 });
  }
  for (const r of byWeek) {
    const week = weeks.get(r.week);
    if (week === undefined || !(SEVERITY_NAMES as readonly string[]).includes(r.severity)) continue;
    week[r.severity as (typeof SEVERITY_NAMES)[number]] += r.n;
    week.total += r.n;
  }
  const services = await incidentsByService(ctx.db, scope);
  return {
    period: { from: iso(scope.from), to: iso(scope.to) },
    weeks: [...weeks.values()],
    services: services.map((s) => ({
      service_id: s.service_id,
      name: s.name,
      incidents: s.n,
      mtbf_seconds: s.n < 2 ? null : Math.round((s.last - s.first) / (s.n - 1)) / 1000,
    })),
  };
}
