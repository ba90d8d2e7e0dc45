import { type Static, Type } from '@sinclair/typebox';
import { PageQuery, StringEnum, Timestamp } from '../../platform/http/schema.ts';

export const StatusSubscriber = Type.Object({
  id: Type.String(),
  kind: StringEnum(['email', 'webhook'] as const),
  address: Type.String({ description: 'the email address or webhook URL (admins only)' }),
  component_ids: Type.Union([Type.Array(Type.String()), Type.Null()], {
    description: 'the components it follows; null: all',
  }),
  confirmed: Type.Boolean({ description: 'email: the confirmation link was used; webhooks: always' }),
  confirmed_at: Type.Union([Timestamp, Type.Null()]),
  quarantined_at: Type.Union([Timestamp, Type.Null()], {
    description:
      'webhooks: when it was disabled because its deliveries kept failing (no deliveries since); null: active',
  }),
  created_at: Timestamp,
});
export type StatusSubscriberView = Static<typeof StatusSubscriber>;

export const ListSubscribersQuery = Type.Object(
  { ...PageQuery, kind: Type.Optional(StringEnum(['email', 'webhook'] as const)) },
  { additionalProperties: false },
);
export type ListSubscribersQuery = Static<typeof ListSubscribersQuery>;
