import { Type, type Static } from '@sinclair/typebox';
import { Id, Name, PageQuery, StringEnum, Timestamp } from '../../platform/http/schema.ts';
import { Description } from '../../teams/schemas.ts';

export const TARGET_TYPES = ['user', 'schedule', 'team', 'schedule_round_robin'] as const;

export const MAX_LEVELS = 20;
export const MAX_TARGETS = 20;

export const Target = Type.Object(
  {
    type: StringEnum(
      TARGET_TYPES,
      'user: that person; schedule: whoever is on call; team: every member; schedule_round_robin: one on-call person in turn',
    ),
    id: Id('the user, schedule or team'),
  },
  { additionalProperties: false },
);

const DelayMinutes = Type.Integer({
  minimum: 1,
  maximum: 1440,
  description: 'minutes before the next level (or the next round) fires',
});

export const LevelInput = Type.Object(
  {
    delay_minutes: DelayMinutes,
    targets: Type.Array(Target, { minItems: 1, maxItems: MAX_TARGETS }),
  },
  { additionalProperties: false },
);
export type LevelInput = Static<typeof LevelInput>;

const Levels = Type.Array(LevelInput, {
  minItems: 1,
  maxItems: MAX_LEVELS,
  description: 'in escalation order; replaces the whole list on update',
});
const RepeatCount = Type.Integer({
  minimum: 0,
  maximum: 9,
  description: 'extra passes over the whole policy after the last level (0 = run once)',
});
const AckTimeout = Type.Union([Type.Integer({ minimum: 1, maximum: 1440 }), Type.Null()], {
  description: 'escalate again when an acknowledged incident is not resolved within this many minutes',
});
const TeamId = Type.Union([Id('the owning team'), Type.Null()]);

export const Level = Type.Object({
  id: Type.String(),
  position: Type.Integer({ description: '0-based' }),
  delay_minutes: Type.Integer(),
  targets: Type.Array(Target),
});
export type LevelView = Static<typeof Level>;

export const PolicyService = Type.Object({ id: Type.String(), name: Type.String() });

export const EscalationPolicy = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  team_id: Type.Union([Type.String(), Type.Null()]),
  repeat_count: Type.Integer(),
  ack_timeout_minutes: Type.Union([Type.Integer(), Type.Null()]),
  levels: Type.Array(Level),
  services: Type.Array(PolicyService, { description: 'services that use this policy, by name' }),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type EscalationPolicyView = Static<typeof EscalationPolicy>;

export const CreatePolicyInput = Type.Object(
  {
    name: Name,
    description: Type.Optional(Description),
    team_id: Type.Optional(TeamId),
    repeat_count: Type.Optional(RepeatCount),
    ack_timeout_minutes: Type.Optional(AckTimeout),
    levels: Levels,
  },
  { additionalProperties: false },
);
export type CreatePolicyInput = Static<typeof CreatePolicyInput>;

export const UpdatePolicyInput = Type.Object(
  {
    name: Type.Optional(Name),
    description: Type.Optional(Description),
    team_id: Type.Optional(TeamId),
    repeat_count: Type.Optional(RepeatCount),
    ack_timeout_minutes: Type.Optional(AckTimeout),
    levels: Type.Optional(Levels),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdatePolicyInput = Static<typeof UpdatePolicyInput>;

export const ListPoliciesQuery = Type.Object(
  {
    ...PageQuery,
    team_id: Type.Optional(Id('only policies of this team')),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'substring of the name' })),
  },
  { additionalProperties: false },
);
export type ListPoliciesQuery = Static<typeof ListPoliciesQuery>;
