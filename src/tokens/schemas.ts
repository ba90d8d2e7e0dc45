import { Type, type Static } from '@sinclair/typebox';
import { Id, Name, PageQuery, Timestamp } from '../platform/http/schema.ts';
import { UserRoleSchema } from '../users/schemas.ts';

export const ApiToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  user_id: Type.String(),
  role: UserRoleSchema,
  prefix: Type.String({ description: 'the first characters of the token, to recognise it' }),
  created_at: Timestamp,
  last_used_at: Type.Union([Timestamp, Type.Null()]),
  expires_at: Type.Union([Timestamp, Type.Null()]),
  revoked_at: Type.Union([Timestamp, Type.Null()]),
});
export type ApiTokenView = Static<typeof ApiToken>;

export const CreatedApiToken = Type.Intersect([
  ApiToken,
  Type.Object({ token: Type.String({ description: 'the secret; shown only in this answer' }) }),
]);

export const CreateTokenInput = Type.Object(
  {
    name: Name,
    user_id: Type.Optional(Id('owner; defaults to you; admins may create tokens for others')),
    role: Type.Optional(UserRoleSchema),
    expires_at: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
export type CreateTokenInput = Static<typeof CreateTokenInput>;

export const ListTokensQuery = Type.Object(
  {
    ...PageQuery,
    user_id: Type.Optional(Id()),
    include_revoked: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
export type ListTokensQuery = Static<typeof ListTokensQuery>;
