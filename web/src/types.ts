// The API's shapes, taken from the server's TypeBox schemas (type-only: nothing of the server
// is bundled). A change to a schema is a type error here, not a silent mismatch at run time.
import type { Static } from '@sinclair/typebox';
import type { IncidentView, TimelineEntryView } from '../../src/incidents/schemas.ts';
import type { INCIDENT_STATUSES } from '../../src/incidents/schemas.ts';
import type { ServiceView } from '../../src/services/schemas.ts';
import type {
  CONTACT_METHOD_TYPES,
  ContactMethod,
  NotificationRuleView,
  SigningSecretView,
  User,
} from '../../src/users/schemas.ts';
import type { ApiTokenView, CreatedApiToken } from '../../src/tokens/schemas.ts';
import type { TestNotificationResult } from '../../src/notify/test-schemas.ts';

export type { IncidentView, ServiceView, TimelineEntryView };
export type UserView = Static<typeof User>;
export type ContactMethodView = Static<typeof ContactMethod>;
export type ContactMethodType = (typeof CONTACT_METHOD_TYPES)[number];
export type CreatedApiTokenView = Static<typeof CreatedApiToken>;
export type { ApiTokenView, NotificationRuleView, SigningSecretView, TestNotificationResult };
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Every list endpoint's answer (PageOf in src/platform/http/schema.ts). */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

// The Now page and the incident list's filters.
export type { IncidentCountsView } from '../../src/incidents/schemas.ts';
export type { TeamView } from '../../src/teams/schemas.ts';
export type { OnCallEntryView, ShiftsView } from '../../src/oncall/schemas.ts';
