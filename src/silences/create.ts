import { requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { isUniqueViolation } from '../platform/db/connect.ts';
import { ConflictError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { getSilence } from './get.ts';
import { assertSilenceScope, normalizeMatchers } from './matchers.ts';
import { periodForCreate } from './period.ts';
import { findSilenceByName, insertSilence } from './repository.ts';
import type { CreateSilenceInput, SilenceView } from './schemas.ts';
import { assertServiceExists } from './validate.ts';

export function duplicateSilenceName(name: string): ConflictError {
  return new ConflictError(`a silence named ${JSON.stringify(name)} already exists`);
}

/**
 * `createdBy` is who the silence says made it, by default the actor; Alertmanager's API passes
 * the name its client sends (amtool's $USER), while the audit log records the actor.
 */
export async function createSilence({
  ctx,
  input,
  createdBy,
}: {
  ctx: Ctx;
  input: CreateSilenceInput;
  createdBy?: string;
}): Promise<SilenceView> {
  requireRole(ctx.actor, 'admin');
  const now = ctx.clock.now();
  const name = input.name ?? null;
  const serviceId = input.service_id ?? null;
  const matchers = normalizeMatchers(input.matchers ?? []);
  assertSilenceScope(serviceId, matchers);
  const period = periodForCreate(input, now);
  return inTransaction(ctx, async (ctx) => {
    if (serviceId !== null) await assertServiceExists(ctx, serviceId);
    if (name !== null && (await findSilenceByName(ctx.db, name))) throw duplicateSilenceName(name);
    const id = newId('sil', now);
    try {
      await insertSilence(ctx.db, {
        id,
        name,
        service_id: serviceId,
        matchers: JSON.stringify(matchers),
        ...period,
        comment: input.comment,
        created_by: createdBy ?? ctx.actor.name,
        created_at: now,
        updated_at: now,
      });
    } catch (e) {
      // A concurrent create with the same name can pass the check above.
      if (isUniqueViolation(e) && name !== null) throw duplicateSilenceName(name);
      throw e;
    }
    const silence = await getSilence(ctx.db, id, now);
    await recordAudit(ctx, { action: 'silence.create', targetType: 'silence', targetId: id, after: silence });
    return silence;
  });
}
