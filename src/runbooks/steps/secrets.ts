import { recordAudit } from '../../platform/audit/record.ts';
import { requireRole } from '../../platform/auth/actor.ts';
import { decryptSecret, encryptSecret } from '../../platform/auth/keys.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { iso } from '../../platform/http/schema.ts';
import { actorRef } from '../../timeline/repository.ts';
import { loadActorNames, presentActor } from '../../users/actors.ts';
import { deleteSecretRow, findSecret, secretNames, stepsMentioning, upsertSecret } from './repository.ts';
import { parseStep, secretsOfStep } from './validate.ts';

/**
 * The values steps send as `{{secrets.name}}`: written by admins, encrypted with the
 * runbook-secrets key (one key per purpose, src/platform/auth/keys.ts) and bound to their name,
 * never shown again, in no answer, audit entry, timeline or log line. Only the engine reads
 * them, to send a step's request.
 */
const context = (name: string) => `runbook_secret:${name}`;

export function openSecret(key: Buffer, name: string, stored: string): string {
  try {
    return decryptSecret(key, stored, context(name));
  } catch {
    throw new ConflictError(
      `runbook secret ${JSON.stringify(name)} is unreadable (was TOCSIN_SECRET changed?); set it again`,
    );
  }
}

export async function listSecrets(db: Queryable) {
  const rows = await secretNames(db);
  const names = await loadActorNames(
    db,
    rows.flatMap((r) => [r.created_by, r.updated_by]),
  );
  return {
    data: rows.map((r) => ({
      name: r.name,
      created_by: presentActor(r.created_by, names),
      created_at: iso(r.created_at),
      updated_by: presentActor(r.updated_by, names),
      updated_at: iso(r.updated_at),
    })),
  };
}

/** Creates the secret, or with `replace` sets a new value for it; 409 when creating one that exists. */
export async function putSecret({
  ctx,
  input,
  key,
}: {
  ctx: Ctx;
  input: { name: string; value: string; replace: boolean };
  key: Buffer;
}) {
  requireRole(ctx.actor, 'admin');
  await inTransaction(ctx, async (ctx) => {
    const existing = await findSecret(ctx.db, input.name);
    if (existing !== undefined && !input.replace) {
      throw new ConflictError(
        `a runbook secret named ${JSON.stringify(input.name)} exists; PUT /runbook-secrets/${input.name} replaces its value`,
      );
    }
    if (existing === undefined && input.replace) throw NotFoundError.of('runbook secret', input.name);
    const now = ctx.clock.now();
    const by = actorRef(ctx.actor);
    await upsertSecret(ctx.db, {
      name: input.name,
      value: encryptSecret(key, input.value, context(input.name)),
      created_by: existing?.created_by ?? by,
      created_at: existing?.created_at ?? now,
      updated_by: by,
      updated_at: now,
    });
    // The audit says that it changed, never to what.
    await recordAudit(ctx, {
      action: existing === undefined ? 'runbook_secret.create' : 'runbook_secret.update',
      targetType: 'runbook_secret',
      targetId: input.name,
      before: existing === undefined ? null : { name: input.name, value: '[hidden]' },
      after: { name: input.name, value: '[hidden]' },
    });
  });
  const all = await listSecrets(ctx.db);
  return all.data.find((s) => s.name === input.name)!;
}

/** Refused (409, naming them) while a step still sends it. */
export async function deleteSecret({ ctx, input }: { ctx: Ctx; input: { name: string } }): Promise<void> {
  requireRole(ctx.actor, 'admin');
  await inTransaction(ctx, async (ctx) => {
    if ((await findSecret(ctx.db, input.name)) === undefined)
      throw NotFoundError.of('runbook secret', input.name);
    const users = (await stepsMentioning(ctx.db, `secrets.${input.name}`)).filter((s) =>
      secretsOfStep(
        parseStep({
          url: s.url,
          headers: JSON.parse(s.headers) as { name: string; value: string }[],
          body: s.body,
        }),
      ).includes(input.name),
    );
    if (users.length > 0) {
      throw new ConflictError(
        `runbook secret ${JSON.stringify(input.name)} is sent by ${users.map((u) => `"${u.title}" / ${u.name}`).join(', ')}; change those steps first`,
      );
    }
    await deleteSecretRow(ctx.db, input.name);
    await recordAudit(ctx, {
      action: 'runbook_secret.delete',
      targetType: 'runbook_secret',
      targetId: input.name,
      before: { name: input.name, value: '[hidden]' },
      after: null,
    });
  });
}
