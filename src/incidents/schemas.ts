import { Type, type Static } from '@sinclair/typebox';
import { Id, PageQuery, StringEnum, Timestamp } from '../platform/http/schema.ts';

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
