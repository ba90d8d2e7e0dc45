import type { Row } from '../platform/db/tables.ts';
import { iso } from '../platform/http/schema.ts';
import type { TaskView } from './schemas-work.ts';

export function presentTask(r: Row<'incident_tasks'>): TaskView {
  return {
    id: r.id,
    incident_id: r.incident_id,
    title: r.title,
    position: r.position,
    assignee_id: r.assignee_id,
    source: r.source,
    done: r.done_at !== null,
    done_at: iso(r.done_at),
    done_by: r.done_by,
    created_at: iso(r.created_at),
    created_by: r.created_by,
  };
}
