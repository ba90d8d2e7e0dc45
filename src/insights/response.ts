import type { Ctx } from '../platform/context.ts';
import { iso } from '../platform/http/schema.ts';
import type { Summary } from '../platform/stats.ts';
import { SEVERITY_NAMES } from '../incidents/schemas.ts';
import { type GroupBy, namesOf, readingAs } from './repository.ts';
import type {
  FrequencyAnswer,
  FrequencyQuery,
  MetricsView,
  ResponseAnswer,
  ResponseQuery,
  SummaryView,
} from './schemas.ts';
import { type Scope, WEEK, resolveScope, weekStart } from './scope.ts';
import type { Block } from './store/blocks.ts';
import { Durations, type Selection, selectIncidents } from './store/selection.ts';
import { MONDAY } from './weeks.ts';

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms) / 1000);

function view(s: Summary): SummaryView {
  return { count: s.count, mean: seconds(s.mean), median: seconds(s.median), p90: seconds(s.p90) };
}

/** The durations SPEC §6 averages, from an incident's times (ms); NaN when there is none. */
const DURATIONS = {
  // The source's clock may run ahead of ours: a negative detection time counts as none.
  mttd: (b: Block, i: number) => Math.max(0, b.created[i]! - b.sourceStarted[i]!),
  mtta: (b: Block, i: number) => b.acknowledged[i]! - b.created[i]!,
  // Resolved without a separate mitigation: impact ended when it resolved.
  mttm: (b: Block, i: number) =>
    (Number.isNaN(b.mitigated[i]!) ? b.resolved[i]! : b.mitigated[i]!) - b.created[i]!,
  mttr: (b: Block, i: number) => b.resolved[i]! - b.created[i]!,
} as const;
export type DurationName = keyof typeof DURATIONS;
export const DURATION_NAMES = Object.keys(DURATIONS) as DurationName[];

class ResponseGroup {
  incidents = 0;
  readonly mttd = new Durations();
  readonly mtta = new Durations();
  readonly mttm = new Durations();
  readonly mttr = new Durations();

  add(b: Block, i: number): void {
    this.incidents++;
    // Math.max(0, NaN) is NaN: no source start, no detection time.
    this.mttd.add(DURATIONS.mttd(b, i));
    this.mtta.add(DURATIONS.mtta(b, i));
    this.mttm.add(DURATIONS.mttm(b, i));
    this.mttr.add(DURATIONS.mttr(b, i));
  }

  metrics(): MetricsView {
    return {
      incidents: this.incidents,
      mttd: view(this.mttd.summary()),
      mtta: view(this.mtta.summary()),
      mttm: view(this.mttm.summary()),
      mttr: view(this.mttr.summary()),
    };
  }
}

/**
 * MTTD/A/M/R of the selection, and per group (most incidents first, then by key), in one pass.
 * Groups are indexed by Dict ids (dense), not looked up by name, for a million rows.
 */
function responseFigures(sel: Selection, groupBy: GroupBy) {
  const overall = new ResponseGroup();
  const groups: (ResponseGroup | undefined)[] = [];
  let keys: string[] = [];
  if (groupBy === 'none') {
    sel.each((b, i) => overall.add(b, i));
  } else if (groupBy === 'team') {
    // Services to the index of their team ('' without one) in `keys`.
    const teamIndex = new Map<string, number>();
    const ofService = sel.dict.services.names.map((_, s) => {
      const team = sel.teamOf(s) ?? '';
      let k = teamIndex.get(team);
      if (k === undefined) teamIndex.set(team, (k = teamIndex.size));
      return k;
    });
    keys = [...teamIndex.keys()];
    sel.each((b, i) => {
      overall.add(b, i);
      (groups[ofService[b.service[i]!]!] ??= new ResponseGroup()).add(b, i);
    });
  } else {
    const column = groupBy === 'service' ? 'service' : 'severity';
    keys = groupBy === 'service' ? sel.dict.services.names : sel.dict.severities.names;
    sel.each((b, i) => {
      overall.add(b, i);
      (groups[b[column][i]!] ??= new ResponseGroup()).add(b, i);
    });
  }
  const rows = groups.flatMap((g, k) => (g === undefined ? [] : [{ key: keys[k]!, group: g }]));
  rows.sort((a, b) => b.group.incidents - a.group.incidents || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    overall: overall.metrics(),
    groups: rows.map((r) => ({ key: r.key, metrics: r.group.metrics() })),
  };
}

async function figures(ctx: Ctx, scope: Scope, groupBy: GroupBy) {
  return responseFigures(await selectIncidents(ctx.db, scope, ctx.clock.now()), groupBy);
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
  const groupBy: GroupBy = input.group_by ?? 'none';
  const { overall: metrics, groups: rows } = await figures(ctx, scope, groupBy);
  const before = (await figures(ctx, previousScope, 'none')).overall;
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
    groups: rows.map((r) => ({ key: r.key, name: names.get(r.key) ?? r.key, ...r.metrics })),
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
  const sel = await selectIncidents(ctx.db, scope, ctx.clock.now());
  const weeks = new Map<number, FrequencyAnswer['weeks'][number]>();
  for (let w = weekStart(scope.from); w < scope.to; w += WEEK) {
    weeks.set(w, { week_start: iso(w), total: 0, SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 0 });
  }
  const severities = sel.dict.severities.names.map((name) =>
    (SEVERITY_NAMES as readonly string[]).includes(name) ? (name as (typeof SEVERITY_NAMES)[number]) : null,
  );
  const services = new Map<number, { n: number; first: number; last: number }>();
  sel.each((b, i) => {
    const created = b.created[i]!;
    const week = weeks.get(Math.floor((created - MONDAY) / WEEK) * WEEK + MONDAY);
    const severity = severities[b.severity[i]!];
    if (week !== undefined && severity !== null && severity !== undefined) {
      week[severity]++;
      week.total++;
    }
    const s = services.get(b.service[i]!);
    if (s === undefined) services.set(b.service[i]!, { n: 1, first: created, last: created });
    else {
      s.n++;
      s.last = created;
    }
  });
  const ids = [...services.keys()].map((k) => sel.dict.services.names[k]!);
  const names = await namesOf(ctx.db, 'services', ids);
  return {
    period: { from: iso(scope.from), to: iso(scope.to) },
    weeks: [...weeks.values()],
    services: [...services]
      .map(([k, s]) => {
        const id = sel.dict.services.names[k]!;
        return {
          service_id: id,
          name: names.get(id) ?? id,
          incidents: s.n,
          mtbf_seconds: s.n < 2 ? null : Math.round((s.last - s.first) / (s.n - 1)) / 1000,
        };
      })
      .sort((a, b) => b.incidents - a.incidents || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}
