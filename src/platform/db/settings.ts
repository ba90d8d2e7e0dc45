import { randomBytes } from 'node:crypto';
import type { Queryable } from './connect.ts';

export async function getSetting(db: Queryable, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Inserts `value` unless the key exists; returns whichever value won, so racing nodes agree. */
export async function getOrCreateSetting(
  db: Queryable,
  key: string,
  value: string,
  now: number,
): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key, value, updated_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await getSetting(db, key))!;
}

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
