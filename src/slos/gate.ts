import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { Queryable } from '../platform/db/connect.ts';
import type { Row } from '../platform/db/tables.ts';
import { NotFoundError, ValidationError } from '../platform/errors.ts';
import { iso } from '../platform/http/schema.ts';
import { findServiceById } from '../services/repository.ts';
import { requireTeamManager } from '../teams/access.ts';
import { actorRef } from '../timeline/repository.ts';
import type { StoredEvaluation } from './presenter.ts';
import { findPolicy, putPolicy, slosOfService } from './repository.ts';
import type { BudgetPolicyInputValue, BudgetPolicyView, ReleaseGateView } from './schemas.ts';

/**
 * A service's error-budget policy and the release gate CI/CD asks before deploying
 * (`GET /services/:id/release-gate`): releases stop while any SLO of the service has less budget
 * left than the policy's minimum (none by default: spent), unless someone with the say over the
 * service's team overrode the gate until a time, with a reason (the SRE workbook's policy allows
 * fixes for the very problem). Without a policy row the defaults apply: block when spent.
 */
const DEFAULTS = { block_releases: 1, min_budget_remaining: '0', block_when_unknown: 0 } as const;

function presentPolicy(p: Row<'slo_policies'> | undefined): BudgetPolicyView {
  return {
    block_releases: (p?.block_releases ?? DEFAULTS.block_releases) === 1,
    min_budget_remaining: Number(p?.min_budget_remaining ?? DEFAULTS.min_budget_remaining),
    block_when_unknown: (p?.block_when_unknown ?? DEFAULTS.block_when_unknown) === 1,
    override_until: iso(p?.override_until ?? null),
    override_reason: p?.override_reason ?? null,
    updated_at: iso(p?.updated_at ?? null),
  };
}

async function service(db: Queryable, id: string) {
  const s = await findServiceById(db, id);
  if (s === undefined) throw NotFoundError.of('service', id);
  return s;
}

export async function getBudgetPolicy(db: Queryable, serviceId: string): Promise<BudgetPolicyView> {
  await service(db, serviceId);
  return presentPolicy(await findPolicy(db, serviceId));
}

export async function setBudgetPolicy({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: BudgetPolicyInputValue & { service_id: string };
}): Promise<BudgetPolicyView> {
  return inTransaction(ctx, async (ctx) => {
    const svc = await service(ctx.db, input.service_id);
    await requireTeamManager(ctx, svc.team_id, 'budget policy');
    const before = await findPolicy(ctx.db, svc.id);
    const now = ctx.clock.now();
    let overrideUntil = before?.override_until ?? null;
    let overrideReason = before?.override_reason ?? null;
    if (input.override_until !== undefined) {
      overrideUntil = input.override_until === null ? null : Date.parse(input.override_until);
      if (overrideUntil !== null && overrideUntil <= now) {
        throw new ValidationError('body.override_until: must be in the future');
      }
      if (overrideUntil !== null && overrideUntil > now + 14 * 86_400_000) {
        throw new ValidationError(
          'body.override_until: at most 14 days ahead; an override is for a fix, not a policy',
        );
      }
    }
    if (input.override_reason !== undefined) overrideReason = input.override_reason;
    if (overrideUntil !== null && (overrideReason ?? '').trim() === '') {
      throw new ValidationError(
        'body.override_reason: say why releases may go out while the budget is spent',
      );
    }
    if (overrideUntil === null) overrideReason = null;
    await putPolicy(ctx.db, {
      service_id: svc.id,
      block_releases:
        input.block_releases === undefined ? (before?.block_releases ?? 1) : input.block_releases ? 1 : 0,
      min_budget_remaining:
        input.min_budget_remaining === undefined
          ? (before?.min_budget_remaining ?? '0')
          : String(input.min_budget_remaining),
      block_when_unknown:
        input.block_when_unknown === undefined
          ? (before?.block_when_unknown ?? 0)
          : input.block_when_unknown
            ? 1
            : 0,
      override_until: overrideUntil,
      override_reason: overrideReason,
      updated_by: actorRef(ctx.actor),
      updated_at: now,
    });
    const after = presentPolicy(await findPolicy(ctx.db, svc.id));
    await recordAudit(ctx, {
      action: 'slo_policy.update',
      targetType: 'service',
      targetId: svc.id,
      before: before === undefined ? null : presentPolicy(before),
      after,
    });
    return after;
  });
}

export async function releaseGate(db: Queryable, serviceId: string, now: number): Promise<ReleaseGateView> {
  await service(db, serviceId);
  const policy = presentPolicy(await findPolicy(db, serviceId));
  const slos = (await slosOfService(db, serviceId)).map((s) => {
    const ev = s.evaluation === null ? null : (JSON.parse(s.evaluation) as StoredEvaluation);
    return { id: s.id, name: s.name, status: s.status, budget_remaining: ev?.budget.remaining ?? null };
  });
  const overrideUntil = policy.override_until === null ? null : Date.parse(policy.override_until);
  const blocking = slos.filter(
    (s) =>
      (s.budget_remaining !== null && s.budget_remaining <= policy.min_budget_remaining) ||
      (policy.block_when_unknown && s.status === 'unknown'),
  );
  const pct = (n: number) => `${Number((n * 100).toPrecision(3))}%`;
  const why = blocking
    .map((s) =>
      s.budget_remaining !== null && s.budget_remaining <= policy.min_budget_remaining
        ? s.budget_remaining <= 0
          ? `${s.name}: the error budget is spent (${pct(s.budget_remaining)} left${policy.min_budget_remaining > 0 ? `; policy minimum ${pct(policy.min_budget_remaining)}` : ''})`
          : `${s.name}: ${pct(s.budget_remaining)} of the error budget left (policy minimum ${pct(policy.min_budget_remaining)})`
        : `${s.name}: budget unknown (the SLI cannot be read)`,
    )
    .join('; ');
  const base = {
    slos,
    override_until: overrideUntil !== null && overrideUntil > now ? policy.override_until : null,
  };
  if (!policy.block_releases) {
    return {
      ...base,
      allow: true,
      reason:
        blocking.length > 0
          ? `the budget policy does not block releases (${why})`
          : 'the budget policy does not block releases',
    };
  }
  if (blocking.length === 0) {
    return {
      ...base,
      allow: true,
      reason: slos.length === 0 ? 'the service has no SLOs' : 'no SLO has spent its error budget',
    };
  }
  if (overrideUntil !== null && overrideUntil > now) {
    return {
      ...base,
      allow: true,
      reason: `overridden until ${policy.override_until}: ${policy.override_reason ?? ''} (${why})`,
    };
  }
  return { ...base, allow: false, reason: why };
}
