import type { Queryable } from './connect.ts';

/** The `settings` table: one value per key, for install-wide state kept in the database. */

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

/** Inserts the key or overwrites its value. */
export async function putSetting(db: Queryable, key: string, value: string, now: number): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
    .execute();
}
