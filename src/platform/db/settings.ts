import { randomBytes } from 'node:crypto';
import type { Queryable } from './connect.ts';
import { getOrCreateSetting } from './settings-repository.ts';

export const SECRET_KEY = 'secret';

/** TOCSIN_SECRET when configured, else the one generated on first start and kept in the database. */
export async function ensureSecret(
  db: Queryable,
  configured: string | undefined,
  now: number,
): Promise<string> {
  if (configured !== undefined) return configured;
  return getOrCreateSetting(db, SECRET_KEY, randomBytes(32).toString('base64url'), now);
}

export const KEY_SALT_KEY = 'key_salt';

/**
 * The HKDF salt of this install (src/platform/auth/keys.ts), random and made on first start. A
 * conditional insert, so nodes starting together agree on one.
 */
export function ensureKeySalt(db: Queryable, now: number): Promise<string> {
  return getOrCreateSetting(db, KEY_SALT_KEY, randomBytes(32).toString('base64url'), now);
}
