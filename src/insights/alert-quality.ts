import type { Ctx } from '../platform/context.ts';
import { readingAs } from './repository.ts';
import { iso } from '../platform/http/schema.ts';
import { namesOf } from './repository.ts';
import { flapsBy, qualityBy, type QualityRow } from './repository-quality.ts';
import type { AlertQualityAnswer, AlertQualityQuery } from './schemas.ts';
import { resolveScope } from './scope.ts';

export const FLAP_MINUTES = 30;
export const NOISIEST = 20;

const accuracy = (r: { actionable: number; classified: number }) =>
  r.classified === 0 ? null : Math.round((r.actionable / r.classified) * 10_000) / 10_000;

const quality = (r: QualityRow) => ({
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

async function alertQualityIn(ctx: Ctx, input: AlertQualityQuery): Promise<AlertQualityAnswer> {
  const scope = await resolveScope(ctx, input);
  const flapMinutes = input.flap_minutes ?? FLAP_MINUTES;
  const perService = await qualityBy(ctx.db, scope, false);
  const perAlert = await qualityBy(ctx.db, scope, true);
  const flaps = await flapsBy(ctx.db, scope, flapMinutes * 60_000);
  const names = await namesOf(ctx.db, 'services', [...new Set(perService.map((r) => r.service_id))]);
  const flapsOfService = new Map<string, number>();
  const flapsOfAlert = new Map<string, number>();
  for (const f of flaps) {
    flapsOfService.set(f.service_id, (flapsOfService.get(f.service_id) ?? 0) + f.n);
    if (f.alert_name !== null) flapsOfAlert.set(`${f.service_id}\n${f.alert_name}`, f.n);
  }
  const sum = (k: 'incidents' | 'classified' | 'actionable' | 'noise' | 'pages') =>
    perService.reduce((n, r) => n + r[k], 0);
  const overall = {
    incidents: sum('incidents'),
    classified: sum('classified'),
    actionable: sum('actionable'),
    noise: sum('noise'),
    pages: sum('pages'),
  };
  const alerts = perAlert
    .map((r) => ({
      alert_name: r.alert_name ?? '',
      service_id: r.service_id,
      service: names.get(r.service_id) ?? r.service_id,
      ...quality(r),
      pages: r.pages,
      flapping: flapsOfAlert.get(`${r.service_id}\n${r.alert_name}`) ?? 0,
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
    overall: { ...overall, accuracy: accuracy(overall), flapping: flaps.reduce((n, f) => n + f.n, 0) },
    services: perService
      .map((r) => ({
        service_id: r.service_id,
        name: names.get(r.service_id) ?? r.service_id,
        ...quality(r),
        flapping: flapsOfService.get(r.service_id) ?? 0,
      }))
      .sort((a, b) => b.incidents - a.incidents || a.name.localeCompare(b.name)),
    alerts,
  };
}
