import { requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { isUniqueViolation } from '../platform/db/connect.ts';
import type { RowPatch } from '../platform/db/tables.ts';
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import { duplicateSilenceName } from './create.ts';
import { getSilence } from './get.ts';
import { assertSilenceScope, decodeMatchers, normalizeMatchers } from './matchers.ts';
import { lifecycleAt, periodForUpdate } from './period.ts';
import { presentSilence } from './presenter.ts';
import { findSilenceByName, findSilenceForUpdate, updateSilenceRow } from './repository.ts';
import type { SilenceView, UpdateSilenceInput } from './schemas.ts';
import { assertServiceExists } from './validate.ts';

/**
 * Edits in place. An expired silence is history (alerts were suppressed under it as it was), so
 * it cannot be edited; create a new one instead.
 */
export async function updateSilence({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & UpdateSilenceInput;
}): Promise<SilenceView> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    const now = ctx.clock.now();
    const row = await findSilenceForUpdate(ctx.db, ctx.dialect, input.id);
    if (row === undefined) throw NotFoundError.of('silence', input.id);
    if (lifecycleAt(row, now) === 'expired')
      throw new ConflictError(`silence ${JSON.stringify(input.id)} has expired; create a new one`);
    const before = presentSilence(row, now);
    const serviceId = input.service_id !== undefined ? input.service_id : row.service_id;
    const matchers =
      input.matchers !== undefined ? normalizeMatchers(input.matchers) : decodeMatchers(row.matchers);
    assertSilenceScope(serviceId, matchers);
    const period = periodForUpdate(row, input, now);
    if (serviceId !== null && serviceId !== row.service_id) await assertServiceExists(ctx, serviceId);
    const patch: RowPatch<'silences'> = { ...period, service_id: serviceId, updated_at: now };
    if (input.matchers !== undefined) patch.matchers = JSON.stringify(matchers);
    if (input.comment !== undefined) patch.comment = input.comment;
    const name = input.name;
    if (name !== undefined && name !== row.name) {
      if (name !== null && (await findSilenceByName(ctx.db, name))) throw duplicateSilenceName(name);
      patch.name = name;
    }
    try {
      await updateSilenceRow(ctx.db, input.id, patch);
    } catch (e) {
      if (isUniqueViolation(e) && typeof name === 'string') throw duplicateSilenceName(name);
      throw e;
    }
    const after = await getSilence(ctx.db, input.id, now);
    await recordAudit(ctx, {
      action: 'silence.update',
      targetType: 'silence',
      targetId: input.id,
      before,
      after,
    });
    return after;
  });
}
