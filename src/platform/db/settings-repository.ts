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

/** The setting's value, its row locked for this transaction; undefined when another holds it (PostgreSQL, SKIP LOCKED). */
export async function lockSetting(
  db: Queryable,
  key: string,
  skipLocked: boolean,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', key)
    .$if(skipLocked, (q) => q.forUpdate().skipLocked())
    .executeTakeFirst();
  return row?.value;
}

/** Moves the setting from `from` to `to` only if no one else did: engines share the cursor. */
export async function moveSetting(
  db: Queryable,
  key: string,
  from: string,
  to: string,
  now: number,
): Promise<boolean> {
  const res = await db
    .updateTable('settings')
    .set({ value: to, updated_at: now })
    .where('key', '=', key)
    .where('value', '=', from)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
