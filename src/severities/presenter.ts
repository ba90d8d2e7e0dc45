import type { Row } from '../platform/db/tables.ts';
import type { SeveritySettings } from './repository.ts';
import type { RoleTypeView, SeverityView } from './schemas.ts';

export function presentSeverity(s: SeveritySettings): SeverityView {
  return {
    name: s.name,
    rank: s.rank,
    description: s.description,
    response_hours: s.responseHours,
    response_target_minutes: s.responseTargetMinutes,
    status_page_minutes: s.statusPageMinutes,
    update_cadence_minutes: s.updateCadenceMinutes,
    public_update_minutes: s.publicUpdateMinutes,
    postmortem_required: s.postmortemRequired,
    postmortem_due_business_days: s.postmortemDueBusinessDays,
    pages: s.pages,
    alert_severities: s.alertSeverities,
    checklist: s.checklist,
  };
}

export function presentRoleType(r: Row<'incident_role_types'>): RoleTypeView {
  return { slug: r.slug, name: r.name, description: r.description, position: r.position };
}
