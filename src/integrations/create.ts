import { requireRole } from '../platform/auth/actor.ts';
import { hashSecret } from '../platform/auth/secrets.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { ConflictError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { getService } from '../services/get.ts';
import { assertUsableKey, generateIntegrationKey } from './keys.ts';
import { presentIntegration } from './presenter.ts';
import { findIntegrationByName, insertHeartbeatRow, insertIntegration } from './repository.ts';
import type { CreateIntegrationInput, IntegrationView } from './schemas.ts';
import { configFor } from './validate.ts';

/**
 * The key is returned once; only its hash is stored. Callers other than the HTTP API (config as
 * code) may supply the key instead of having one generated.
 */
export async function createIntegration({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { serviceId: string; key?: string | undefined } & CreateIntegrationInput;
}): Promise<IntegrationView & { key: string }> {
  requireRole(ctx.actor, 'admin');
  const config = configFor(input.type, input);
  return inTransaction(ctx, async (ctx) => {
    await getService(ctx.db, input.serviceId);
    if (await findIntegrationByName(ctx.db, input.serviceId, input.name)) {
      throw new ConflictError(`this service already has an integration named ${JSON.stringify(input.name)}`);
    }
    if (input.key !== undefined) await assertUsableKey(ctx.db, input.key);
    const now = ctx.clock.now();
    const key = input.key ?? generateIntegrationKey();
    const row = {
      id: newId('int', now),
      service_id: input.serviceId,
      name: input.name,
      type: input.type,
      key_hash: hashSecret(key),
      key_prefix: key.slice(0, 6),
      config: JSON.stringify(config),
      rate_limit_per_minute: input.rate_limit_per_minute ?? null,
      disabled_at: null,
      created_at: now,
      updated_at: now,
    };
    await insertIntegration(ctx.db, row);
    if (config.heartbeat !== undefined) {
      // A new monitor waits for its first ping before it can be late, as in Healthchecks.io.
      await insertHeartbeatRow(ctx.db, {
        integration_id: row.id,
        period_seconds: config.heartbeat.period_seconds,
        grace_seconds: config.heartbeat.grace_seconds ?? 60,
        state: 'new',
        last_ping_at: null,
        last_start_at: null,
        due_at: null,
      });
    }
    const view = presentIntegration(row);
    await recordAudit(ctx, {
      action: 'integration.create',
      targetType: 'integration',
      targetId: row.id,
      after: view,
    });
    return { ...view, key };
  });
}
