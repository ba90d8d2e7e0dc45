import { iso } from '../../platform/http/schema.ts';
import type { AssignmentRow } from './repository.ts';
import type { IncidentRolesView } from './schemas.ts';

export function presentRoles(rows: AssignmentRow[]): IncidentRolesView {
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
      assigned_by: r.assigned_by,
    })),
    history: rows.map((r) => ({
      role: r.role,
      user_id: r.user_id,
      user_name: r.user_name,
      assigned_at: iso(r.assigned_at),
      assigned_by: r.assigned_by,
      ended_at: iso(r.ended_at),
      ended_by: r.ended_by,
    })),
  };
}

/** "Incident commander" reads "incident commander" mid-sentence. */
export function roleInSentence(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
