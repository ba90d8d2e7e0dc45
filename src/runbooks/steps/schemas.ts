import { Type, type Static } from '@sinclair/typebox';
import { Id, StringEnum, Timestamp } from '../../platform/http/schema.ts';
import { Actor, NullableActor } from '../../users/actors.ts';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;
export const RUN_STATUSES = [
  'pending_approval',
  'queued',
  'claimed',
  'sending',
  'succeeded',
  'failed',
  'refused',
  'rejected',
  'cancelled',
  'interrupted',
] as const;

const Header = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" }),
    value: Type.String({
      maxLength: 4000,
      description: 'a template: {{labels.instance}}, {{secrets.api_token}}',
    }),
  },
  { additionalProperties: false },
);

const StepFields = {
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  method: StringEnum(METHODS),
  url: Type.String({
    minLength: 1,
    maxLength: 2000,
    description:
      'http(s) URL template, e.g. https://ops.example.com/restart?host={{labels.instance}}; no secrets',
  }),
  headers: Type.Array(Header, { maxItems: 20 }),
  body: Type.Union([Type.String({ maxLength: 20_000 }), Type.Null()], {
    description: 'a template; values are JSON-escaped when Content-Type is JSON',
  }),
  timeout_seconds: Type.Integer({ minimum: 1, maximum: 60 }),
  expected_status: Type.Union([Type.Integer({ minimum: 100, maximum: 599 }), Type.Null()], {
    description: 'null: any 2xx is success',
  }),
  approval: StringEnum(
    ['safe', 'approval'] as const,
    'safe: runs when a responder clicks Run; approval: a second person approves',
  ),
  approver_role: StringEnum(['responder', 'admin'] as const, 'the role an approver needs (approval steps)'),
  auto_run: Type.Boolean({ description: 'run on its own when a matching alert fires (safe steps only)' }),
  auto_run_per_hour: Type.Integer({
    minimum: 1,
    maximum: 60,
    description: 'at most this many automatic runs an hour per service',
  }),
};

export const CreateStepInput = Type.Object(
  {
    name: StepFields.name,
    method: Type.Optional(StepFields.method),
    url: StepFields.url,
    headers: Type.Optional(StepFields.headers),
    body: Type.Optional(StepFields.body),
    timeout_seconds: Type.Optional(StepFields.timeout_seconds),
    expected_status: Type.Optional(StepFields.expected_status),
    approval: Type.Optional(StepFields.approval),
    approver_role: Type.Optional(StepFields.approver_role),
    auto_run: Type.Optional(StepFields.auto_run),
    auto_run_per_hour: Type.Optional(StepFields.auto_run_per_hour),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  },
  { additionalProperties: false },
);
export type CreateStepInput = Static<typeof CreateStepInput>;

export const EditStepInput = Type.Partial(CreateStepInput, { additionalProperties: false });
export type EditStepInput = Static<typeof EditStepInput>;

export const Step = Type.Object({
  id: Type.String(),
  runbook_id: Type.String(),
  position: Type.Integer(),
  name: Type.String(),
  method: Type.String(),
  url: Type.String(),
  headers: Type.Array(Type.Object({ name: Type.String(), value: Type.String() })),
  body: Type.Union([Type.String(), Type.Null()]),
  timeout_seconds: Type.Integer(),
  expected_status: Type.Union([Type.Integer(), Type.Null()]),
  approval: Type.String(),
  approver_role: Type.String(),
  auto_run: Type.Boolean(),
  auto_run_per_hour: Type.Integer(),
  secrets: Type.Array(Type.String(), { description: 'the secrets it sends, by name' }),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type StepView = Static<typeof Step>;

export const StepParams = Type.Object({ id: Id(), stepId: Id('step id') });

export const RequestRunInput = Type.Object(
  {
    incident_id: Type.String({ minLength: 1, maxLength: 64, description: 'the incident (id or INC-42)' }),
    dry_run: Type.Optional(
      Type.Boolean({ description: 'show the exact request (secrets hidden) without sending it' }),
    ),
  },
  { additionalProperties: false },
);

export const ShownRequest = Type.Object({
  method: Type.String(),
  url: Type.String(),
  headers: Type.Array(Type.Object({ name: Type.String(), value: Type.String() })),
  body: Type.Union([Type.String(), Type.Null()]),
});
export type ShownRequestView = Static<typeof ShownRequest>;

export const DryRun = Type.Object({
  dry_run: Type.Literal(true),
  request: ShownRequest,
  refused: Type.Union([Type.String(), Type.Null()], { description: 'why a real run would be refused now' }),
});

export const Run = Type.Object({
  id: Type.String(),
  runbook: Type.Object({ id: Type.String(), title: Type.String() }),
  step: Type.Object({ id: Type.String(), name: Type.String(), approval: Type.String() }),
  incident_id: Type.String(),
  service_id: Type.String(),
  trigger: StringEnum(['manual', 'auto'] as const),
  status: StringEnum(RUN_STATUSES),
  requested_by: Actor,
  requested_at: Timestamp,
  decided_by: NullableActor,
  decided_at: Type.Union([Timestamp, Type.Null()]),
  request: ShownRequest,
  started_at: Type.Union([Timestamp, Type.Null()]),
  finished_at: Type.Union([Timestamp, Type.Null()]),
  status_code: Type.Union([Type.Integer(), Type.Null()]),
  duration_ms: Type.Union([Type.Integer(), Type.Null()]),
  response: Type.Union([Type.String(), Type.Null()], {
    description: "the answer's first KB, secrets redacted; only for people who may run the step",
  }),
  error: Type.Union([Type.String(), Type.Null()]),
  can_approve: Type.Boolean({ description: 'whether the caller may approve or reject it now' }),
});
export type RunView = Static<typeof Run>;

export const RunDecision = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);

export const SecretName = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$',
});
export const Secret = Type.Object({
  name: Type.String(),
  created_by: Actor,
  created_at: Timestamp,
  updated_by: Actor,
  updated_at: Timestamp,
});
export const PutSecretInput = Type.Object(
  { value: Type.String({ minLength: 4, maxLength: 4096, description: 'never shown again' }) },
  { additionalProperties: false },
);
export const CreateSecretInput = Type.Object(
  { name: SecretName, value: PutSecretInput.properties.value },
  { additionalProperties: false },
);

const SwitchState = Type.Object({
  engaged: Type.Boolean(),
  reason: Type.String(),
  changed_by: NullableActor,
  changed_at: Type.Union([Timestamp, Type.Null()]),
});
export const KillSwitches = Type.Object({
  global: SwitchState,
  services: Type.Array(
    Type.Object({
      service: Type.Object({ id: Type.String(), name: Type.String() }),
      ...SwitchState.properties,
    }),
  ),
});
export const SetKillSwitchInput = Type.Object(
  {
    engaged: Type.Boolean(),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
    service_id: Type.Optional(
      Type.Union([Id('service id'), Type.Null()], { description: 'null or absent: the global switch' }),
    ),
  },
  { additionalProperties: false },
);
