import { decryptSecret, encryptSecret, type Keys } from '../platform/auth/keys.ts';
import { generateSecret } from '../platform/auth/secrets.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { Queryable } from '../platform/db/connect.ts';
import { NotFoundError, ValidationError } from '../platform/errors.ts';
import { iso } from '../platform/http/schema.ts';
import { authorizeFor } from './contact-methods.ts';
import {
  type SigningSecretColumns,
  findContactMethod,
  findSigningSecretColumns,
  replaceSigningSecret,
} from './repository.ts';
import type { SigningSecretView } from './schemas.ts';

/**
 * Each webhook contact method signs its requests (`Tocsin-Signature`, src/notify/signature.ts)
 * with its own random secret, like Stripe's endpoint secrets: a receiver holds a secret that
 * verifies its own webhooks and nothing else. Secrets are stored encrypted with the
 * secret-encryption key (src/platform/auth/keys.ts), bound to their row, and never appear in the
 * contact method's presented form, user answers, the audit log or logs: only the owner (or an
 * admin) reads one, through its own endpoint.
 *
 * A secret is made on first need (the first read or the first delivery) rather than when the
 * contact method is created: methods made before this existed, by config apply, or changed into
 * webhooks get one the same way, and a migration could not encrypt anyway. A secret the current
 * server secret cannot decrypt (TOCSIN_SECRET was changed) is replaced the same way.
 */
export const SIGNING_SECRET_PREFIX = 'whsec';

export interface SigningSecrets {
  current: string;
  /** The secret before a rotation, still signing alongside until `previousUntil`. */
  previous?: string;
  previousUntil?: number;
}

const context = (id: string) => `contact_method:${id}:signing_secret`;

function readable(key: Buffer, stored: string | null, id: string): string | undefined {
  if (stored === null) return undefined;
  try {
    return decryptSecret(key, stored, context(id));
  } catch {
    return undefined;
  }
}

/** The secrets that sign a webhook contact method's requests now, making its first one if needed. */
export async function signingSecretsOf(
  db: Queryable,
  key: Buffer,
  cm: SigningSecretColumns,
  now: number,
): Promise<SigningSecrets> {
  let row = cm;
  // Compare-and-set: a node that loses the race to make the first secret reads the winner's.
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = readable(key, row.signing_secret, row.id);
    if (current !== undefined) {
      const until = row.previous_signing_secret_until;
      const previous =
        until !== null && until > now ? readable(key, row.previous_signing_secret, row.id) : undefined;
      return previous === undefined ? { current } : { current, previous, previousUntil: until! };
    }
    const fresh = generateSecret(SIGNING_SECRET_PREFIX);
    const wrote = await replaceSigningSecret(db, row.id, row.signing_secret, {
      signing_secret: encryptSecret(key, fresh, context(row.id)),
      previous_signing_secret: null,
      previous_signing_secret_until: null,
    });
    if (wrote) return { current: fresh };
    const again = await findSigningSecretColumns(db, row.id);
    if (again === undefined) throw NotFoundError.of('contact method', row.id);
    row = again;
  }
  throw new Error(`the signing secret of contact method ${row.id} kept changing while it was read`);
}

function present(id: string, s: SigningSecrets): SigningSecretView {
  return {
    contact_method_id: id,
    signing_secret: s.current,
    previous_secret_valid_until: s.previousUntil === undefined ? null : iso(s.previousUntil),
  };
}

async function webhookMethod(ctx: Ctx, userId: string, id: string) {
  const row = await findContactMethod(ctx.db, userId, id);
  if (row === undefined) throw NotFoundError.of('contact method', id);
  if (row.type !== 'webhook') {
    throw new ValidationError(
      `contactMethodId: a ${row.type} contact method has no signing secret; only webhook ones do`,
    );
  }
  return row;
}

/** The owner (or an admin) reads the secret a receiver verifies `Tocsin-Signature` with. */
export async function readSigningSecret({
  ctx,
  input,
  keys,
}: {
  ctx: Ctx;
  input: { userId: string; id: string };
  keys: Keys;
}): Promise<SigningSecretView> {
  authorizeFor(ctx, input.userId);
  return inTransaction(ctx, async (ctx) => {
    const row = await webhookMethod(ctx, input.userId, input.id);
    return present(row.id, await signingSecretsOf(ctx.db, keys.secretEncryption, row, ctx.clock.now()));
  });
}

/**
 * Replaces the secret; the answer carries the new one. With `overlapMinutes` the old one keeps
 * signing too (a second `v1=` in the header) for that long, so receivers can switch without
 * dropping a page; without, it stops at once (the choice when it leaked). Audited without secrets.
 */
export async function rotateSigningSecret({
  ctx,
  input,
  keys,
}: {
  ctx: Ctx;
  input: { userId: string; id: string; overlapMinutes?: number | undefined };
  keys: Keys;
}): Promise<SigningSecretView> {
  authorizeFor(ctx, input.userId);
  return inTransaction(ctx, async (ctx) => {
    const row = await webhookMethod(ctx, input.userId, input.id);
    const now = ctx.clock.now();
    const key = keys.secretEncryption;
    const overlap = input.overlapMinutes ?? 0;
    const old = overlap > 0 ? (await signingSecretsOf(ctx.db, key, row, now)).current : undefined;
    const until = old === undefined ? null : now + overlap * 60_000;
    const fresh = generateSecret(SIGNING_SECRET_PREFIX);
    const stored = (await findSigningSecretColumns(ctx.db, row.id))!;
    await replaceSigningSecret(ctx.db, row.id, stored.signing_secret, {
      signing_secret: encryptSecret(key, fresh, context(row.id)),
      previous_signing_secret: old === undefined ? null : encryptSecret(key, old, context(row.id)),
      previous_signing_secret_until: until,
    });
    await recordAudit(ctx, {
      action: 'contact_method.rotate_signing_secret',
      targetType: 'user',
      targetId: input.userId,
      after: { contact_method_id: row.id, previous_secret_valid_until: until === null ? null : iso(until) },
    });
    return present(
      row.id,
      until === null ? { current: fresh } : { current: fresh, previous: old!, previousUntil: until },
    );
  });
}
