import type { Queryable } from '../platform/db/connect.ts';

/** The incident a test alert opened or joined, for the answer's `INC-n` link. */
export function incidentNumberOf(
  db: Queryable,
  incidentId: string,
): Promise<{ number: number | string } | undefined> {
  return db.selectFrom('incidents').select('number').where('id', '=', incidentId).executeTakeFirst();
}
