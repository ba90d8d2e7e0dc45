import { decryptSecret, encryptSecret, type Keys } from '../platform/auth/keys.ts';
import { generateSecret } from '../platform/auth/secrets.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { Queryable } from '../platform/db/connect.ts';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors.ts';
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
 * webhooks get one the same way, and a migration could not encrypt anyway. Only an empty column
 * gets one: a secret the server cannot decrypt (TOCSIN_SECRET was changed, or one node has the
 * wrong one) is never replaced behind the owner's back, or a misconfigured node would break every
 * receiver. Its webhooks fail (the person's next contact method takes over), reading it answers
 * 409, and an explicit rotation makes a new one.
 */
export const SIGNING_SECRET_PREFIX = 'whsec';

export interface SigningSecrets {
  current: string;
  /** The secret before a rotation, still signing alongside until `previousUntil`. */
  previous?: string;
  previousUntil?: number;
}

/** Why a webhook was not sent, and what a read answers, when the stored secret does not decrypt. */
export const UNREADABLE_SIGNING_SECRET = 'signing secret unreadable: was TOCSIN_SECRET changed? rotate it';

type Column = 'signing_secret' | 'previous_signing_secret';

// The column is part of the context, so a current and a previous value swapped in storage do not decrypt.
const context = (id: string, column: Column) => `contact_method:${id}:${column}`;

function readable(key: Buffer, stored: string | null, id: string, column: Column): string | undefined {
  if (stored === null) return undefined;
  try {
    return decryptSecret(key, stored, context(id, column));
  } catch {
    return undefined;
  }
}

const unreadable = (id: string) => new ConflictError(`${UNREADABLE_SIGNING_SECRET} (contact method ${id})`);

/**
 * The secrets that sign a webhook contact method's requests now, making its first one if the
 * column is empty. Throws a ConflictError (UNREADABLE_SIGNING_SECRET) when the stored secret does
 * not decrypt; an unreadable previous secret just stops signing.
 */
export async function signingSecretsOf(
  db: Queryable,
  key: Buffer,
  cm: SigningSecretColumns,
  now: number,
): Promise<SigningSecrets> {
  let row = cm;
  // Compare-and-set: a node that loses the race to make the first secret reads the winner's.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (row.signing_secret !== null) {
      const current = readable(key, row.signing_secret, row.id, 'signing_secret');
      if (current === undefined) throw unreadable(row.id);
      const until = row.previous_signing_secret_until;
      const previous =
        until !== null && until > now
          ? readable(key, row.previous_signing_secret, row.id, 'previous_signing_secret')
          : undefined;
      return previous === undefined ? { current } : { current, previous, previousUntil: until! };
    }
    const fresh = generateSecret(SIGNING_SECRET_PREFIX);
    const wrote = await replaceSigningSecret(db, row.id, null, {
      signing_secret: encryptSecret(key, fresh, context(row.id, 'signing_secret')),
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

/**
 * The owner (or an admin) reads the secret a receiver verifies `Tocsin-Signature` with. Audited
 * (without the secret): whoever holds it can sign requests that receiver trusts.
 */
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
    const secrets = await signingSecretsOf(ctx.db, keys.secretEncryption, row, ctx.clock.now());
    await recordAudit(ctx, {
      action: 'contact_method.read_signing_secret',
      targetType: 'user',
      targetId: input.userId,
      after: { contact_method_id: row.id },
    });
    return present(row.id, secrets);
  });
}

/**
 * Replaces the secret; the answer carries the new one. With `overlapMinutes` the old one keeps
 * signing too (a second `v1=` in the header) for that long, so receivers can switch without
 * dropping a page; without, it stops at once (the choice when it leaked, and the way out when
 * the stored one is unreadable). Audited without secrets. A mutation, so the route needs the
 * responder role: a read-only (viewer) token reads the secret but cannot change it.
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
    // An empty column has nothing to keep: nobody was ever given a secret.
    const old =
      overlap > 0 && row.signing_secret !== null
        ? readable(key, row.signing_secret, row.id, 'signing_secret')
        : undefined;
    if (overlap > 0 && row.signing_secret !== null && old === undefined) {
      throw new ConflictError(
        `overlap_minutes: ${UNREADABLE_SIGNING_SECRET} without overlap_minutes (the old one cannot keep signing)`,
      );
    }
    const until = old === undefined ? null : now + overlap * 60_000;
    const fresh = generateSecret(SIGNING_SECRET_PREFIX);
    const wrote = await replaceSigningSecret(ctx.db, row.id, row.signing_secret, {
      signing_secret: encryptSecret(key, fresh, context(row.id, 'signing_secret')),
      previous_signing_secret:
        old === undefined ? null : encryptSecret(key, old, context(row.id, 'previous_signing_secret')),
      previous_signing_secret_until: until,
    });
    // Another rotation (or a first secret) got in between: the one generated here was not stored.
    if (!wrote) throw new ConflictError('the signing secret was rotated concurrently; read it again');
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
