// The API's shapes, taken from the server's TypeBox schemas (type-only: nothing of the server
// is bundled). A change to a schema is a type error here, not a silent mismatch at run time.
import type { Static } from '@sinclair/typebox';
import type { AlertEvent, AlertView } from '../../src/alerts/schemas.ts';
import type { ALERT_STATUSES, SEVERITY_VALUES } from '../../src/alerts/schemas.ts';
import type { IncidentView, NotificationView, TimelineEntryView } from '../../src/incidents/schemas.ts';
import type {
  CreatePolicyInput,
  EscalationPolicyView,
  TARGET_TYPES,
} from '../../src/escalation/policies/schemas.ts';
import type { IncidentRolesView } from '../../src/incidents/roles/schemas.ts';
import type { RelatedIncidentView, TaskView } from '../../src/incidents/schemas-work.ts';
import type { RoleTypeView, Severity } from '../../src/severities/schemas.ts';
import type { CLASSIFICATIONS, INCIDENT_STATUSES } from '../../src/incidents/schemas.ts';
import type {
  LayerView,
  OnCallEntryView,
  OverrideView,
  ScheduleView,
  ShiftsView,
  ShiftView,
} from '../../src/oncall/schemas.ts';
import type { CalendarFeedView, CreatedCalendarFeed, TimeOffView } from '../../src/oncall/schemas-plans.ts';
import type { AlertGrouping, ServiceView } from '../../src/services/schemas.ts';
import type {
  CreatedIntegration,
  INTEGRATION_TYPES,
  IntegrationView,
} from '../../src/integrations/schemas.ts';
import type { PreviewInput, PreviewShiftsView } from '../../src/oncall/schemas-preview.ts';
import type { CreateLayerInput, RestrictionInput, SHIFT_UNITS } from '../../src/oncall/schemas.ts';
import type {
  CONTACT_METHOD_TYPES,
  USER_ROLES,
  ContactMethod,
  NotificationRuleView,
  SigningSecretView,
  User,
} from '../../src/users/schemas.ts';
import type { CreatedInviteView, UserReferencesView } from '../../src/users/schemas.ts';
import type { ApiTokenView, CreatedApiToken } from '../../src/tokens/schemas.ts';
import type { TestNotificationResult } from '../../src/notify/test-schemas.ts';
import type { MaintenanceWindowView, SilenceView } from '../../src/silences/schemas.ts';
import type { TEAM_MEMBER_ROLES, TeamMemberView, TeamView } from '../../src/teams/schemas.ts';
import type { AuditEntry, AuditVerifyAnswer } from '../../src/audit/schemas.ts';
import type { ApplyAnswer, ExportAnswer, PlanAnswer, PlanChange } from '../../src/config/api-schemas.ts';
import type { ACTION_ITEM_PRIORITIES, ACTION_ITEM_STATUSES } from '../../src/action-items/schemas.ts';
import type { CreateDigestBody } from '../../src/insights/digest/schemas.ts';
import type {
  Coverage,
  IncidentRunbooks,
  RunbookDiff,
  RunbookVersionSummary,
} from '../../src/runbooks/schemas.ts';
import type {
  AlertRuleInput,
  Chart as SloChart,
  SloAlert,
  STATUSES as SLO_STATUSES,
} from '../../src/slos/schemas.ts';
import type {
  DryRun,
  KillSwitches,
  METHODS,
  RUN_STATUSES,
  Secret,
} from '../../src/runbooks/steps/schemas.ts';

export type {
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
export type SeverityView = Static<typeof Severity>;
export type { AlertView, MaintenanceWindowView, SilenceView };
export type {
  CalendarFeedView,
  OnCallEntryView,
  OverrideView,
  ScheduleView,
  ShiftsView,
  ShiftView,
  TimeOffView,
};
export type { TeamMemberView, TeamView };
export type { CreateLayerInput, LayerView, PreviewInput, PreviewShiftsView, RestrictionInput };
export type ShiftUnit = (typeof SHIFT_UNITS)[number];
export type UserView = Static<typeof User>;
export type { CreatedInviteView, UserReferencesView };
export type ContactMethodView = Static<typeof ContactMethod>;
export type ContactMethodType = (typeof CONTACT_METHOD_TYPES)[number];
export type CreatedApiTokenView = Static<typeof CreatedApiToken>;
export type { ApiTokenView, NotificationRuleView, SigningSecretView, TestNotificationResult };
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export type AlertSeverity = (typeof SEVERITY_VALUES)[number];
export type AlertEventView = Static<typeof AlertEvent>;
export type CreatedCalendarFeedView = Static<typeof CreatedCalendarFeed>;

/** Every list endpoint's answer (PageOf in src/platform/http/schema.ts). */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

// The service pages.
export type { AlertGrouping, IntegrationView };
export type CreatedIntegrationView = Static<typeof CreatedIntegration>;
export type IntegrationType = (typeof INTEGRATION_TYPES)[number];

// The Now page and the incident list's filters.
export type { IncidentCountsView } from '../../src/incidents/schemas.ts';

// Escalation policies and people (issue 17).
export type PolicyInputView = Static<typeof CreatePolicyInput>;
export type PolicyTargetType = (typeof TARGET_TYPES)[number];
export type UserRole = (typeof USER_ROLES)[number];
export type TeamMemberRole = (typeof TEAM_MEMBER_ROLES)[number];

// Settings: the audit log and configuration as code.
export type AuditEntryView = Static<typeof AuditEntry>;
export type AuditVerifyView = Static<typeof AuditVerifyAnswer>;
export type PlanView = Static<typeof PlanAnswer>;
export type PlanChangeView = Static<typeof PlanChange>;
export type ApplyView = Static<typeof ApplyAnswer>;
export type ExportView = Static<typeof ExportAnswer>;

// Silences and maintenance windows: what they would match before they are saved.
export type { SuppressionPreviewView } from '../../src/alerts/preview-schemas.ts';

// Getting started (issue 17): the set-up checklist.
export type { GettingStartedStepKey, GettingStartedView } from '../../src/getting-started/schemas.ts';

// Schedules, part 2: the editor's one-request save, time off, swaps and temporary schedules.
export type { ReplaceScheduleInput } from '../../src/oncall/schemas-preview.ts';
export type { SwapView, TemporaryView } from '../../src/oncall/schemas-plans.ts';

// Settings part 2: incident role types and the notification throttle view.
export type { RoleTypeInUseView } from '../../src/severities/schemas.ts';
export type { ThrottleViewAnswer as ThrottleView } from '../../src/notify/throttle-schemas.ts';

// Services part 2 (issue 17): integration admin, test alerts, the services list's status.
export type { GenericMapping } from '../../src/integrations/schemas.ts';
export type { TestAlertResult } from '../../src/ingest/schemas.ts';
export type { ServiceStatusView } from '../../src/services/schemas.ts';

// The status page admin (issue 18).
export type {
  ComponentChangeView as StatusComponentChangeView,
  ComponentGroupView as StatusGroupView,
  ComponentView as StatusComponentView,
} from '../../src/status-page/components/schemas.ts';
export type { StatusPageSettingsView } from '../../src/status-page/schemas.ts';
export type { StatusTemplateView } from '../../src/status-page/templates/schemas.ts';
export type { StatusSubscriberView } from '../../src/status-page/subscribers/schemas.ts';
export type {
  AffectedComponentView as StatusAffectedComponentView,
  PublicIncidentView,
  PublicUpdateView,
} from '../../src/status-page/incidents/schemas.ts';

// Action items (issue 19): an incident's follow-ups, on the incident, the board and the Now page.
export type { ActionItemView } from '../../src/action-items/schemas.ts';
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];
export type ActionItemPriority = (typeof ACTION_ITEM_PRIORITIES)[number];
export type { CreatedTicketTrackerView, TicketTrackerView } from '../../src/action-items/trackers/schemas.ts';

// Postmortems (issue 19).
export type {
  IncidentDraftView,
  PostmortemSummaryView,
  PostmortemView,
} from '../../src/postmortems/schemas.ts';
export type { PostmortemTemplateView } from '../../src/postmortems/templates/schemas.ts';

// Insights (SPEC §6): response, frequency, on-call health, alert quality and process health.
export type {
  AlertQualityAnswer,
  FrequencyAnswer,
  MetricsView,
  OnCallHealthAnswer,
  PersonView,
  ProcessHealthAnswer,
  ResponseAnswer,
  SummaryView,
} from '../../src/insights/schemas.ts';
export type IncidentClassification = (typeof CLASSIFICATIONS)[number];

// A team's weekly insight digest (issue 21): where its managers have last week's insights sent.
export type {
  CreatedDigestView as CreatedInsightDigestView,
  DigestView as InsightDigestView,
} from '../../src/insights/digest/schemas.ts';
export type InsightDigestKind = CreateDigestBody['kind'];

// Runbooks (issue 22): the library, the editor with its versions, and an incident's matching runbooks.
export type { RunbookSummaryView, RunbookVersionView, RunbookView } from '../../src/runbooks/schemas.ts';
export type RunbookVersionSummaryView = Static<typeof RunbookVersionSummary>;
export type RunbookDiffView = Static<typeof RunbookDiff>;
export type RunbookCoverageView = Static<typeof Coverage>;
export type IncidentRunbooksView = Static<typeof IncidentRunbooks>;

// Runbooks' automated steps (issue 22): steps, their runs on an incident, secrets, kill switches.
export type {
  RunView as RunbookRunView,
  ShownRequestView,
  StepView as RunbookStepView,
} from '../../src/runbooks/steps/schemas.ts';
export type RunbookRunStatus = (typeof RUN_STATUSES)[number];
export type RunbookStepMethod = (typeof METHODS)[number];
export type RunbookDryRunView = Static<typeof DryRun>;
export type RunbookSecretView = Static<typeof Secret>;
export type KillSwitchesView = Static<typeof KillSwitches>;

// SLOs (issue 23): objectives with their error budgets and burn, a service's release gate and policy.
export type { BudgetPolicyView, ReleaseGateView, SloView } from '../../src/slos/schemas.ts';
export type SloChartView = Static<typeof SloChart>;
export type SloAlertView = Static<typeof SloAlert>;
export type SloRuleView = Static<typeof AlertRuleInput>;
export type SloStatus = (typeof SLO_STATUSES)[number];
