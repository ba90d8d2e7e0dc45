import type { Ctx } from '../platform/context.ts';
import { readingAs } from './repository.ts';
import { iso } from '../platform/http/schema.ts';
import { namesOf } from './repository.ts';
import { CLASSIFICATION } from './store/blocks.ts';
import { resolvedSince } from './store/repository.ts';
import { selectIncidents } from './store/selection.ts';
import type { AlertQualityAnswer, AlertQualityQuery } from './schemas.ts';
import { resolveScope } from './scope.ts';

export const FLAP_MINUTES = 30;
export const NOISIEST = 20;

const accuracy = (r: { actionable: number; classified: number }) =>
  r.classified === 0 ? null : Math.round((r.actionable / r.classified) * 10_000) / 10_000;

const quality = (r: Tally) => ({
  incidents: r.incidents,
  classified: r.classified,
  actionable: r.actionable,
  noise: r.noise,
  accuracy: accuracy(r),
});

/**
 * Alert quality: of the incidents responders classified when resolving, the share that was
 * actionable (accuracy), per service and per alert; the noisiest alerts (most pages, then the
 * lowest accuracy) first; and re-fires within `flap_minutes` of resolving (flapping).
 */
export function alertQuality({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: AlertQualityQuery;
}): Promise<AlertQualityAnswer> {
  return readingAs(ctx, (ctx) => alertQualityIn(ctx, input));
}

interface Tally {
  service: number;
  alertName: number;
  incidents: number;
  classified: number;
  actionable: number;
  noise: number;
  pages: number;
  flapping: number;
}

const tally = (service: number, alertName: number): Tally => ({
  service,
  alertName,
  incidents: 0,
  classified: 0,
  actionable: 0,
  noise: 0,
  pages: 0,
  flapping: 0,
});

async function alertQualityIn(ctx: Ctx, input: AlertQualityQuery): Promise<AlertQualityAnswer> {
  const scope = await resolveScope(ctx, input);
  const flapMinutes = input.flap_minutes ?? FLAP_MINUTES;
  const within = flapMinutes * 60_000;
  const sel = await selectIncidents(ctx.db, scope, ctx.clock.now());
  // When each alert group's last incident resolved (NaN: never, or not yet): those before the
  // period first. Dict ids are dense, so arrays indexed by them beat maps on a million rows.
  const predecessors = await resolvedSince(ctx.db, scope.from, scope.from - within);
  const groupOf = predecessors.map((p) => sel.dict.groups.id(`${p.service_id}\n${p.group_key}`));
  const resolvedAt = new Float64Array(sel.dict.groups.names.length).fill(NaN);
  predecessors.forEach((p, k) => (resolvedAt[groupOf[k]!] = p.resolved_at));
  const byService: (Tally | undefined)[] = [];
  // Alert names are many (a summary may name one alert only): a map, keyed by name and service.
  const byAlert = new Map<number, Tally>();
  const services = sel.dict.services.names.length;
  const count = (t: Tally, c: number, pages: number, flap: number) => {
    t.incidents++;
    if (c !== CLASSIFICATION.none) t.classified++;
    if (c === CLASSIFICATION.actionable) t.actionable++;
    if (c === CLASSIFICATION.noise) t.noise++;
    t.pages += pages;
    t.flapping += flap;
  };
  sel.eachOfServices((b, i, inScope) => {
    // The previous incident of an alert group is the previous one whatever its severity.
    const group = b.group[i]!;
    let flap = 0;
    if (group >= 0) {
      const created = b.created[i]!;
      const previous = resolvedAt[group]!;
      if (created >= previous && created - previous <= within) flap = 1;
      resolvedAt[group] = b.resolved[i]!;
    }
    if (!inScope) return;
    const service = b.service[i]!;
    const c = b.classification[i]!;
    const pages = b.pages[i]!;
    count((byService[service] ??= tally(service, -1)), c, pages, flap);
    const alertName = b.alertName[i]!;
    if (alertName >= 0) {
      const key = alertName * services + service;
      let a = byAlert.get(key);
      if (a === undefined) byAlert.set(key, (a = tally(service, alertName)));
      count(a, c, pages, flap);
    }
  });
  const perService = byService.filter((t) => t !== undefined);
  const serviceId = (t: Tally) => sel.dict.services.names[t.service]!;
  const names = await namesOf(ctx.db, 'services', perService.map(serviceId));
  const sum = (k: 'incidents' | 'classified' | 'actionable' | 'noise' | 'pages' | 'flapping') =>
    perService.reduce((n, r) => n + r[k], 0);
  const overall = {
    incidents: sum('incidents'),
    classified: sum('classified'),
    actionable: sum('actionable'),
    noise: sum('noise'),
    pages: sum('pages'),
  };
  const alerts = [...byAlert.values()]
    .map((r) => ({
      alert_name: sel.dict.alertNames.names[r.alertName]!,
      service_id: serviceId(r),
      service: names.get(serviceId(r)) ?? serviceId(r),
      ...quality(r),
      pages: r.pages,
      flapping: r.flapping,
    }))
    .sort(
      (a, b) =>
        b.pages - a.pages ||
        (a.accuracy ?? 2) - (b.accuracy ?? 2) ||
        b.incidents - a.incidents ||
        a.alert_name.localeCompare(b.alert_name) ||
        a.service.localeCompare(b.service),
    )
    .slice(0, input.limit ?? NOISIEST);
  return {
    period: { from: iso(scope.from), to: iso(scope.to) },
    flap_minutes: flapMinutes,
    overall: { ...overall, accuracy: accuracy(overall), flapping: sum('flapping') },
    services: perService
      .map((r) => ({
        service_id: serviceId(r),
        name: names.get(serviceId(r)) ?? serviceId(r),
        ...quality(r),
        flapping: r.flapping,
      }))
      .sort((a, b) => b.incidents - a.incidents || a.name.localeCompare(b.name)),
    alerts,
  };
}
