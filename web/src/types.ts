// The API's shapes, taken from the server's TypeBox schemas (type-only: nothing of the server
// is bundled). A change to a schema is a type error here, not a silent mismatch at run time.
import type { Static } from '@sinclair/typebox';
import type { AlertView } from '../../src/alerts/schemas.ts';
import type { EscalationPolicyView } from '../../src/escalation/policies/schemas.ts';
import type { IncidentRolesView } from '../../src/incidents/roles/schemas.ts';
import type { IncidentView, NotificationView, TimelineEntryView } from '../../src/incidents/schemas.ts';
import type { INCIDENT_STATUSES } from '../../src/incidents/schemas.ts';
import type { RelatedIncidentView, TaskView } from '../../src/incidents/schemas-work.ts';
import type { ServiceView } from '../../src/services/schemas.ts';
import type { RoleTypeView, Severity } from '../../src/severities/schemas.ts';
import type { User } from '../../src/users/schemas.ts';

export type {
  AlertView,
  EscalationPolicyView,
  IncidentRolesView,
  IncidentView,
  NotificationView,
  RelatedIncidentView,
  RoleTypeView,
  ServiceView,
  TaskView,
  TimelineEntryView,
};
export type UserView = Static<typeof User>;
export type SeverityView = Static<typeof Severity>;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Every list endpoint's answer (PageOf in src/platform/http/schema.ts). */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}
