import type { Queryable } from '../platform/db/connect.ts';
import type { Row } from '../platform/db/tables.ts';
import { iso } from '../platform/http/schema.ts';
import { type ActorNames, loadActorNames, presentActor, presentActorOrNull } from '../users/actors.ts';
import type { TaskView } from './schemas-work.ts';

/** The stored actor references of tasks, for one loadActorNames() per answer. */
export function taskActorRefs(...rows: Row<'incident_tasks'>[]): (string | null)[] {
  return rows.flatMap((r) => [r.done_by, r.created_by]);
}

/** `names`: from loadActorNames() over taskActorRefs(). */
export function presentTask(r: Row<'incident_tasks'>, names: ActorNames): TaskView {
  return {
    id: r.id,
    incident_id: r.incident_id,
    title: r.title,
    position: r.position,
    assignee_id: r.assignee_id,
    source: r.source,
    done: r.done_at !== null,
    done_at: iso(r.done_at),
    done_by: presentActorOrNull(r.done_by, names),
    created_at: iso(r.created_at),
    created_by: presentActor(r.created_by, names),
  };
}

/** Tasks with the names of the users they mention, read in one query. */
export async function presentTasks(db: Queryable, rows: Row<'incident_tasks'>[]): Promise<TaskView[]> {
  const names = await loadActorNames(db, taskActorRefs(...rows));
  return rows.map((r) => presentTask(r, names));
}
