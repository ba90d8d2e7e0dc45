import { Type, type Static } from '@sinclair/typebox';
import { Id, Name, PageQuery, StringEnum, Timestamp } from '../platform/http/schema.ts';

export const USER_ROLES = ['admin', 'responder', 'viewer'] as const;
export const CONTACT_METHOD_TYPES = [
  'webhook',
  'slack',
  'teams',
  'discord',
  'email',
  'sms',
  'voice',
] as const;

export const USER_STATUSES = ['active', 'invited', 'deactivated'] as const;

export const UserRoleSchema = StringEnum(
  USER_ROLES,
  'admin configures, responder acts on incidents, viewer reads',
);
export const TimeZone = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'IANA time zone, e.g. Europe/Berlin',
});
// Self-hosted installs use intranet and localhost addresses, which the strict RFC format rejects.
export const Email = Type.String({
  pattern: '^[^\\s@]+@[^\\s@]+$',
  maxLength: 320,
  description: 'email address',
});
export const Password = Type.String({
  minLength: 12,
  maxLength: 1024,
  description: 'at least 12 characters',
});

export const ContactMethodInput = Type.Object(
  {
    type: StringEnum(CONTACT_METHOD_TYPES),
    address: Type.String({
      minLength: 1,
      maxLength: 2048,
      description:
        'http(s) URL for webhook/slack/teams/discord (no credentials; loopback and private hosts only when TOCSIN_OUTBOUND_ALLOW allows them, link-local and metadata never), email address for email, E.164 number for sms/voice',
    }),
    label: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ContactMethodInput = Static<typeof ContactMethodInput>;

export const UpdateContactMethodInput = Type.Object(
  {
    type: Type.Optional(ContactMethodInput.properties.type),
    address: Type.Optional(ContactMethodInput.properties.address),
    label: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateContactMethodInput = Static<typeof UpdateContactMethodInput>;

export const ContactMethod = Type.Object({
  id: Type.String(),
  type: StringEnum(CONTACT_METHOD_TYPES),
  address: Type.String(),
  label: Type.String(),
  created_at: Timestamp,
});

export const User = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  role: UserRoleSchema,
  time_zone: Type.String(),
  has_password: Type.Boolean(),
  status: StringEnum(
    USER_STATUSES,
    'active; invited: has not used their invite link yet; deactivated: cannot log in and is never paged',
  ),
  deactivated_at: Type.Union([Timestamp, Type.Null()]),
  contact_methods: Type.Array(ContactMethod),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type UserView = Static<typeof User>;

export const CreateUserInput = Type.Object(
  {
    name: Name,
    email: Email,
    role: Type.Optional(UserRoleSchema),
    time_zone: Type.Optional(TimeZone),
    password: Type.Optional(Password),
    contact_methods: Type.Optional(Type.Array(ContactMethodInput, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type CreateUserInput = Static<typeof CreateUserInput>;

export const UpdateUserInput = Type.Object(
  {
    name: Type.Optional(Name),
    email: Type.Optional(Email),
    role: Type.Optional(UserRoleSchema),
    time_zone: Type.Optional(TimeZone),
    password: Type.Optional(Password),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserInput = Static<typeof UpdateUserInput>;

export const ListUsersQuery = Type.Object(
  {
    ...PageQuery,
    role: Type.Optional(UserRoleSchema),
    team_id: Type.Optional(Id('only members of this team')),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'substring of name or email' })),
  },
  { additionalProperties: false },
);
export type ListUsersQuery = Static<typeof ListUsersQuery>;

export const ContactMethodParams = Type.Object({ id: Id(), contactMethodId: Id() });

export const URGENCIES = ['high', 'low'] as const;

export const NotificationRuleInput = Type.Object(
  {
    contact_method_id: Id("one of this user's contact methods"),
    delay_minutes: Type.Integer({ minimum: 0, maximum: 1440, description: 'minutes after being paged' }),
    urgency: StringEnum(URGENCIES, 'the incident urgency this rule applies to'),
  },
  { additionalProperties: false },
);
export type NotificationRuleInput = Static<typeof NotificationRuleInput>;

export const NotificationRule = Type.Object({
  id: Type.String(),
  contact_method_id: Type.String(),
  contact_method_type: StringEnum(CONTACT_METHOD_TYPES),
  delay_minutes: Type.Integer(),
  urgency: StringEnum(URGENCIES),
  created_at: Timestamp,
});
export type NotificationRuleView = Static<typeof NotificationRule>;

export const NotificationRuleParams = Type.Object({ id: Id(), ruleId: Id() });

export const SigningSecret = Type.Object({
  contact_method_id: Type.String(),
  signing_secret: Type.String({
    description: 'the HMAC-SHA256 key of this webhook’s Tocsin-Signature header; use the whole string',
  }),
  previous_secret_valid_until: Type.Union([Timestamp, Type.Null()], {
    description: 'after a rotation with an overlap, the old secret signs too until then',
  }),
});
export type SigningSecretView = Static<typeof SigningSecret>;

export const RotateSigningSecretInput = Type.Object(
  {
    overlap_minutes: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 1440,
        description: 'keep signing with the old secret too for this long (default 0: stop at once)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const Named = Type.Object({ id: Type.String(), name: Type.String() });

export const UserReferences = Type.Object({
  schedules: Type.Array(Named, { description: 'schedules whose current or planned rotation has them' }),
  overrides: Type.Array(Named, { description: 'schedules where they have an override not yet over' }),
  temporary_schedules: Type.Array(Named, {
    description: 'schedules with a temporary schedule (plan) that has them on a shift not yet over',
  }),
  escalation_policies: Type.Array(Named, { description: 'policies that page them by name' }),
  teams: Type.Array(Named),
});
export type UserReferencesView = Static<typeof UserReferences>;

export const InviteInput = Type.Object(
  { name: Name, email: Email, role: Type.Optional(UserRoleSchema), time_zone: Type.Optional(TimeZone) },
  { additionalProperties: false },
);
export type InviteInput = Static<typeof InviteInput>;

export const CreatedInvite = Type.Object({
  user: User,
  invite_url: Type.String({ description: 'the one-time link; shown only in this answer' }),
  expires_at: Timestamp,
});
export type CreatedInviteView = Static<typeof CreatedInvite>;

export const InviteToken = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'the token of the invite link',
});
