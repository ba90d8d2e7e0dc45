import type { Queryable } from '../../platform/db/connect.ts';
import type { ComponentStatus } from '../../platform/db/tables/status-page.ts';
import type { Row } from '../../platform/db/tables.ts';
import { newId } from '../../platform/ids.ts';
import { insertComponentChange, updateComponentRow } from './repository.ts';

/**
 * The one way a component's status changes (by hand, by a public incident's update, by a
 * maintenance): the status column and a history row, in the caller's transaction. The history
 * is what the uptime bars are computed from, so a change that is not a change writes nothing.
 */
export interface StatusChange {
  component: Row<'status_components'>;
  status: ComponentStatus;
  now: number;
  /** The public incident or maintenance making the change; null by hand. */
  statusIncidentId: string | null;
  /** The user making it; null for the engine, config as code and other system actors. */
  changedBy: string | null;
}

/** Returns the status before when it changed, undefined when it was already `status`. */
export async function changeComponentStatus(
  db: Queryable,
  c: StatusChange,
): Promise<ComponentStatus | undefined> {
  if (c.component.status === c.status) return undefined;
  await updateComponentRow(db, c.component.id, { status: c.status, updated_at: c.now });
  await recordComponentStatus(db, c);
  return c.component.status;
}

/** A history row only: a new component's first status. */
export async function recordComponentStatus(db: Queryable, c: StatusChange): Promise<void> {
  await insertComponentChange(db, {
    id: newId('cch', c.now),
    component_id: c.component.id,
    status: c.status,
    at: c.now,
    status_incident_id: c.statusIncidentId,
    changed_by: c.changedBy,
  });
}
