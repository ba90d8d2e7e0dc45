import { requireRole } from '../platform/auth/actor.ts';
import { hashSecret } from '../platform/auth/secrets.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { isUniqueViolation } from '../platform/db/connect.ts';
import type { RowPatch } from '../platform/db/tables.ts';
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import { assertUsableKey, generateIntegrationKey, KEY_IN_USE } from './keys.ts';
import { parseConfig, presentIntegration } from './presenter.ts';
import {
  deleteIntegrationRow,
  findHeartbeatOf,
  findIntegrationById,
  findIntegrationByName,
  updateHeartbeatOf,
  updateIntegrationRow,
} from './repository.ts';
import type { IntegrationView, UpdateIntegrationInput } from './schemas.ts';
import { configFor } from './validate.ts';

async function load(ctx: Ctx, id: string) {
  const row = await findIntegrationById(ctx.db, id);
  if (row === undefined) throw NotFoundError.of('integration', id);
  return row;
}

export async function updateIntegration({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & UpdateIntegrationInput;
}): Promise<IntegrationView> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    const row = await load(ctx, input.id);
    const now = ctx.clock.now();
    const config = configFor(row.type, input, parseConfig(row));
    const patch: RowPatch<'integrations'> = { updated_at: now, config: JSON.stringify(config) };
    if (input.name !== undefined && input.name !== row.name) {
      if (await findIntegrationByName(ctx.db, row.service_id, input.name)) {
        throw new ConflictError(
          `this service already has an integration named ${JSON.stringify(input.name)}`,
        );
      }
      patch.name = input.name;
    }
    if (input.enabled !== undefined) patch.disabled_at = input.enabled ? null : (row.disabled_at ?? now);
    if (input.rate_limit_per_minute !== undefined) patch.rate_limit_per_minute = input.rate_limit_per_minute;
    await updateIntegrationRow(ctx.db, row.id, patch);
    if (input.heartbeat !== undefined && config.heartbeat !== undefined) {
      const hb = await findHeartbeatOf(ctx.db, row.id);
      const grace = config.heartbeat.grace_seconds ?? 60;
      const dueAt =
        hb?.last_ping_at != null ? hb.last_ping_at + (config.heartbeat.period_seconds + grace) * 1000 : null;
      await updateHeartbeatOf(ctx.db, row.id, {
        period_seconds: config.heartbeat.period_seconds,
        grace_seconds: grace,
        ...(hb?.state === 'up' ? { due_at: dueAt } : {}),
      });
    }
    const after = presentIntegration((await findIntegrationById(ctx.db, row.id))!);
    await recordAudit(ctx, {
      action: 'integration.update',
      targetType: 'integration',
      targetId: row.id,
      before: presentIntegration(row),
      after,
    });
    return after;
  });
}

/**
 * A new key replaces the old one at once; senders must be updated. Callers other than the HTTP API
 * (config as code) may supply the new key instead of having one generated.
 */
export async function rotateIntegrationKey({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; key?: string | undefined };
}): Promise<IntegrationView & { key: string }> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    const row = await load(ctx, input.id);
    if (input.key !== undefined) await assertUsableKey(ctx.db, input.key, row.id);
    const key = input.key ?? generateIntegrationKey();
    try {
      await updateIntegrationRow(ctx.db, row.id, {
        key_hash: hashSecret(key),
        key_prefix: key.slice(0, 6),
        updated_at: ctx.clock.now(),
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError(KEY_IN_USE);
      throw e;
    }
    const after = presentIntegration((await findIntegrationById(ctx.db, row.id))!);
    await recordAudit(ctx, {
      action: 'integration.rotate_key',
      targetType: 'integration',
      targetId: row.id,
      after,
    });
    return { ...after, key };
  });
}

export async function deleteIntegration({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> {
  requireRole(ctx.actor, 'admin');
  await inTransaction(ctx, async (ctx) => {
    const row = await load(ctx, input.id);
    await deleteIntegrationRow(ctx.db, row.id);
    await recordAudit(ctx, {
      action: 'integration.delete',
      targetType: 'integration',
      targetId: row.id,
      before: presentIntegration(row),
    });
  });
}
