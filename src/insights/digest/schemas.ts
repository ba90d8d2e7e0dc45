import { Type, type Static } from '@sinclair/typebox';
import { StringEnum, Timestamp } from '../../platform/http/schema.ts';

export const CreateDigestBody = Type.Object(
  {
    kind: StringEnum(['email', 'webhook'], 'email: to an address; webhook: a signed JSON POST'),
    address: Type.String({
      minLength: 3,
      maxLength: 2000,
      description: 'the email address or the webhook URL',
    }),
    night_pages_per_week: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 1000,
        description: 'flag people paged in their sleep hours more often than this a week (default 2)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CreateDigestBody = Static<typeof CreateDigestBody>;

export const Digest = Type.Object({
  id: Type.String(),
  team_id: Type.String(),
  kind: StringEnum(['email', 'webhook']),
  address: Type.String(),
  night_pages_per_week: Type.Integer(),
  last_sent_at: Type.Union([Timestamp, Type.Null()]),
  last_error: Type.Union([Type.String(), Type.Null()]),
  created_at: Timestamp,
});
export type DigestView = Static<typeof Digest>;

export const CreatedDigest = Type.Object({
  ...Digest.properties,
  signing_secret: Type.Union([Type.String(), Type.Null()], {
    description: 'webhooks: the Tocsin-Signature secret, shown this once; null for email',
  }),
});
export type CreatedDigestView = Static<typeof CreatedDigest>;

export const DigestParams = Type.Object({ id: Type.String(), digestId: Type.String() });
