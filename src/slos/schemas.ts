import { Type, type Static } from '@sinclair/typebox';
import { SEVERITIES } from '../ingest/event.ts';
import { Id, Name, PageQuery, StringEnum, Timestamp } from '../platform/http/schema.ts';
import { WINDOWS } from './burn.ts';

/** The SLO API's shapes (README "SLOs and error budgets"; /tmp contract kept in sync with web/). */

export const STATUSES = ['ok', 'burning', 'exhausted', 'unknown', 'no_data'] as const;
export const SLI_KINDS = ['events', 'prometheus'] as const;
export const MAX_QUERY = 4000;
export const DEFAULT_UNKNOWN_ALERT_AFTER_MINUTES = 10;

const WindowName = StringEnum(WINDOWS, 'a burn-rate window');
const Query = Type.String({
  minLength: 1,
  maxLength: MAX_QUERY,
  description:
    'PromQL: the number of events in the minute ending at its evaluation time, e.g. sum(increase(http_requests_total[1m]))',
});
const NullableQuery = Type.Union([Query, Type.Null()]);

export const SliInput = Type.Object({
  kind: StringEnum(SLI_KINDS, 'pushed counts, or two PromQL queries'),
  prometheus_url: Type.Optional(Type.String({ maxLength: 2000, description: "Prometheus's base URL" })),
  good_query: Type.Optional(NullableQuery),
  error_query: Type.Optional(NullableQuery),
  total_query: Type.Optional(Query),
});
export type SliInputValue = Static<typeof SliInput>;

export const AlertRuleInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' }),
  long_window: WindowName,
  short_window: WindowName,
  burn_rate: Type.Number({ exclusiveMinimum: 0, maximum: 10_000 }),
  severity: StringEnum(SEVERITIES, 'alert severity (the service maps it to an urgency)'),
});

const Objective = Type.Number({
  exclusiveMinimum: 0,
  exclusiveMaximum: 1,
  description: 'the fraction of good events promised, e.g. 0.999',
});
const WindowDays = Type.Integer({ description: 'rolling window in days: 7, 28 or 30' });
const Description = Type.String({ maxLength: 2000 });
const UnknownAfter = Type.Integer({
  minimum: 1,
  maximum: 1440,
  description: 'Prometheus SLI: minutes unreadable before an alert',
});

export const CreateSloInput = Type.Object(
  {
    service_id: Id('service id'),
    name: Name,
    description: Type.Optional(Description),
    objective: Objective,
    window_days: WindowDays,
    sli: SliInput,
    alerts: Type.Optional(Type.Array(AlertRuleInput, { maxItems: 10 })),
    exclude_maintenance: Type.Optional(Type.Boolean()),
    unknown_alert_after_minutes: Type.Optional(UnknownAfter),
  },
  { additionalProperties: false },
);
export type CreateSloInputValue = Static<typeof CreateSloInput>;

export const EditSloInput = Type.Object(
  {
    name: Type.Optional(Name),
    description: Type.Optional(Description),
    objective: Type.Optional(Objective),
    window_days: Type.Optional(WindowDays),
    sli: Type.Optional(SliInput),
    alerts: Type.Optional(Type.Array(AlertRuleInput, { maxItems: 10 })),
    exclude_maintenance: Type.Optional(Type.Boolean()),
    unknown_alert_after_minutes: Type.Optional(UnknownAfter),
  },
  { additionalProperties: false },
);
export type EditSloInputValue = Static<typeof EditSloInput>;

const Nullable = <T extends ReturnType<typeof Type.Number>>(t: T) => Type.Union([t, Type.Null()]);
const Rate = Nullable(Type.Number());

export const Slo = Type.Object({
  id: Type.String(),
  service_id: Type.String(),
  service_name: Type.String(),
  name: Type.String(),
  description: Type.String(),
  objective: Type.Number(),
  window_days: Type.Integer(),
  sli: Type.Object({
    kind: StringEnum(SLI_KINDS),
    prometheus_url: Type.Optional(Type.String()),
    good_query: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    error_query: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    total_query: Type.Optional(Type.String()),
  }),
  alerts: Type.Array(AlertRuleInput),
  exclude_maintenance: Type.Boolean(),
  unknown_alert_after_minutes: Type.Integer(),
  status: StringEnum(STATUSES),
  status_reason: Type.Union([Type.String(), Type.Null()]),
  budget: Type.Object({
    remaining: Rate,
    remaining_minutes: Rate,
    allowed_minutes: Type.Number(),
    good: Type.Number(),
    total: Type.Number(),
    excluded: Type.Number(),
    error_ratio: Rate,
    forecast_exhausted_at: Type.Union([Timestamp, Type.Null()]),
  }),
  burn_rates: Type.Record(Type.String(), Rate),
  firing: Type.Array(
    Type.Object({
      alert: Type.String(),
      since: Timestamp,
      alert_id: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  evaluated_at: Type.Union([Timestamp, Type.Null()]),
  url: Type.String({ description: "the SLO's page in the web UI" }),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type SloView = Static<typeof Slo>;

export const ListSlosQuery = Type.Object({
  ...PageQuery,
  service_id: Type.Optional(Id('service id')),
  status: Type.Optional(StringEnum(STATUSES)),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});

const Count = Type.Number({
  minimum: 0,
  maximum: 1e9,
  description: 'events (fractions allowed, to a thousandth); at most a billion in one count',
});
export const EventCounts = Type.Object(
  {
    good: Count,
    total: Count,
    at: Type.Optional(
      Type.Union([Timestamp, Type.Number({ description: 'ms since the epoch' })], {
        description: 'when the events happened (default: now); up to 3 days back',
      }),
    ),
  },
  { additionalProperties: false },
);
export const PushEventsInput = Type.Union([
  EventCounts,
  Type.Object(
    { events: Type.Array(EventCounts, { minItems: 1, maxItems: 1000 }) },
    { additionalProperties: false },
  ),
]);
export type PushEventsInputValue = Static<typeof PushEventsInput>;
export const PushEventsAnswer = Type.Object({ accepted: Type.Integer(), duplicate: Type.Boolean() });

export const ChartPoint = Type.Object({
  at: Timestamp,
  good: Type.Number(),
  total: Type.Number(),
  error_ratio: Rate,
  burn_rate: Rate,
  budget_remaining: Rate,
});
export const Chart = Type.Object({
  objective: Type.Number(),
  window_days: Type.Integer(),
  points: Type.Array(ChartPoint),
});

export const SloAlert = Type.Object({
  alert_id: Type.String(),
  rule: Type.String(),
  status: Type.String(),
  severity: Type.String(),
  summary: Type.String(),
  opened_at: Timestamp,
  resolved_at: Type.Union([Timestamp, Type.Null()]),
  incident_id: Type.Union([Type.String(), Type.Null()]),
  incident_ref: Type.Union([Type.String(), Type.Null()]),
  labels: Type.Record(Type.String(), Type.String()),
});
export const SloAlerts = Type.Object({ data: Type.Array(SloAlert) });

export const BudgetPolicy = Type.Object({
  block_releases: Type.Boolean(),
  min_budget_remaining: Type.Number(),
  block_when_unknown: Type.Boolean(),
  override_until: Type.Union([Timestamp, Type.Null()]),
  override_reason: Type.Union([Type.String(), Type.Null()]),
  updated_at: Type.Union([Timestamp, Type.Null()]),
});
export type BudgetPolicyView = Static<typeof BudgetPolicy>;
export const BudgetPolicyInput = Type.Object(
  {
    block_releases: Type.Optional(Type.Boolean()),
    min_budget_remaining: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    block_when_unknown: Type.Optional(Type.Boolean()),
    override_until: Type.Optional(Type.Union([Timestamp, Type.Null()])),
    override_reason: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type BudgetPolicyInputValue = Static<typeof BudgetPolicyInput>;

export const ReleaseGate = Type.Object({
  allow: Type.Boolean(),
  reason: Type.String(),
  slos: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), status: Type.String(), budget_remaining: Rate }),
  ),
  override_until: Type.Union([Timestamp, Type.Null()]),
});
export type ReleaseGateView = Static<typeof ReleaseGate>;
