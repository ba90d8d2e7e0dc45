import type { Queryable } from '../platform/db/connect.ts';
import { iso } from '../platform/http/schema.ts';
import { type ActorNames, loadActorNames, presentActor } from '../users/actors.ts';
import { localDay } from './days.ts';
import { type ActionItemRow, OPEN_STATUSES } from './repository.ts';
import type { ActionItemView } from './schemas.ts';

/** Overdue: still to do, and its due date is before today in the owner's zone (UTC without one). */
export function isOverdue(
  r: Pick<ActionItemRow, 'status' | 'due_date' | 'owner_time_zone'>,
  now: number,
): boolean {
  if (r.due_date === null || !OPEN_STATUSES.includes(r.status)) return false;
  return r.due_date < localDay(r.owner_time_zone ?? 'UTC', now);
}

function tracker(json: string | null): ActionItemView['tracker'] {
  if (json === null) return null;
  const t = JSON.parse(json) as { kind?: unknown; key?: unknown; url?: unknown; state?: unknown };
  return { kind: String(t.kind), key: String(t.key), url: String(t.url), state: String(t.state) };
}

/** `names`: from loadActorNames() over the rows' created_by. */
export function presentActionItem(r: ActionItemRow, names: ActorNames, now: number): ActionItemView {
  return {
    id: r.id,
    incident: { id: r.incident_id, ref: `INC-${r.incident_number}`, title: r.incident_title },
    title: r.title,
    description: r.description,
    owner: r.owner_id === null ? null : { id: r.owner_id, name: r.owner_name ?? 'deleted user' },
    due_date: r.due_date,
    overdue: isOverdue(r, now),
    priority: r.priority,
    status: r.status,
    created_by: presentActor(r.created_by, names),
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
    completed_at: iso(r.completed_at),
    tracker: tracker(r.tracker),
  };
}

/** Items with the names of who created them, read in one query. */
export async function presentActionItems(
  db: Queryable,
  rows: ActionItemRow[],
  now: number,
): Promise<ActionItemView[]> {
  const names = await loadActorNames(
    db,
    rows.map((r) => r.created_by),
  );
  return rows.map((r) => presentActionItem(r, names, now));
}
