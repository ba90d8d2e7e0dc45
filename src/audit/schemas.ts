import { Type } from '@sinclair/typebox';
import { PageQuery, Timestamp } from '../platform/http/schema.ts';
import { Actor } from '../users/actors.ts';

/** The shapes of /api/v1/audit and /api/v1/audit/verify (also the web UI's types). */

export const AuditEntry = Type.Object({
  seq: Type.Integer(),
  at: Timestamp,
  actor_type: Type.String(),
  actor_id: Type.Union([Type.String(), Type.Null()]),
  actor_name: Type.String(),
  actor: Actor,
  action: Type.String(),
  target_type: Type.String(),
  target_id: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  hash: Type.String(),
});

export const AuditQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    cursor: Type.Optional(
      Type.String({
        // 15 digits stay a safe integer and inside PostgreSQL's bigint.
        pattern: '^[0-9]{1,15}$',
        description: 'next_cursor from the previous page',
      }),
    ),
    order: PageQuery.order,
    target_type: Type.Optional(Type.String()),
    target_id: Type.Optional(Type.String()),
    actor_id: Type.Optional(Type.String()),
    action: Type.Optional(Type.String()),
    since: Type.Optional(Type.String({ format: 'date-time', description: 'written at or after' })),
    until: Type.Optional(Type.String({ format: 'date-time', description: 'written before' })),
  },
  { additionalProperties: false },
);

export const AuditVerifyAnswer = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  problems: Type.Array(Type.Object({ seq: Type.Integer(), problem: Type.String(), message: Type.String() })),
});
