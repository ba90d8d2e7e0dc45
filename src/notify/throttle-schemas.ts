import { Type, type Static } from '@sinclair/typebox';
import { StringEnum, Timestamp } from '../platform/http/schema.ts';
import { CONTACT_METHOD_TYPES } from '../users/schemas.ts';

const Window = {
  limit: Type.Integer({ description: 'messages per person in one window' }),
  window_seconds: Type.Integer(),
};

/** GET /notification-throttle: the configured paging throttle and who is at it now. */
export const ThrottleView = Type.Object({
  at: Timestamp,
  limits: Type.Array(
    Type.Object({
      channel: Type.String({ description: 'a contact-method type, or `*` for every type not named' }),
      limit: Type.Union([Window.limit, Type.Null()], { description: 'null: not throttled (`type=off`)' }),
      window_seconds: Type.Union([Window.window_seconds, Type.Null()]),
    }),
    { description: 'TOCSIN_NOTIFY_THROTTLE as configured' },
  ),
  held: Type.Array(
    Type.Object({
      user_id: Type.String(),
      user_name: Type.String(),
      channel: StringEnum(CONTACT_METHOD_TYPES),
      ...Window,
      counted: Type.Integer({
        description: 'messages sent in the window plus those being sent or retried (at least `limit`)',
      }),
      waiting: Type.Integer({ description: 'pages not sent yet: they go out bundled when the window frees' }),
      frees_at: Type.Union([Timestamp, Type.Null()], {
        description: 'when one more message may go; null: when a message still being sent is decided',
      }),
    }),
    { description: 'people at the limit on a channel type now, soonest freed first' },
  ),
});
export type ThrottleViewAnswer = Static<typeof ThrottleView>;
