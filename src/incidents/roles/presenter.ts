import { iso } from '../../platform/http/schema.ts';
import { type ActorNames, presentActor, presentActorOrNull } from '../../users/actors.ts';
import type { AssignmentRow } from './repository.ts';
import type { IncidentRolesView } from './schemas.ts';

/** The stored actor references of assignments, for one loadActorNames() per answer. */
export function roleActorRefs(rows: AssignmentRow[]): (string | null)[] {
  return rows.flatMap((r) => [r.assigned_by, r.ended_by]);
}

/** `names`: from loadActorNames() over roleActorRefs(). */
export function presentRoles(rows: AssignmentRow[], names: ActorNames): IncidentRolesView {
  const current = rows
    .filter((r) => r.ended_at === null)
    .sort(
      (a, b) =>
        (a.role_position ?? Number.MAX_SAFE_INTEGER) - (b.role_position ?? Number.MAX_SAFE_INTEGER) ||
        a.role.localeCompare(b.role),
    );
  return {
    data: current.map((r) => ({
      role: r.role,
      name: r.role_name ?? r.role,
      user_id: r.user_id,
      user_name: r.user_name,
      assigned_at: iso(r.assigned_at),
      assigned_by: presentActor(r.assigned_by, names),
    })),
    history: rows.map((r) => ({
      role: r.role,
      user_id: r.user_id,
      user_name: r.user_name,
      assigned_at: iso(r.assigned_at),
      assigned_by: presentActor(r.assigned_by, names),
      ended_at: iso(r.ended_at),
      ended_by: presentActorOrNull(r.ended_by, names),
    })),
  };
}

/** "Incident commander" reads "incident commander" mid-sentence. */
export function roleInSentence(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
