import { Type, type Static } from '@sinclair/typebox';
import { Id, StringEnum, Timestamp } from '../platform/http/schema.ts';
import { Actor } from '../users/actors.ts';
import { INCIDENT_STATUSES, SEVERITY_NAMES } from './schemas.ts';

export const MAX_UPDATE_LENGTH = 5000;

export const PostUpdateBody = Type.Object(
  {
    message: Type.String({
      minLength: 1,
      maxLength: MAX_UPDATE_LENGTH,
      pattern: '\\S',
      description: 'the update, sent as is to every subscriber of the incident and of its services',
    }),
  },
  { additionalProperties: false },
);
export type PostUpdateBody = Static<typeof PostUpdateBody>;

export const Update = Type.Object({
  id: Type.String(),
  incident_id: Type.String(),
  message: Type.String(),
  incident_status: StringEnum(INCIDENT_STATUSES, 'the incident status when it was posted'),
  severity: StringEnum(SEVERITY_NAMES, 'the incident severity when it was posted'),
  created_at: Timestamp,
  created_by: Actor,
  notified: Type.Integer({ description: 'how many people it was sent to' }),
});
export type UpdateView = Static<typeof Update>;

export const SubscribeBody = Type.Object(
  {
    user_id: Id('the person to keep informed'),
    contact_method_id: Type.Optional(
      Type.Union([Id(), Type.Null()], {
        description:
          "one of the user's contact methods (not voice); absent or null: their preferred one for updates (email, then slack, teams, discord, webhook, sms)",
      }),
    ),
  },
  { additionalProperties: false },
);
export type SubscribeBody = Static<typeof SubscribeBody>;

export const Subscriber = Type.Object({
  user_id: Type.String(),
  user_name: Type.String(),
  contact_method_id: Type.Union([Type.String(), Type.Null()], {
    description: "null: the user's preferred contact method for updates",
  }),
  created_at: Timestamp,
  created_by: Actor,
});
export type SubscriberView = Static<typeof Subscriber>;

export const SubscriberParams = Type.Object({ id: Id(), userId: Id('the subscribed user') });
