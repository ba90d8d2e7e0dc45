import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from '../platform/http/schema.ts';

export const RESPONSE_HOURS = ['24x7', 'business_hours', 'next_sprint'] as const;
export const ALERT_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;

/** A week: longer targets are not response targets any more. */
const MAX_MINUTES = 7 * 24 * 60;
const Minutes = (description: string) =>
  Type.Union([Type.Integer({ minimum: 1, maximum: MAX_MINUTES }), Type.Null()], { description });
const ChecklistItem = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });

export const Severity = Type.Object({
  name: Type.String({ description: 'SEV1 (most severe) .. SEV4' }),
  rank: Type.Integer({ description: '1 is the most severe' }),
  description: Type.String(),
  response_hours: StringEnum(RESPONSE_HOURS, 'when responders are expected to act; 24x7 pages'),
  response_target_minutes: Type.Union([Type.Integer(), Type.Null()]),
  status_page_minutes: Type.Union([Type.Integer(), Type.Null()], {
    description: 'the status page is updated within this long',
  }),
  update_cadence_minutes: Type.Union([Type.Integer(), Type.Null()], {
    description: 'an internal status update is due this often; null: none is expected',
  }),
  public_update_minutes: Type.Union([Type.Integer(), Type.Null()], {
    description: 'while open, a public status-page update is due this often; null: none is expected',
  }),
  postmortem_required: Type.Boolean({ description: 'a resolved incident stays open until its postmortem' }),
  postmortem_due_business_days: Type.Union([Type.Integer(), Type.Null()], {
    description: 'a postmortem is due this many business days (Mon-Fri) after resolve; null: no due date',
  }),
  pages: Type.Boolean({ description: 'response_hours is 24x7: rising into it pages again' }),
  alert_severities: Type.Array(Type.String(), {
    description: 'alert severities (critical, error, warning, info) whose incidents start at this severity',
  }),
  checklist: Type.Array(Type.String(), { description: 'tasks every incident of this severity starts with' }),
});
export type SeverityView = Static<typeof Severity>;

// Not an enum: an unknown name gets a message listing the known ones (update.ts).
export const SeverityParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) });

export const UpdateSeverityBody = Type.Object(
  {
    description: Type.Optional(Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' })),
    response_hours: Type.Optional(StringEnum(RESPONSE_HOURS)),
    response_target_minutes: Type.Optional(Minutes('respond within this many minutes; null: no target')),
    status_page_minutes: Type.Optional(Minutes('update the status page within this many minutes')),
    update_cadence_minutes: Type.Optional(Minutes('internal update every this many minutes; null: none')),
    public_update_minutes: Type.Optional(
      Minutes('public status-page update every this many minutes; null: none'),
    ),
    postmortem_required: Type.Optional(Type.Boolean()),
    postmortem_due_business_days: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: 60 }), Type.Null()], {
        description: 'postmortem due this many business days after resolve; null: no due date',
      }),
    ),
    alert_severities: Type.Optional(
      Type.Array(StringEnum(ALERT_SEVERITIES), {
        uniqueItems: true,
        description:
          'alert severities mapped to this severity; one listed here is taken off the severity that had it',
      }),
    ),
    checklist: Type.Optional(
      Type.Array(ChecklistItem, { maxItems: 50, uniqueItems: true, description: 'replaces the list' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateSeverityBody = Static<typeof UpdateSeverityBody>;

export const RoleType = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  position: Type.Integer(),
});
export type RoleTypeView = Static<typeof RoleType>;

/** A role in the list: with how many open incidents someone holds it on (deleting is refused then). */
export const RoleTypeInUse = Type.Object({
  ...RoleType.properties,
  held: Type.Integer({ description: 'incidents someone holds this role on now' }),
});
export type RoleTypeInUseView = Static<typeof RoleTypeInUse>;

export const ROLE_SLUG_PATTERN = '^[a-z][a-z0-9_]{0,39}$';

export const CreateRoleTypeBody = Type.Object(
  {
    slug: Type.String({ pattern: ROLE_SLUG_PATTERN, description: 'e.g. `customer_liaison`' }),
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type CreateRoleTypeBody = Static<typeof CreateRoleTypeBody>;

export const UpdateRoleTypeBody = Type.Object(
  {
    name: Type.Optional(CreateRoleTypeBody.properties.name),
    description: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateRoleTypeBody = Static<typeof UpdateRoleTypeBody>;

export const RoleTypeParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 64 }) });
