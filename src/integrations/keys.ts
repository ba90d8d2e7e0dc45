import { randomBytes } from 'node:crypto';
import { hashSecret } from '../platform/auth/secrets.ts';
import type { Queryable } from '../platform/db/connect.ts';
import { ConflictError, ValidationError } from '../platform/errors.ts';
import { findIntegrationByKeyHash } from './repository.ts';

/**
 * Integration keys are 32 lowercase hex characters (128 random bits), the shape of a PagerDuty
 * routing key, because some senders (Grafana's PagerDuty contact point, for one) check it.
 */
export function generateIntegrationKey(): string {
  return randomBytes(16).toString('hex');
}

/** A supplied key travels in URL paths, so it is held to characters that need no escaping. */
const USABLE_KEY = /^[A-Za-z0-9_-]{16,128}$/;

export const KEY_IN_USE = 'that key is already used by another integration';

/**
 * Checks a caller-supplied key (config-as-code reads them from the environment): its shape, and
 * that no other integration has it. `ownerId` is the integration the key is for, if it exists.
 */
export async function assertUsableKey(db: Queryable, key: string, ownerId?: string): Promise<void> {
  if (!USABLE_KEY.test(key)) {
    throw new ValidationError("key: must be 16 to 128 characters of letters, digits, '-' or '_'");
  }
  const holder = await findIntegrationByKeyHash(db, hashSecret(key));
  if (holder !== undefined && holder.id !== ownerId) throw new ConflictError(KEY_IN_USE);
}
