import type { Row } from '../../platform/db/tables.ts';
import { iso } from '../../platform/http/schema.ts';
import { type ActorNames, presentActorOrNull } from '../../users/actors.ts';
import type { ComponentChangeView, ComponentGroupView, ComponentView } from './schemas.ts';

export function presentComponent(r: Row<'status_components'>): ComponentView {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    group_id: r.group_id,
    service_id: r.service_id,
    position: r.position,
    status: r.status,
    showcase: r.showcase === 1,
    only_show_if_degraded: r.only_show_if_degraded === 1,
    start_date: r.start_date,
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
  };
}

/** `members`: components of this and other groups, in page order; only this group's are used. */
export function presentGroup(
  r: Row<'status_component_groups'>,
  members: { id: string; group_id: string | null }[],
): ComponentGroupView {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    position: r.position,
    component_ids: members.filter((m) => m.group_id === r.id).map((m) => m.id),
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
  };
}

/** `names`: from loadActorNames() over the rows' `changed_by`s. */
export function presentChange(r: Row<'status_component_changes'>, names: ActorNames): ComponentChangeView {
  return {
    id: r.id,
    component_id: r.component_id,
    status: r.status,
    at: iso(r.at),
    status_incident_id: r.status_incident_id,
    changed_by: presentActorOrNull(r.changed_by, names),
  };
}
