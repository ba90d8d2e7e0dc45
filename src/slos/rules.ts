import type { Ctx } from '../platform/context.ts';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors.ts';
import { checkOutboundUrl, OutboundRefusedError } from '../platform/outbound/guard.ts';
import { requireServiceAccess } from '../teams/access.ts';
import { type AlertRule, DEFAULT_ALERT_RULES, SLO_WINDOW_DAYS, WINDOW_MS } from './burn.ts';
import { readQuery } from './prometheus.ts';
import { type SloRow, findSlo, findSloByName } from './repository.ts';
import type { CreateSloInputValue, SliInputValue } from './schemas.ts';

/**
 * What a saved SLO must be, each failure a 400 naming its field. Writing needs the responder
 * role in the team owning the service (admins anywhere); reading is open to everyone signed in.
 */

export async function loadSlo(ctx: Ctx, id: string): Promise<SloRow> {
  const row = await findSlo(ctx.db, id);
  if (row === undefined) throw NotFoundError.of('SLO', id);
  return row;
}

export async function requireSloWriter(ctx: Ctx, serviceId: string): Promise<void> {
  await requireServiceAccess(ctx, [serviceId]);
}

export function checkedWindowDays(days: number): number {
  if (!(SLO_WINDOW_DAYS as readonly number[]).includes(days)) {
    throw new ValidationError(
      `body.window_days: must be one of ${SLO_WINDOW_DAYS.join(', ')} (days, rolling)`,
    );
  }
  return days;
}

export function checkedObjective(objective: number): string {
  // Rounded first (binary noise such as 0.9990000000000001), then checked: 0.99999999999995
  // rounds to 1, which leaves no budget at all.
  const rounded = Number(objective.toPrecision(10));
  if (!(rounded > 0 && rounded < 1)) {
    throw new ValidationError('body.objective: must be between 0 and 1 (exclusive), e.g. 0.999');
  }
  return String(rounded);
}

export function checkedRules(input: CreateSloInputValue['alerts']): AlertRule[] {
  if (input === undefined) return DEFAULT_ALERT_RULES.map((r) => ({ ...r }));
  const names = new Set<string>();
  return input.map((r, i) => {
    const at = `body.alerts.${i}`;
    if (names.has(r.name)) throw new ValidationError(`${at}.name: ${JSON.stringify(r.name)} is used twice`);
    // The alert for an unreadable SLI has that name (its dedup key ends in it).
    if (r.name === 'unknown') throw new ValidationError(`${at}.name: "unknown" is reserved`);
    names.add(r.name);
    if (WINDOW_MS[r.short_window] >= WINDOW_MS[r.long_window]) {
      throw new ValidationError(`${at}.short_window: must be shorter than long_window (${r.long_window})`);
    }
    return {
      name: r.name,
      longWindow: r.long_window,
      shortWindow: r.short_window,
      burnRate: r.burn_rate,
      severity: r.severity,
    };
  });
}

export interface CheckedSli {
  sli_kind: 'events' | 'prometheus';
  prometheus_url: string | null;
  good_query: string | null;
  error_query: string | null;
  total_query: string | null;
}

/**
 * The SLI; for Prometheus, each query is run once against the server, so a query it refuses
 * is refused here with its own words, not found out at the first evaluation.
 */
export async function checkedSli(ctx: Ctx, sli: SliInputValue): Promise<CheckedSli> {
  if (sli.kind === 'events') {
    for (const f of ['prometheus_url', 'good_query', 'error_query', 'total_query'] as const) {
      if (sli[f] !== undefined && sli[f] !== null) {
        throw new ValidationError(`body.sli.${f}: only for an SLI of kind prometheus`);
      }
    }
    return {
      sli_kind: 'events',
      prometheus_url: null,
      good_query: null,
      error_query: null,
      total_query: null,
    };
  }
  const url = sli.prometheus_url?.trim() ?? '';
  if (url === '')
    throw new ValidationError('body.sli.prometheus_url: required for an SLI of kind prometheus');
  try {
    checkOutboundUrl(url, ctx.outbound);
  } catch (e) {
    if (e instanceof OutboundRefusedError) {
      throw new ValidationError(
        `body.sli.prometheus_url: ${e.refused === 'address' ? 'blocked: ' : ''}${e.message}`,
      );
    }
    throw e;
  }
  const good = sli.good_query ?? null;
  const error = sli.error_query ?? null;
  if ((good === null) === (error === null)) {
    throw new ValidationError('body.sli.good_query: give exactly one of good_query and error_query');
  }
  const total = sli.total_query;
  if (total === undefined)
    throw new ValidationError('body.sli.total_query: required for an SLI of kind prometheus');
  const queries: [string, string][] = [
    [good === null ? 'error_query' : 'good_query', (good ?? error)!],
    ['total_query', total],
  ];
  const now = ctx.clock.now();
  for (const [field, q] of queries) {
    const r = await readQuery(url, q, now, ctx.outbound);
    if (r.ok) continue;
    if (r.kind === 'refused') throw new ValidationError(`body.sli.${field}: Prometheus says: ${r.error}`);
    throw new ValidationError(`body.sli.prometheus_url: could not query Prometheus: ${r.error}`);
  }
  return {
    sli_kind: 'prometheus',
    prometheus_url: url,
    good_query: good,
    error_query: error,
    total_query: total,
  };
}

export function checkedName(name: string): string {
  const n = name.trim();
  if (n === '') throw new ValidationError('body.name: must not be blank');
  return n;
}

export function duplicateName(name: string): ConflictError {
  return new ConflictError(`the service already has an SLO named ${JSON.stringify(name)}`, {
    field: 'body.name',
  });
}

export async function assertNameFree(
  ctx: Ctx,
  serviceId: string,
  name: string,
  ownId?: string,
): Promise<void> {
  const other = await findSloByName(ctx.db, serviceId, name);
  if (other !== undefined && other.id !== ownId) throw duplicateName(name);
}

export function decodeRules(json: string): AlertRule[] {
  return JSON.parse(json) as AlertRule[];
}
