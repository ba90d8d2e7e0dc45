import { Type, type Static } from '@sinclair/typebox';
import { Id, Name, PageQuery, StringEnum, Timestamp } from '../platform/http/schema.ts';

export const TEAM_MEMBER_ROLES = ['member', 'manager'] as const;

export const TeamMemberRoleSchema = StringEnum(TEAM_MEMBER_ROLES, 'manager runs the team; member is on it');
export const Description = Type.String({ maxLength: 2000 });

export const Team = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  member_count: Type.Integer(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type TeamView = Static<typeof Team>;

export const TeamMember = Type.Object({
  user_id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  role: TeamMemberRoleSchema,
  deactivated: Type.Boolean({
    description: 'the person is deactivated: never paged, not offered as a choice',
  }),
  created_at: Timestamp,
});
export type TeamMemberView = Static<typeof TeamMember>;

export const CreateTeamInput = Type.Object(
  {
    name: Name,
    description: Type.Optional(Description),
  },
  { additionalProperties: false },
);
export type CreateTeamInput = Static<typeof CreateTeamInput>;

export const UpdateTeamInput = Type.Object(
  {
    name: Type.Optional(Name),
    description: Type.Optional(Description),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateTeamInput = Static<typeof UpdateTeamInput>;

export const ListTeamsQuery = Type.Object(
  {
    ...PageQuery,
    q: Type.Optional(Type.String({ maxLength: 200, description: 'substring of the name' })),
    user_id: Type.Optional(Id('only teams this user belongs to')),
  },
  { additionalProperties: false },
);
export type ListTeamsQuery = Static<typeof ListTeamsQuery>;

export const AddMemberInput = Type.Object(
  {
    user_id: Id('the user to add'),
    role: Type.Optional(TeamMemberRoleSchema),
  },
  { additionalProperties: false },
);
export type AddMemberInput = Static<typeof AddMemberInput>;

export const UpdateMemberInput = Type.Object({ role: TeamMemberRoleSchema }, { additionalProperties: false });
export type UpdateMemberInput = Static<typeof UpdateMemberInput>;

export const ListMembersQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const MemberParams = Type.Object({ id: Id(), userId: Id() });
