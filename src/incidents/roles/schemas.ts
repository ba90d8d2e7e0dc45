import { Type, type Static } from '@sinclair/typebox';
import { Id, Timestamp } from '../../platform/http/schema.ts';
import { Actor, NullableActor } from '../../users/actors.ts';

export const RoleParams = Type.Object({
  id: Id('incident id or INC-number'),
  role: Type.String({ minLength: 1, maxLength: 64, description: 'role slug, e.g. commander' }),
});
export type RoleParams = Static<typeof RoleParams>;

export const AssignRoleBody = Type.Object(
  { user_id: Id('the user who takes the role; whoever held it hands it over') },
  { additionalProperties: false },
);
export type AssignRoleBody = Static<typeof AssignRoleBody>;

const NullableTime = Type.Union([Timestamp, Type.Null()]);

export const RoleHolder = Type.Object({
  role: Type.String({ description: 'role slug' }),
  name: Type.String({ description: 'role name, e.g. Incident commander' }),
  user_id: Type.String(),
  user_name: Type.String(),
  assigned_at: Timestamp,
  assigned_by: Actor,
});

export const RoleAssignment = Type.Object({
  role: Type.String(),
  user_id: Type.String(),
  user_name: Type.String(),
  assigned_at: Timestamp,
  assigned_by: Actor,
  ended_at: NullableTime,
  ended_by: NullableActor,
});

export const IncidentRoles = Type.Object({
  data: Type.Array(RoleHolder, { description: 'current holders, in role order' }),
  history: Type.Array(RoleAssignment, { description: 'every assignment, oldest first' }),
});
export type IncidentRolesView = Static<typeof IncidentRoles>;
