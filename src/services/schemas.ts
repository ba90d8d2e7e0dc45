import { Type, type Static } from '@sinclair/typebox';
import { Id, Name, PageQuery, StringEnum, Timestamp } from '../platform/http/schema.ts';
import { URGENCIES } from '../users/schemas.ts';
import { Description } from '../teams/schemas.ts';

export const Dependencies = Type.Array(Id('a service this one depends on'), {
  maxItems: 100,
  description: 'ids of the services this one depends on; replaces the whole list',
});

/** See src/incidents/grouping.ts. */
export const AlertGrouping = Type.Union(
  [
    Type.Object(
      {
        mode: Type.Literal('dedup_key'),
        storm_threshold_per_minute: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        mode: Type.Literal('labels'),
        labels: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 20 }),
        window_minutes: Type.Integer({ minimum: 1, maximum: 7 * 24 * 60 }),
        storm_threshold_per_minute: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
      },
      { additionalProperties: false },
    ),
  ],
  {
    description:
      'how alerts become incidents: one per dedup key (default), or by equal label values within a window; above storm_threshold_per_minute new alerts join the open incident',
  },
);

export type AlertGrouping = Static<typeof AlertGrouping>;

/** See src/services/urgency.ts. */
export const UrgencyRules = Type.Object(
  {
    critical: Type.Optional(StringEnum(URGENCIES)),
    error: Type.Optional(StringEnum(URGENCIES)),
    warning: Type.Optional(StringEnum(URGENCIES)),
    info: Type.Optional(StringEnum(URGENCIES)),
  },
  {
    additionalProperties: false,
    description:
      'the urgency of incidents opened by alerts of each severity (default: critical and error high, warning and info low); high pages by high-urgency notification rules',
  },
);

const EscalationPolicyId = Type.Union([Id('the escalation policy that pages for it'), Type.Null()], {
  description: 'null: its incidents page nobody',
});

/** `GET /services?include=status`: how the service is doing now, in the list's one request. */
export const ServiceStatus = Type.Object({
  open_incidents: Type.Integer({ description: 'triggered, acknowledged or mitigated' }),
  last_alert_at: Type.Union([Timestamp, Type.Null()]),
  on_call_now: Type.Union(
    [
      Type.Array(
        Type.Object({
          type: StringEnum(['user', 'team', 'round_robin']),
          id: Type.String({ description: 'the user, team, or round-robin schedule' }),
          name: Type.String(),
        }),
      ),
      Type.Null(),
    ],
    {
      description:
        'who the first level of its escalation policy pages now: people (schedules as whoever is on call on them), teams, round-robin schedules; null without a policy',
    },
  ),
});
export type ServiceStatusView = Static<typeof ServiceStatus>;

export const Service = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  team_id: Type.String({ description: 'the owning team' }),
  escalation_policy_id: Type.Union([Type.String(), Type.Null()]),
  dependencies: Type.Array(Type.String(), { description: 'ids of services this one depends on, sorted' }),
  dependents: Type.Array(Type.String(), { description: 'ids of services that depend on this one, sorted' }),
  alert_grouping: AlertGrouping,
  urgency_rules: Type.Object({
    critical: StringEnum(URGENCIES),
    error: StringEnum(URGENCIES),
    warning: StringEnum(URGENCIES),
    info: StringEnum(URGENCIES),
  }),
  created_at: Timestamp,
  updated_at: Timestamp,
  status: Type.Optional(ServiceStatus),
});
export type ServiceView = Static<typeof Service>;

export const CreateServiceInput = Type.Object(
  {
    name: Name,
    description: Type.Optional(Description),
    team_id: Id('the owning team'),
    escalation_policy_id: Type.Optional(EscalationPolicyId),
    dependencies: Type.Optional(Dependencies),
    alert_grouping: Type.Optional(AlertGrouping),
    urgency_rules: Type.Optional(UrgencyRules),
  },
  { additionalProperties: false },
);
export type CreateServiceInput = Static<typeof CreateServiceInput>;

export const UpdateServiceInput = Type.Object(
  {
    name: Type.Optional(Name),
    description: Type.Optional(Description),
    team_id: Type.Optional(Id('the owning team')),
    escalation_policy_id: Type.Optional(EscalationPolicyId),
    dependencies: Type.Optional(Dependencies),
    alert_grouping: Type.Optional(AlertGrouping),
    urgency_rules: Type.Optional(UrgencyRules),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateServiceInput = Static<typeof UpdateServiceInput>;

export const ListServicesQuery = Type.Object(
  {
    ...PageQuery,
    team_id: Type.Optional(Id('only services this team owns')),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'substring of the name' })),
    include: Type.Optional(Type.Literal('status', { description: "add each service's status" })),
  },
  { additionalProperties: false },
);
export type ListServicesQuery = Static<typeof ListServicesQuery>;
