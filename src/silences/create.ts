import { requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { getSilence } from './get.ts';
import { assertSilenceScope, normalizeMatchers } from './matchers.ts';
import { periodForCreate } from './period.ts';
import { insertSilence } from './repository.ts';
import type { CreateSilenceInput, SilenceView } from './schemas.ts';
import { assertServiceExists } from './validate.ts';

export async function createSilence({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreateSilenceInput;
}): Promise<SilenceView> {
  requireRole(ctx.actor, 'admin');
  const now = ctx.clock.now();
  const serviceId = input.service_id ?? null;
  const matchers = normalizeMatchers(input.matchers ?? []);
  assertSilenceScope(serviceId, matchers);
  const period = periodForCreate(input, now);
  return inTransaction(ctx, async (ctx) => {
    if (serviceId !== null) await assertServiceExists(ctx, serviceId);
    const id = newId('sil', now);
    await insertSilence(ctx.db, {
      id,
      service_id: serviceId,
      matchers: JSON.stringify(matchers),
      ...period,
      comment: input.comment,
      created_by: ctx.actor.name,
      created_at: now,
      updated_at: now,
    });
    const silence = await getSilence(ctx.db, id, now);
    await recordAudit(ctx, { action: 'silence.create', targetType: 'silence', targetId: id, after: silence });
    return silence;
  });
}
