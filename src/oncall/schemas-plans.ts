import { Type, type Static } from '@sinclair/typebox';
import { Id, Name, PageQuery, StringEnum, Timestamp } from '../platform/http/schema.ts';

/** Schemas of time off, shift swaps, temporary schedules and calendar feeds. */
export const SWAP_STATUSES = ['pending', 'accepted', 'declined', 'cancelled'] as const;
export const FEED_KINDS = ['schedule', 'user'] as const;
const NullableString = Type.Union([Type.String(), Type.Null()]);
const Reason = Type.String({ maxLength: 500 });

export const TimeOff = Type.Object({
  id: Type.String(),
  user_id: Type.String(),
  start: Timestamp,
  end: Timestamp,
  reason: Type.String(),
  created_at: Timestamp,
});
export type TimeOffView = Static<typeof TimeOff>;

export const CreateTimeOffInput = Type.Object(
  {
    user_id: Type.Optional(Id('whose time off; defaults to you')),
    start: Timestamp,
    end: Timestamp,
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false },
);
export type CreateTimeOffInput = Static<typeof CreateTimeOffInput>;

export const ListTimeOffQuery = Type.Object(
  {
    ...PageQuery,
    user_id: Type.Optional(Id('only this user')),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);
export type ListTimeOffQuery = Static<typeof ListTimeOffQuery>;

export const Swap = Type.Object({
  id: Type.String(),
  schedule_id: Type.String(),
  requester_id: Type.String(),
  to_user_id: NullableString,
  accepted_by: NullableString,
  start: Timestamp,
  end: Timestamp,
  status: StringEnum(SWAP_STATUSES),
  note: Type.String(),
  override_ids: Type.Array(Type.String(), { description: 'the overrides an accepted swap created' }),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type SwapView = Static<typeof Swap>;

export const CreateSwapInput = Type.Object(
  {
    start: Timestamp,
    end: Timestamp,
    to_user_id: Type.Optional(Id('only this team member may accept; anyone on the team when absent')),
    requester_id: Type.Optional(Id('whose shifts are offered; defaults to you (others: admins only)')),
    note: Type.Optional(Reason),
  },
  { additionalProperties: false },
);
export type CreateSwapInput = Static<typeof CreateSwapInput>;

export const ListSwapsQuery = Type.Object(
  { ...PageQuery, status: Type.Optional(StringEnum(SWAP_STATUSES)) },
  { additionalProperties: false },
);
export const SwapParams = Type.Object({ id: Id(), swapId: Id() });

export const PlannedShift = Type.Object(
  { user_id: Id('who is on call'), start: Timestamp, end: Timestamp },
  { additionalProperties: false },
);

export const Temporary = Type.Object({
  id: Type.String(),
  schedule_id: Type.String(),
  name: Type.String(),
  start: Timestamp,
  end: Timestamp,
  shifts: Type.Array(
    Type.Object({ user_id: Type.String(), user_name: NullableString, start: Timestamp, end: Timestamp }),
  ),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type TemporaryView = Static<typeof Temporary>;

export const CreateTemporaryInput = Type.Object(
  {
    name: Type.Optional(Name),
    start: Timestamp,
    end: Timestamp,
    shifts: Type.Array(PlannedShift, {
      maxItems: 500,
      description: 'within [start, end); the rest is a gap',
    }),
  },
  { additionalProperties: false },
);
export type CreateTemporaryInput = Static<typeof CreateTemporaryInput>;
export const TemporaryParams = Type.Object({ id: Id(), temporaryId: Id() });

export const CalendarFeed = Type.Object({
  id: Type.String(),
  kind: StringEnum(FEED_KINDS),
  schedule_id: NullableString,
  user_id: NullableString,
  owner_id: NullableString,
  token_prefix: Type.String(),
  created_at: Timestamp,
  revoked_at: Type.Union([Timestamp, Type.Null()]),
});
export type CalendarFeedView = Static<typeof CalendarFeed>;

export const CreatedCalendarFeed = Type.Intersect([
  CalendarFeed,
  Type.Object({
    token: Type.String({ description: 'shown once' }),
    url: Type.String({ description: 'subscribe to this URL; it carries the token' }),
  }),
]);

export const CreateCalendarFeedInput = Type.Object(
  {
    schedule_id: Type.Optional(Id('a feed of this schedule')),
    user_id: Type.Optional(Id("a feed of this user's shifts on every schedule")),
  },
  { additionalProperties: false, minProperties: 1, maxProperties: 1 },
);
export type CreateCalendarFeedInput = Static<typeof CreateCalendarFeedInput>;

export const PageOnlyQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const FeedQuery = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
