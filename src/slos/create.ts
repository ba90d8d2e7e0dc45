import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { isUniqueViolation } from '../platform/db/connect.ts';
import { ValidationError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { actorRef } from '../timeline/repository.ts';
import { minuteOf } from './burn.ts';
import { type PresentOptions, presentSlo } from './presenter.ts';
import { findSlo, insertSlo } from './repository.ts';
import {
  assertNameFree,
  checkedName,
  checkedObjective,
  checkedRules,
  checkedSli,
  checkedWindowDays,
  duplicateName,
  requireSloWriter,
} from './rules.ts';
import { type CreateSloInputValue, DEFAULT_UNKNOWN_ALERT_AFTER_MINUTES, type SloView } from './schemas.ts';
import { findServiceById } from '../services/repository.ts';

/**
 * Defines an SLO on a service. It is evaluated from the next whole minute on; until counts
 * arrive its status is `no_data`. A Prometheus SLI's queries are run once first (rules.ts).
 */
export async function createSlo({
  ctx,
  input,
  present,
}: {
  ctx: Ctx;
  input: CreateSloInputValue;
  present: PresentOptions;
}): Promise<SloView> {
  const name = checkedName(input.name);
  const objective = checkedObjective(input.objective);
  const windowDays = checkedWindowDays(input.window_days);
  const rules = checkedRules(input.alerts);
  if ((await findServiceById(ctx.db, input.service_id)) === undefined) {
    throw new ValidationError(`body.service_id: no service ${JSON.stringify(input.service_id)}`);
  }
  await requireSloWriter(ctx, input.service_id);
  // Outside the transaction: Prometheus may take seconds to answer, and nothing is held meanwhile.
  const sli = await checkedSli(ctx, input.sli);
  const row = await inTransaction(ctx, async (ctx) => {
    await assertNameFree(ctx, input.service_id, name);
    const now = ctx.clock.now();
    const by = actorRef(ctx.actor);
    const id = newId('slo', now);
    await insertSlo(ctx.db, {
      id,
      service_id: input.service_id,
      name,
      description: input.description ?? '',
      objective,
      window_days: windowDays,
      ...sli,
      alert_rules: JSON.stringify(rules),
      exclude_maintenance: input.exclude_maintenance === false ? 0 : 1,
      unknown_alert_after_minutes: input.unknown_alert_after_minutes ?? DEFAULT_UNKNOWN_ALERT_AFTER_MINUTES,
      status: 'no_data',
      status_reason: null,
      evaluation: null,
      firing: '{}',
      unknown_since: null,
      evaluated_at: null,
      fetched_until: sli.sli_kind === 'prometheus' ? minuteOf(now) : null,
      next_eval_at: minuteOf(now) + 60_000,
      claimed_by: null,
      claimed_until: null,
      created_by: by,
      created_at: now,
      updated_by: by,
      updated_at: now,
    });
    const created = (await findSlo(ctx.db, id))!;
    await recordAudit(ctx, {
      action: 'slo.create',
      targetType: 'slo',
      targetId: id,
      before: null,
      after: await presentSlo(ctx.db, created, present),
    });
    return created;
  }).catch((e: unknown) => {
    throw isUniqueViolation(e) ? duplicateName(name) : e;
  });
  return presentSlo(ctx.db, row, present);
}
