import { Type, type Static } from '@sinclair/typebox';
import { Id, PageQuery, StringEnum, Timestamp } from '../platform/http/schema.ts';

export const ALERT_STATUSES = ['triggered', 'acknowledged', 'resolved', 'suppressed'] as const;
export const SEVERITY_VALUES = ['critical', 'error', 'warning', 'info'] as const;

export const Alert = Type.Object({
  id: Type.String(),
  service_id: Type.String(),
  integration_id: Type.Union([Type.String(), Type.Null()]),
  incident_id: Type.Union([Type.String(), Type.Null()]),
  dedup_key: Type.String(),
  status: StringEnum(ALERT_STATUSES),
  severity: StringEnum(SEVERITY_VALUES),
  summary: Type.String(),
  source: Type.String(),
  component: Type.Union([Type.String(), Type.Null()]),
  group: Type.Union([Type.String(), Type.Null()]),
  class: Type.Union([Type.String(), Type.Null()]),
  labels: Type.Record(Type.String(), Type.String()),
  details: Type.Unknown(),
  links: Type.Array(Type.Unknown()),
  images: Type.Array(Type.Unknown()),
  occurrences: Type.Integer(),
  started_at: Timestamp,
  received_at: Timestamp,
  last_seen_at: Timestamp,
  ends_at: Type.Union([Timestamp, Type.Null()]),
  acknowledged_at: Type.Union([Timestamp, Type.Null()]),
  resolved_at: Type.Union([Timestamp, Type.Null()]),
  suppressed_by: Type.Union([Type.String(), Type.Null()]),
});
export type AlertView = Static<typeof Alert>;

export const AlertEvent = Type.Object({
  id: Type.String(),
  action: Type.String(),
  at: Timestamp,
  payload: Type.Unknown(),
});

export const ListAlertEventsQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const AlertWithEvents = Type.Intersect([Alert, Type.Object({ events: Type.Array(AlertEvent) })]);

export const ListAlertsQuery = Type.Object(
  {
    ...PageQuery,
    service_id: Type.Optional(Id()),
    incident_id: Type.Optional(Id()),
    status: Type.Optional(StringEnum(ALERT_STATUSES)),
    severity: Type.Optional(StringEnum(SEVERITY_VALUES)),
    label: Type.Optional(
      Type.String({ pattern: '^[^=]+=.*$', description: 'name=value; the alert must carry this label' }),
    ),
    suppressed_by: Type.Optional(
      Type.String({
        pattern: '^(silence|maintenance):\\S+$',
        maxLength: 100,
        description: 'silence:<id> or maintenance:<id>: the alerts it suppressed',
      }),
    ),
    since: Type.Optional(Type.String({ format: 'date-time', description: 'received at or after' })),
    until: Type.Optional(Type.String({ format: 'date-time', description: 'received before' })),
  },
  { additionalProperties: false },
);
export type ListAlertsQuery = Static<typeof ListAlertsQuery>;
