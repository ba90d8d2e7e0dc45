import type { Dialect, Queryable } from '../../platform/db/connect.ts';
import type { NewRow } from '../../platform/db/tables.ts';
import {
  confirmedSubscribers,
  incidentComponentIds,
  lockUnfannedUpdates,
  markFannedOut,
} from './delivery-repository.ts';
import { insertDeliveries, newDelivery } from './repository.ts';

const UPDATES_PER_PASS = 20;
const INSERT_CHUNK = 500;

/**
 * Queues one delivery per (update, confirmed subscriber following one of its components), for
 * updates not fanned out yet, and marks them fanned out, all in the caller's transaction. The
 * delivery's idempotency key is `update:<update>:<subscriber>` and unique, so even two engines
 * fanning out the same update (SQLite has no SKIP LOCKED; a crash after inserting) queue it once.
 * A subscriber following chosen components gets the updates of incidents affecting one of them;
 * one following everything (component_ids null) gets all. Updates posted with
 * deliver_notifications off are only marked. Returns how many updates it handled.
 */
export async function fanOut(db: Queryable, dialect: Dialect, now: number): Promise<number> {
  const updates = await lockUnfannedUpdates(db, {
    limit: UPDATES_PER_PASS,
    skipLocked: dialect === 'postgres',
  });
  if (updates.length === 0) return 0;
  const delivered = updates.filter((u) => u.deliver_notifications === 1);
  if (delivered.length > 0) {
    const components = await incidentComponentIds(db, [
      ...new Set(delivered.map((u) => u.status_incident_id)),
    ]);
    const subscribers = (await confirmedSubscribers(db)).map((s) => ({
      id: s.id,
      follows: s.component_ids === null ? null : new Set(JSON.parse(s.component_ids) as string[]),
    }));
    const rows: NewRow<'status_deliveries'>[] = [];
    for (const u of delivered) {
      const affected = new Set([
        ...(components.get(u.status_incident_id) ?? []),
        ...codesOf(u.affected_components),
      ]);
      for (const s of subscribers) {
        if (s.follows !== null && ![...affected].some((c) => s.follows!.has(c))) continue;
        rows.push(
          newDelivery(
            { subscriberId: s.id, kind: 'update', updateId: u.id, idempotencyKey: `update:${u.id}:${s.id}` },
            now,
          ),
        );
      }
    }
    for (let i = 0; i < rows.length; i += INSERT_CHUNK)
      await insertDeliveries(db, rows.slice(i, i + INSERT_CHUNK));
  }
  await markFannedOut(
    db,
    updates.map((u) => u.id),
    now,
  );
  return updates.length;
}

/** Component ids named in an update's affected_components (a component it moved counts too). */
function codesOf(json: string): string[] {
  try {
    const list = JSON.parse(json) as unknown;
    if (!Array.isArray(list)) return [];
    return list.flatMap((c: unknown) =>
      typeof c === 'object' && c !== null && typeof (c as { code?: unknown }).code === 'string'
        ? [(c as { code: string }).code]
        : [],
    );
  } catch {
    return [];
  }
}
