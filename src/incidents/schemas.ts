import { Type, type Static } from '@sinclair/typebox';
import { Id, PageQuery, StringEnum, Timestamp } from '../platform/http/schema.ts';
import { NullableActor, Actor } from '../users/actors.ts';
import { CONTACT_METHOD_TYPES } from '../users/schemas.ts';

export const INCIDENT_STATUSES = ['triggered', 'acknowledged', 'mitigated', 'resolved', 'closed'] as const;
export const SEVERITY_NAMES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export const CLASSIFICATIONS = ['actionable', 'noise'] as const;

/** Resolving may carry the verdict that alert quality counts (SPEC §6). */
export const ResolveBody = Type.Object(
  {
    classification: Type.Optional(StringEnum(CLASSIFICATIONS, 'was it worth a page: actionable, or noise')),
  },
  { additionalProperties: false },
);
export type ResolveBody = Static<typeof ResolveBody>;

export const ClassifyBody = Type.Object(
  { classification: StringEnum(CLASSIFICATIONS, 'actionable, or noise') },
  { additionalProperties: false },
);
export type ClassifyBody = Static<typeof ClassifyBody>;

const NullableTime = Type.Union([Timestamp, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const Incident = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  ref: Type.String({ description: 'human id, e.g. INC-42' }),
  title: Type.String(),
  description: Type.String(),
  service_id: Type.String({ description: 'the service whose escalation policy pages for it' }),
  service_ids: Type.Array(Type.String(), { description: 'every service it affects, its own first' }),
  severity: StringEnum(SEVERITY_NAMES),
  urgency: StringEnum(['high', 'low']),
  status: StringEnum(INCIDENT_STATUSES),
  origin: StringEnum(['alert', 'declared']),
  slug: Type.String({ description: 'chat channel name: inc-YYYYMMDD-<service>' }),
  alert_count: Type.Integer(),
  created_at: Timestamp,
  updated_at: Timestamp,
  last_alert_at: Timestamp,
  declared_by: NullableActor,
  acknowledged_at: NullableTime,
  acknowledged_by: NullableActor,
  mitigated_at: NullableTime,
  mitigated_by: NullableActor,
  resolved_at: NullableTime,
  resolved_by: NullableActor,
  closed_at: NullableTime,
  closed_by: NullableActor,
  merged_into_id: NullableString,
  postmortem_url: NullableString,
  postmortem_waived_reason: Type.Union([Type.String(), Type.Null()], {
    description: 'why an admin let it close without a postmortem; null: not waived',
  }),
  postmortem_waived_by: NullableActor,
  last_update_at: NullableTime,
  next_update_due_at: NullableTime,
  classification: Type.Union([StringEnum(CLASSIFICATIONS), Type.Null()], {
    description: "the responders' verdict: actionable (worth the page) or noise; null: not given",
  }),
  classified_by: NullableActor,
  durations: Type.Object(
    {
      to_acknowledge_seconds: Type.Union([Type.Number(), Type.Null()]),
      to_mitigate_seconds: Type.Union([Type.Number(), Type.Null()]),
      to_resolve_seconds: Type.Union([Type.Number(), Type.Null()]),
    },
    { description: 'from created_at (triggered) to each transition: what MTTA, MTTM and MTTR average' },
  ),
});
export type IncidentView = Static<typeof Incident>;

/** What narrows the incident list and its counts (`GET /incidents`, `GET /incidents/counts`). */
const IncidentFilters = {
  service_id: Type.Optional(Id()),
  team_id: Type.Optional(Id('only incidents on a service this team owns')),
  severity: Type.Optional(StringEnum(SEVERITY_NAMES)),
  urgency: Type.Optional(StringEnum(['high', 'low'])),
  since: Type.Optional(Type.String({ format: 'date-time', description: 'created at or after' })),
  until: Type.Optional(Type.String({ format: 'date-time', description: 'created before' })),
  assigned_to: Type.Optional(
    Id('a user id, or `me`: incidents they were paged for, are reassigned to, or hold a role in now'),
  ),
  q: Type.Optional(
    Type.String({ maxLength: 200, description: 'text in the title, or the number (`42`, `INC-42`)' }),
  ),
};

export const ListIncidentsQuery = Type.Object(
  {
    ...PageQuery,
    ...IncidentFilters,
    status: Type.Optional(
      Type.Array(StringEnum(INCIDENT_STATUSES), {
        maxItems: INCIDENT_STATUSES.length,
        description:
          'any of these; repeat the parameter for several (`?status=triggered&status=acknowledged`)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ListIncidentsQuery = Static<typeof ListIncidentsQuery>;

export const IncidentCountsQuery = Type.Object(IncidentFilters, { additionalProperties: false });
export type IncidentCountsQuery = Static<typeof IncidentCountsQuery>;

const Count = Type.Integer({ minimum: 0 });
export const IncidentCounts = Type.Object(
  { triggered: Count, acknowledged: Count, mitigated: Count, resolved: Count, closed: Count },
  { description: 'how many incidents match the filters, per status' },
);
export type IncidentCountsView = Static<typeof IncidentCounts>;

export const EscalateBody = Type.Object(
  {
    level: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: "1-based level of the incident's policy to page now; default: the next level",
      }),
    ),
  },
  { additionalProperties: false },
);
export type EscalateBody = Static<typeof EscalateBody>;

export const MAX_ASSIGNEES = 10;

export const ReassignBody = Type.Object(
  {
    user_ids: Type.Optional(
      Type.Array(Id('a user to page'), {
        minItems: 1,
        maxItems: MAX_ASSIGNEES,
        description: 'page these people now; give this or escalation_policy_id',
      }),
    ),
    escalation_policy_id: Type.Optional(Id('run this policy from level 1 now; give this or user_ids')),
  },
  { additionalProperties: false },
);
export type ReassignBody = Static<typeof ReassignBody>;

export const SnoozeBody = Type.Object(
  {
    minutes: Type.Integer({
      minimum: 1,
      maximum: 1440,
      description: 'the incident is triggered and paged again after this many minutes',
    }),
  },
  { additionalProperties: false },
);
export type SnoozeBody = Static<typeof SnoozeBody>;

export const ListPageQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const ListTimelineQuery = Type.Object(
  {
    ...PageQuery,
    pinned: Type.Optional(
      StringEnum(['true', 'false'], 'true: key events only; false: every entry that is not pinned'),
    ),
  },
  { additionalProperties: false },
);
export type ListTimelineQuery = Static<typeof ListTimelineQuery>;

export const TimelineEntry = Type.Object({
  id: Type.String(),
  at: Timestamp,
  kind: Type.String({ description: 'triggered, escalated, paged, notified, acknowledged, snoozed ...' }),
  actor: Actor,
  message: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown(), { description: "the entry's particulars" }),
  pinned: Type.Boolean({ description: 'a key event' }),
  backdated: Type.Boolean({ description: 'written after the fact with a past time' }),
  recorded_at: Type.Union([Timestamp, Type.Null()], { description: 'when a backdated entry was written' }),
});
export type TimelineEntryView = Static<typeof TimelineEntry>;

export const NotificationAttempt = Type.Object({
  attempt: Type.Integer(),
  outcome: StringEnum(['delivered', 'failed']),
  response_code: Type.Union([Type.Integer(), Type.Null()]),
  latency_ms: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()]),
  at: Timestamp,
});

export const Notification = Type.Object({
  id: Type.String(),
  incident_id: Type.String(),
  user_id: Type.String(),
  channel: StringEnum(CONTACT_METHOD_TYPES),
  contact_method_id: Type.Union([Type.String(), Type.Null()]),
  status: StringEnum(['pending', 'sending', 'sent', 'failed', 'cancelled', 'bundled']),
  run_at: Timestamp,
  sent_at: Type.Union([Timestamp, Type.Null()]),
  attempts: Type.Integer(),
  last_error: Type.Union([Type.String(), Type.Null()]),
  kind: StringEnum(
    ['page', 'update', 'reminder', 'action_item', 'postmortem'],
    'page: escalation; update: a status update to a subscriber; reminder: an update is overdue; action_item: an action item is overdue; postmortem: a postmortem is due soon or overdue',
  ),
  bundled_into: Type.Union([Type.String(), Type.Null()], {
    description: 'the notification whose message carried this one, when the throttle bundled it',
  }),
  attempts_log: Type.Array(NotificationAttempt),
});
export type NotificationView = Static<typeof Notification>;
