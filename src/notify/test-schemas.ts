import { Type, type Static } from '@sinclair/typebox';
import { StringEnum, Timestamp } from '../platform/http/schema.ts';
import { CONTACT_METHOD_TYPES } from '../users/schemas.ts';

/** The answer to POST /users/:id/contact-methods/:cmId/test: how the one test delivery went. */
export const TestNotification = Type.Object({
  id: Type.String({ description: 'the idempotency key the message carried' }),
  contact_method_id: Type.String(),
  channel: StringEnum(CONTACT_METHOD_TYPES),
  outcome: StringEnum(['delivered', 'failed'] as const),
  response_code: Type.Union([Type.Integer(), Type.Null()], {
    description: 'the HTTP status (or SMTP reply code) the receiver answered',
  }),
  latency_ms: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()], { description: 'why it failed' }),
  at: Timestamp,
});
export type TestNotificationResult = Static<typeof TestNotification>;
