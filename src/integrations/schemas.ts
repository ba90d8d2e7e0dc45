import { Type, type Static } from '@sinclair/typebox';
import { Name, StringEnum, Timestamp } from '../platform/http/schema.ts';

export const INTEGRATION_TYPES = ['events-v2', 'alertmanager', 'grafana', 'generic', 'heartbeat'] as const;

/**
 * Generic webhooks: where to find each field in the posted JSON. A path is dot-separated with
 * array indexes (`alert.labels.severity`, `items.0.title`); several paths separated by `|` are
 * tried in order. `severity_map` maps the source's words to ours, `resolve_values` and
 * `acknowledge_values` are the status values that resolve or acknowledge.
 */
export const GenericMapping = Type.Object(
  {
    summary: Type.Optional(Type.String({ maxLength: 500 })),
    dedup_key: Type.Optional(Type.String({ maxLength: 500 })),
    severity: Type.Optional(Type.String({ maxLength: 500 })),
    status: Type.Optional(Type.String({ maxLength: 500 })),
    source: Type.Optional(Type.String({ maxLength: 500 })),
    labels: Type.Optional(Type.String({ maxLength: 500 })),
    severity_map: Type.Optional(
      Type.Record(Type.String(), StringEnum(['critical', 'error', 'warning', 'info'])),
    ),
    resolve_values: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20 })),
    acknowledge_values: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type GenericMapping = Static<typeof GenericMapping>;

export const HeartbeatConfig = Type.Object(
  {
    period_seconds: Type.Integer({
      minimum: 10,
      maximum: 31 * 86400,
      description: 'expected time between pings',
    }),
    grace_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 86400, description: 'default 60' })),
  },
  { additionalProperties: false },
);
export type HeartbeatConfig = Static<typeof HeartbeatConfig>;

export const Integration = Type.Object({
  id: Type.String(),
  service_id: Type.String(),
  name: Type.String(),
  type: StringEnum(INTEGRATION_TYPES),
  key_prefix: Type.String({ description: 'the first characters of the key, to recognise it' }),
  enabled: Type.Boolean(),
  rate_limit_per_minute: Type.Union([Type.Integer(), Type.Null()]),
  mapping: Type.Union([GenericMapping, Type.Null()]),
  heartbeat: Type.Union([HeartbeatConfig, Type.Null()]),
  /** Where to send events, relative to TOCSIN_PUBLIC_URL. */
  endpoint: Type.String(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type IntegrationView = Static<typeof Integration>;

export const CreatedIntegration = Type.Intersect([
  Integration,
  Type.Object({ key: Type.String({ description: 'the integration key; shown only in this answer' }) }),
]);

export const CreateIntegrationInput = Type.Object(
  {
    name: Name,
    type: StringEnum(INTEGRATION_TYPES),
    rate_limit_per_minute: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    mapping: Type.Optional(GenericMapping),
    heartbeat: Type.Optional(HeartbeatConfig),
  },
  { additionalProperties: false },
);
export type CreateIntegrationInput = Static<typeof CreateIntegrationInput>;

export const UpdateIntegrationInput = Type.Object(
  {
    name: Type.Optional(Name),
    enabled: Type.Optional(Type.Boolean()),
    rate_limit_per_minute: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000 }), Type.Null()]),
    ),
    mapping: Type.Optional(GenericMapping),
    heartbeat: Type.Optional(HeartbeatConfig),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateIntegrationInput = Static<typeof UpdateIntegrationInput>;
