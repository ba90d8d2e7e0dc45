import type { Queryable } from '../platform/db/connect.ts';
import { ValidationError } from '../platform/errors.ts';
import { deactivatedAmong } from './repository.ts';

/**
 * Refuses choosing a deactivated person as someone to page or to put on call: the paging walk
 * skips them (escalation/targets.ts), so the choice would silently page nobody. Each entry is
 * `[field, userId]`; the first deactivated one is named (`user_ids.0: Erin is deactivated`).
 * Unknown ids are left to the caller's own "no user" check.
 */
export async function assertNotDeactivated(db: Queryable, entries: [string, string][]): Promise<void> {
  if (entries.length === 0) return;
  const deactivated = await deactivatedAmong(
    db,
    entries.map(([, id]) => id),
  );
  for (const [field, id] of entries) {
    const name = deactivated.get(id);
    if (name !== undefined) throw new ValidationError(`${field}: ${name} is deactivated`);
  }
}
