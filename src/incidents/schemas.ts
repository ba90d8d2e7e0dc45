import { Type, type Static } from '@sinclair/typebox';
import { Id, PageQuery, StringEnum, Timestamp } from '../platform/http/schema.ts';
import { CONTACT_METHOD_TYPES } from '../users/schemas.ts';

export const INCIDENT_STATUSES = ['triggered', 'acknowledged', 'resolved'] as const;

export const Incident = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  ref: Type.String({ description: 'human id, e.g. INC-42' }),
  title: Type.String(),
  service_id: Type.String(),
  urgency: StringEnum(['high', 'low']),
  status: StringEnum(INCIDENT_STATUSES),
  alert_count: Type.Integer(),
  created_at: Timestamp,
  updated_at: Timestamp,
  last_alert_at: Timestamp,
  acknowledged_at: Type.Union([Timestamp, Type.Null()]),
  acknowledged_by: Type.Union([Type.String(), Type.Null()]),
  resolved_at: Type.Union([Timestamp, Type.Null()]),
  resolved_by: Type.Union([Type.String(), Type.Null()]),
});
export type IncidentView = Static<typeof Incident>;

export const ListIncidentsQuery = Type.Object(
  {
    ...PageQuery,
    service_id: Type.Optional(Id()),
    status: Type.Optional(StringEnum(INCIDENT_STATUSES)),
    urgency: Type.Optional(StringEnum(['high', 'low'])),
    since: Type.Optional(Type.String({ format: 'date-time', description: 'created at or after' })),
    until: Type.Optional(Type.String({ format: 'date-time', description: 'created before' })),
  },
  { additionalProperties: false },
);
export type ListIncidentsQuery = Static<typeof ListIncidentsQuery>;

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

export const TimelineEntry = Type.Object({
  id: Type.String(),
  at: Timestamp,
  kind: Type.String({ description: 'triggered, escalated, paged, notified, acknowledged, snoozed ...' }),
  actor: Type.String({ description: '`user:<id>`, `system:<name>` or `alert:<id>`' }),
  message: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown(), { description: "the entry's particulars" }),
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
  bundled_into: Type.Union([Type.String(), Type.Null()], {
    description: 'the notification whose message carried this one, when the throttle bundled it',
  }),
  attempts_log: Type.Array(NotificationAttempt),
});
export type NotificationView = Static<typeof Notification>;
