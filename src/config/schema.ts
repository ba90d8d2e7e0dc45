import { Type, type Static, type TProperties, type TSchema } from '@sinclair/typebox';
import { Name, Timestamp } from '../platform/http/schema.ts';
import { AddMemberInput, CreateTeamInput } from '../teams/schemas.ts';
import { ContactMethodInput, CreateUserInput, Email, NotificationRuleInput } from '../users/schemas.ts';
import { CreateServiceInput, Dependencies } from '../services/schemas.ts';
import { CreateIntegrationInput, UpdateIntegrationInput } from '../integrations/schemas.ts';
import { CreateLayerInput, CreateOverrideInput, CreateScheduleInput } from '../oncall/schemas.ts';
import { CreatePolicyInput, LevelInput, MAX_LEVELS, MAX_TARGETS } from '../escalation/policies/schemas.ts';
import { CreateMaintenanceWindowInput, CreateSilenceInput } from '../silences/schemas.ts';
import { CreateComponentInput, CreateGroupInput } from '../status-page/components/schemas.ts';
import { UpdateStatusPageSettingsInput } from '../status-page/schemas.ts';
import { CreateTemplateInput } from '../status-page/templates/schemas.ts';
import { CreateRunbookInput, DEFAULT_REVIEW_INTERVAL_DAYS, MAX_BODY } from '../runbooks/schemas.ts';
import { ConfigStep, MAX_STEPS } from './schema-steps.ts';
import { ConfigBudgetPolicy, ConfigSlo } from './schema-slos.ts';

/**
 * The configuration-as-code file (`tocsin.yaml`). Field schemas (enums, formats, limits) come from
 * the API's own TypeBox schemas so the file and the API cannot drift apart; only the places where
 * the API takes ids are redefined here, because the file refers to other objects by name (users by
 * email). Every object rejects unknown keys so a typo is an error, not a silently ignored field.
 */

const strict = <T extends TProperties>(properties: T, description: string) =>
  Type.Object(properties, { additionalProperties: false, description });

const nameOf = (description: string) =>
  Type.String({ minLength: Name.minLength, maxLength: Name.maxLength, pattern: Name.pattern, description });

const TeamRef = nameOf('name of a team defined in this configuration');
const ScheduleRef = nameOf('name of a schedule defined in this configuration');
const PolicyRef = nameOf('name of an escalation policy defined in this configuration');
const ServiceRef = nameOf('name of a service defined in this configuration');
const UserRef = Type.String({
  pattern: Email.pattern,
  maxLength: Email.maxLength,
  description: 'email of a user defined in this configuration',
});

// The file states fixed instants: a relative "now" or duration would move on every apply.
const Instant = (description: string) => Type.String({ format: Timestamp.format, description });

const EnvVarName = Type.String({
  pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
  maxLength: 200,
  description:
    'environment variable holding the integration key at apply time; without it a key is generated and printed once',
});

// ---- teams -------------------------------------------------------------------------------------

export const ConfigTeamMember = strict(
  { user: UserRef, role: AddMemberInput.properties.role },
  'a member of the team, by email',
);

export const ConfigTeam = strict(
  {
    name: CreateTeamInput.properties.name,
    description: CreateTeamInput.properties.description,
    members: Type.Optional(Type.Array(ConfigTeamMember, { maxItems: 1000 })),
  },
  'a team, matched by name',
);

// ---- users -------------------------------------------------------------------------------------

export const ConfigContactMethod = strict(
  {
    label: nameOf('names the contact method for notification rules; unique per user'),
    type: ContactMethodInput.properties.type,
    address: ContactMethodInput.properties.address,
  },
  'a way to reach the user, matched by label',
);

export const ConfigNotificationRule = strict(
  {
    contact_method: nameOf("label of one of this user's contact methods"),
    delay_minutes: NotificationRuleInput.properties.delay_minutes,
    urgency: NotificationRuleInput.properties.urgency,
  },
  'when and how the user is notified once paged',
);

export const ConfigUser = strict(
  {
    name: CreateUserInput.properties.name,
    email: CreateUserInput.properties.email,
    role: CreateUserInput.properties.role,
    time_zone: CreateUserInput.properties.time_zone,
    contact_methods: Type.Optional(
      Type.Array(ConfigContactMethod, { maxItems: CreateUserInput.properties.contact_methods.maxItems }),
    ),
    notification_rules: Type.Optional(Type.Array(ConfigNotificationRule, { maxItems: 100 })),
    deactivated: Type.Optional(
      Type.Boolean({
        description:
          'true: cannot log in and is never paged; the person and their history stay (default false)',
      }),
    ),
  },
  'a user, matched by email (case-insensitive); passwords never go in the file',
);

// ---- services and their integrations -----------------------------------------------------------

export const ConfigIntegration = strict(
  {
    name: CreateIntegrationInput.properties.name,
    type: CreateIntegrationInput.properties.type,
    enabled: UpdateIntegrationInput.properties.enabled,
    rate_limit_per_minute: CreateIntegrationInput.properties.rate_limit_per_minute,
    mapping: CreateIntegrationInput.properties.mapping,
    heartbeat: CreateIntegrationInput.properties.heartbeat,
    key_from_env: Type.Optional(EnvVarName),
  },
  'an integration of the service, matched by name within it; its key is never in the file',
);

export const ConfigService = strict(
  {
    name: CreateServiceInput.properties.name,
    description: CreateServiceInput.properties.description,
    team: TeamRef,
    escalation_policy: Type.Optional(PolicyRef),
    dependencies: Type.Optional(
      Type.Array(ServiceRef, {
        maxItems: Dependencies.maxItems,
        description: 'names of the services this one depends on',
      }),
    ),
    alert_grouping: CreateServiceInput.properties.alert_grouping,
    urgency_rules: CreateServiceInput.properties.urgency_rules,
    integrations: Type.Optional(Type.Array(ConfigIntegration, { maxItems: 100 })),
  },
  'a service, matched by name; without escalation_policy its incidents page nobody',
);

// ---- schedules ---------------------------------------------------------------------------------

const layer = CreateLayerInput.properties;
export const ConfigLayer = strict(
  {
    name: nameOf('names the layer; unique within the schedule'),
    order: layer.order,
    time_zone: layer.time_zone,
    start_date: layer.start_date,
    handoff_time: layer.handoff_time,
    shift_length: layer.shift_length,
    shift_unit: layer.shift_unit,
    end: layer.end,
    restrictions: layer.restrictions,
    participants: Type.Array(UserRef, {
      maxItems: layer.participants.maxItems,
      description: 'emails in rotation order; a user may appear more than once',
    }),
  },
  'a rotation layer, matched by name within its schedule',
);

export const ConfigOverride = strict(
  {
    user: UserRef,
    start: CreateOverrideInput.properties.start,
    end: CreateOverrideInput.properties.end,
  },
  'someone on call instead of the layers for [start, end)',
);

export const ConfigSchedule = strict(
  {
    name: CreateScheduleInput.properties.name,
    team: TeamRef,
    time_zone: CreateScheduleInput.properties.time_zone,
    description: CreateScheduleInput.properties.description,
    layers: Type.Optional(
      Type.Array(ConfigLayer, { maxItems: CreateScheduleInput.properties.layers.maxItems }),
    ),
    overrides: Type.Optional(Type.Array(ConfigOverride, { maxItems: 500 })),
  },
  'an on-call schedule, matched by name',
);

// ---- escalation policies -----------------------------------------------------------------------

// One object with exactly one key (not a union) so editors complete the four keys and a typo
// gets one "unknown key" error instead of four failed alternatives.
export const ConfigTarget = Type.Object(
  {
    user: Type.Optional(UserRef),
    schedule: Type.Optional(ScheduleRef),
    team: Type.Optional(TeamRef),
    schedule_round_robin: Type.Optional(ScheduleRef),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    maxProperties: 1,
    description:
      'exactly one of: {user: email}, {schedule: name} (whoever is on call), {team: name} (every member), {schedule_round_robin: name} (one on-call person in turn)',
  },
);

export const ConfigLevel = strict(
  {
    delay_minutes: LevelInput.properties.delay_minutes,
    targets: Type.Array(ConfigTarget, { minItems: 1, maxItems: MAX_TARGETS }),
  },
  'one escalation level',
);

export const ConfigEscalationPolicy = strict(
  {
    name: CreatePolicyInput.properties.name,
    description: CreatePolicyInput.properties.description,
    team: Type.Optional(TeamRef),
    repeat_count: CreatePolicyInput.properties.repeat_count,
    ack_timeout_minutes: CreatePolicyInput.properties.ack_timeout_minutes,
    levels: Type.Array(ConfigLevel, {
      minItems: 1,
      maxItems: MAX_LEVELS,
      description: 'in escalation order',
    }),
  },
  'an escalation policy, matched by name',
);

// ---- silences and maintenance windows ----------------------------------------------------------

export const ConfigSilence = strict(
  {
    name: nameOf('identifies the silence in this configuration (silences have no name in the API)'),
    service: Type.Optional(ServiceRef),
    matchers: CreateSilenceInput.properties.matchers,
    starts_at: Instant('RFC 3339 time the silence starts'),
    ends_at: Instant('RFC 3339 time the silence ends'),
    comment: CreateSilenceInput.properties.comment,
  },
  'a silence: alerts that match are recorded but page nobody',
);

export const ConfigMaintenanceWindow = strict(
  {
    name: CreateMaintenanceWindowInput.properties.name,
    description: CreateMaintenanceWindowInput.properties.description,
    services: Type.Array(ServiceRef, {
      minItems: CreateMaintenanceWindowInput.properties.service_ids.minItems,
      maxItems: CreateMaintenanceWindowInput.properties.service_ids.maxItems,
      description: 'names of the services in maintenance',
    }),
    starts_at: Instant('RFC 3339 time the window starts'),
    ends_at: Instant('RFC 3339 time the window ends'),
  },
  'a maintenance window, matched by name',
);

// ---- the status page ---------------------------------------------------------------------------

const GroupRef = nameOf('name of a status page component group defined in this configuration');
const settings = UpdateStatusPageSettingsInput.properties;

export const ConfigStatusPage = strict(
  {
    name: settings.name,
    logo_url: settings.logo_url,
    brand_color: settings.brand_color,
    public_url: settings.public_url,
    time_zone: settings.time_zone,
  },
  'the public status page settings; a field left out is its default',
);

export const ConfigStatusGroup = strict(
  {
    name: CreateGroupInput.properties.name,
    description: CreateGroupInput.properties.description,
  },
  'a group of status page components, matched by name; groups are shown in the order listed',
);

export const ConfigStatusComponent = strict(
  {
    name: CreateComponentInput.properties.name,
    description: CreateComponentInput.properties.description,
    group: Type.Optional(GroupRef),
    service: Type.Optional(ServiceRef),
    showcase: CreateComponentInput.properties.showcase,
    only_show_if_degraded: CreateComponentInput.properties.only_show_if_degraded,
    start_date: Type.Optional(CreateComponentInput.properties.start_date.anyOf[0]),
  },
  'a status page component, matched by name; components are shown in the order listed (its status is not configuration)',
);

export const ConfigStatusTemplate = strict(
  {
    name: CreateTemplateInput.properties.name,
    update_status: CreateTemplateInput.properties.update_status,
    title: CreateTemplateInput.properties.title,
    body: CreateTemplateInput.properties.body,
  },
  'a template for public updates, matched by name; {{service}}, {{component}}, {{start_time}} and {{time}} are filled in',
);

// ---- runbooks ----------------------------------------------------------------------------------

const runbook = CreateRunbookInput.properties;

export const ConfigRunbook = strict(
  {
    title: runbook.title,
    team: Type.Optional(
      nameOf('name of the team (defined in this configuration) that owns it; without it, admins own it'),
    ),
    tags: runbook.tags,
    services: Type.Optional(
      Type.Array(ServiceRef, {
        maxItems: runbook.service_ids.maxItems,
        description: 'names of the services it is for; when given, alerts of other services do not match it',
      }),
    ),
    matchers: runbook.matchers,
    severities: runbook.severities,
    sources: runbook.sources,
    review_interval_days: runbook.review_interval_days,
    body: Type.Optional(
      Type.String({
        maxLength: MAX_BODY,
        description:
          'the Markdown text; left out, the text is not managed here (a new runbook starts from the template, an existing one keeps its text)',
      }),
    ),
    steps: Type.Optional(
      Type.Array(ConfigStep, {
        maxItems: MAX_STEPS,
        description:
          "automated steps, run in this order; given, they replace the runbook's steps; left out, its steps are not managed here",
      }),
    ),
  },
  `a runbook, matched by title; a change of its text or tags is a new version. Without services or matchers it matches no alert (library only); review_interval_days defaults to ${DEFAULT_REVIEW_INTERVAL_DAYS}`,
);

// ---- the file ----------------------------------------------------------------------------------

/** Each top-level list and the schema of its items; load.ts merges folders kind by kind. */
export const CONFIG_KINDS = {
  teams: ConfigTeam,
  users: ConfigUser,
  services: ConfigService,
  schedules: ConfigSchedule,
  escalation_policies: ConfigEscalationPolicy,
  silences: ConfigSilence,
  maintenance_windows: ConfigMaintenanceWindow,
  status_page: ConfigStatusPage,
  status_page_groups: ConfigStatusGroup,
  status_page_components: ConfigStatusComponent,
  status_page_templates: ConfigStatusTemplate,
  slos: ConfigSlo,
  budget_policies: ConfigBudgetPolicy,
  runbooks: ConfigRunbook,
} as const satisfies Record<string, TSchema>;
export type ConfigKind = keyof typeof CONFIG_KINDS;
export const KIND_NAMES = Object.keys(CONFIG_KINDS) as ConfigKind[];

/** How messages and plans name one object of each kind. */
export const KIND_LABEL: Record<ConfigKind, string> = {
  teams: 'team',
  users: 'user',
  services: 'service',
  schedules: 'schedule',
  escalation_policies: 'escalation policy',
  silences: 'silence',
  maintenance_windows: 'maintenance window',
  status_page: 'status page',
  status_page_groups: 'status page group',
  status_page_components: 'status page component',
  status_page_templates: 'status page template',
  slos: 'SLO',
  budget_policies: 'budget policy',
  runbooks: 'runbook',
};

/** Kinds written as one object rather than a list (`status_page:`); inside, a list of one. */
export const SINGLE_KINDS: ReadonlySet<ConfigKind> = new Set<ConfigKind>(['status_page']);

const list = <T extends TSchema>(item: T) => Type.Optional(Type.Array(item, { maxItems: 10_000 }));

export const ConfigFile = strict(
  {
    version: Type.Literal(1, { description: 'format version of this file' }),
    teams: list(ConfigTeam),
    users: list(ConfigUser),
    services: list(ConfigService),
    schedules: list(ConfigSchedule),
    escalation_policies: list(ConfigEscalationPolicy),
    silences: list(ConfigSilence),
    maintenance_windows: list(ConfigMaintenanceWindow),
    status_page: Type.Optional(ConfigStatusPage),
    status_page_groups: list(ConfigStatusGroup),
    status_page_components: list(ConfigStatusComponent),
    status_page_templates: list(ConfigStatusTemplate),
    slos: list(ConfigSlo),
    budget_policies: list(ConfigBudgetPolicy),
    runbooks: list(ConfigRunbook),
  },
  'Tocsin configuration as code: objects are matched by name (users by email, runbooks by title, SLOs by service and name, budget policies by service) and refer to each other by name (users by email). A folder of files is merged; each file is a document of this shape.',
);

export type TocsinConfig = Static<typeof ConfigFile>;
export type ConfigTeam = Static<typeof ConfigTeam>;
export type ConfigUser = Static<typeof ConfigUser>;
export type ConfigService = Static<typeof ConfigService>;
export type ConfigSchedule = Static<typeof ConfigSchedule>;
export type ConfigEscalationPolicy = Static<typeof ConfigEscalationPolicy>;
export type ConfigTarget = Static<typeof ConfigTarget>;
export type ConfigSilence = Static<typeof ConfigSilence>;
export type ConfigMaintenanceWindow = Static<typeof ConfigMaintenanceWindow>;
export type ConfigStatusPage = Static<typeof ConfigStatusPage>;
export type ConfigStatusGroup = Static<typeof ConfigStatusGroup>;
export type ConfigStatusComponent = Static<typeof ConfigStatusComponent>;
export type ConfigStatusTemplate = Static<typeof ConfigStatusTemplate>;
export type ConfigRunbook = Static<typeof ConfigRunbook>;
export type ConfigStep = Static<typeof ConfigStep>;
export type ConfigSlo = Static<typeof ConfigSlo>;
export type ConfigBudgetPolicy = Static<typeof ConfigBudgetPolicy>;

export const CONFIG_SCHEMA_PATH = '/api/v1/config.schema.json';

/**
 * The published JSON Schema document. `publicUrl` (TOCSIN_PUBLIC_URL) makes `$id` the address it
 * is served at, which editors use to cache it; without it a stable URN stands in.
 */
export function configJsonSchema(publicUrl?: string): Record<string, unknown> {
  // A JSON round trip drops TypeBox's symbol keys, leaving a plain draft-07 document.
  const body = JSON.parse(JSON.stringify(ConfigFile)) as Record<string, unknown>;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: publicUrl ? new URL(CONFIG_SCHEMA_PATH, publicUrl).href : 'urn:tocsin:config:1',
    title: 'Tocsin configuration (tocsin.yaml)',
    ...body,
  };
}
