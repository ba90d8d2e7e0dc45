import { Type, type Static } from '@sinclair/typebox';
import { Id, StringEnum, Timestamp } from '../platform/http/schema.ts';
import { SEVERITY_NAMES } from '../incidents/schemas.ts';

/**
 * Insights (SPEC §6): response, frequency, on-call health, alert quality and process health.
 * Every report covers incidents created (pages sent) in [from, to), at most two years, and
 * answers JSON or, with `format=csv`, the rows of its main table as CSV.
 */
const Range = {
  from: Type.Optional(Timestamp),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'end, exclusive (default now)' })),
  service_id: Type.Optional(Id('only incidents of this service')),
  team_id: Type.Optional(Id('only incidents of services this team owns (on-call health: its members)')),
  format: Type.Optional(StringEnum(['json', 'csv'], 'json (default) or csv')),
};

export const ResponseQuery = Type.Object(
  {
    ...Range,
    severity: Type.Optional(StringEnum(SEVERITY_NAMES)),
    group_by: Type.Optional(StringEnum(['service', 'team', 'severity'], 'one row of figures per group')),
  },
  { additionalProperties: false },
);
export type ResponseQuery = Static<typeof ResponseQuery>;

export const FrequencyQuery = Type.Object(
  { ...Range, severity: Type.Optional(StringEnum(SEVERITY_NAMES)) },
  { additionalProperties: false },
);
export type FrequencyQuery = Static<typeof FrequencyQuery>;

export const OnCallHealthQuery = Type.Object(
  {
    ...Range,
    night_pages_per_week: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1000,
        description:
          'flag people paged in their sleep hours more often than this a week (default: the setting)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type OnCallHealthQuery = Static<typeof OnCallHealthQuery>;

export const AlertQualityQuery = Type.Object(
  {
    ...Range,
    severity: Type.Optional(StringEnum(SEVERITY_NAMES)),
    flap_minutes: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1440,
        description: 're-fired within this long of resolving (default 30)',
      }),
    ),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 500, description: 'alerts ranked (default 20)' }),
    ),
  },
  { additionalProperties: false },
);
export type AlertQualityQuery = Static<typeof AlertQualityQuery>;

export const ProcessHealthQuery = Type.Object(
  { ...Range, severity: Type.Optional(StringEnum(SEVERITY_NAMES)) },
  { additionalProperties: false },
);
export type ProcessHealthQuery = Static<typeof ProcessHealthQuery>;

const Num = Type.Union([Type.Number(), Type.Null()]);

/** Durations in seconds. */
export const Summary = Type.Object({ count: Type.Integer(), mean: Num, median: Num, p90: Num });
export type SummaryView = Static<typeof Summary>;

const Period = Type.Object({ from: Timestamp, to: Timestamp });

export const Metrics = Type.Object({
  incidents: Type.Integer(),
  mttd: Summary,
  mtta: Summary,
  mttm: Summary,
  mttr: Summary,
});
export type MetricsView = Static<typeof Metrics>;

export const ResponseAnswer = Type.Object({
  period: Period,
  previous_period: Period,
  metrics: Metrics,
  previous: Metrics,
  /** current minus previous mean, seconds; negative is faster. */
  trend: Type.Object({ incidents: Type.Integer(), mttd: Num, mtta: Num, mttm: Num, mttr: Num }),
  groups: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), ...Metrics.properties })),
});
export type ResponseAnswer = Static<typeof ResponseAnswer>;

const SeverityCounts = {
  SEV1: Type.Integer(),
  SEV2: Type.Integer(),
  SEV3: Type.Integer(),
  SEV4: Type.Integer(),
};

export const FrequencyAnswer = Type.Object({
  period: Period,
  weeks: Type.Array(
    Type.Object(
      { week_start: Timestamp, total: Type.Integer(), ...SeverityCounts },
      {
        description: 'ISO weeks, Monday 00:00 UTC',
      },
    ),
  ),
  services: Type.Array(
    Type.Object({
      service_id: Type.String(),
      name: Type.String(),
      incidents: Type.Integer(),
      mtbf_seconds: Type.Union([Type.Number(), Type.Null()], {
        description: 'mean time between incident starts; null below two incidents',
      }),
    }),
  ),
});
export type FrequencyAnswer = Static<typeof FrequencyAnswer>;

export const Person = Type.Object({
  user_id: Type.String(),
  name: Type.String(),
  time_zone: Type.String(),
  pages: Type.Integer(),
  pages_per_week: Type.Number(),
  business_hours: Type.Integer(),
  after_hours: Type.Integer(),
  sleep_hours: Type.Integer(),
  weekend: Type.Integer(),
  nights_interrupted: Type.Integer(),
  night_pages_per_week: Type.Number(),
  hours_on_call: Type.Number(),
  share_of_pages: Type.Number({ description: "this person's share of the team's pages, 0..1" }),
  flagged: Type.Boolean({ description: 'more sleep-hour pages a week than the threshold' }),
});
export type PersonView = Static<typeof Person>;

export const OnCallHealthAnswer = Type.Object({
  period: Period,
  weeks: Type.Number({ description: 'the period in weeks, what the per-week figures divide by' }),
  night_pages_per_week_threshold: Type.Number(),
  people: Type.Array(Person),
  /** max share / even share: 1 is a perfectly even rotation, 2 is someone taking twice their share. */
  imbalance: Num,
  weekly: Type.Array(
    Type.Object({
      week_start: Timestamp,
      business_hours: Type.Integer(),
      after_hours: Type.Integer(),
      sleep_hours: Type.Integer(),
    }),
  ),
});
export type OnCallHealthAnswer = Static<typeof OnCallHealthAnswer>;

const Quality = {
  incidents: Type.Integer(),
  classified: Type.Integer(),
  actionable: Type.Integer(),
  noise: Type.Integer(),
  accuracy: Type.Union([Type.Number(), Type.Null()], {
    description: 'actionable / classified; null: none classified',
  }),
};

export const AlertQualityAnswer = Type.Object({
  period: Period,
  flap_minutes: Type.Integer(),
  overall: Type.Object({ ...Quality, pages: Type.Integer(), flapping: Type.Integer() }),
  services: Type.Array(
    Type.Object({ service_id: Type.String(), name: Type.String(), ...Quality, flapping: Type.Integer() }),
  ),
  alerts: Type.Array(
    Type.Object({
      alert_name: Type.String(),
      service_id: Type.String(),
      service: Type.String(),
      ...Quality,
      pages: Type.Integer(),
      flapping: Type.Integer(),
    }),
    { description: 'the noisiest first: most pages, then lowest accuracy' },
  ),
});
export type AlertQualityAnswer = Static<typeof AlertQualityAnswer>;

export const ProcessHealthAnswer = Type.Object({
  period: Period,
  postmortems: Type.Object({
    required: Type.Integer({ description: 'incidents whose severity requires a postmortem' }),
    published: Type.Integer(),
    completion_rate: Num,
    time_to_publish: Summary,
  }),
  action_items: Type.Object({
    due: Type.Integer({ description: 'items due in the period, by today' }),
    closed_by_due_date: Type.Integer(),
    closure_rate: Num,
    open_overdue: Type.Integer(),
  }),
  first_update: Type.Object({
    incidents: Type.Integer(),
    with_update: Type.Integer(),
    time_to_first_update: Summary,
  }),
  runbooks: Type.Object(
    {
      used: Type.Integer({
        description: 'incidents where a runbook step was sent or a responder said whether a runbook helped',
      }),
      marked: Type.Integer({ description: 'incidents where a responder said whether a runbook helped' }),
      helped: Type.Integer({ description: 'of those, incidents where one helped' }),
      efficacy: Num,
    },
    { description: 'runbook use (issue 22); efficacy = helped / marked, null when none was marked' },
  ),
});
export type ProcessHealthAnswer = Static<typeof ProcessHealthAnswer>;
