import { Type, type Static } from '@sinclair/typebox';
import { Id, Name, PageQuery, StringEnum, Timestamp } from '../platform/http/schema.ts';
import { NullableActor } from '../users/actors.ts';
import { SectionKey, SeverityName } from './templates/schemas.ts';

export const POSTMORTEM_STATUSES = ['draft', 'in_review', 'published'] as const;
export const PostmortemStatusSchema = StringEnum(POSTMORTEM_STATUSES);

export const Section = Type.Object(
  {
    key: SectionKey,
    title: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    body: Type.String({ maxLength: 100_000, description: 'Markdown' }),
  },
  { additionalProperties: false },
);

const Person = Type.Object({ id: Type.String(), name: Type.String() });
const Tag = Type.String({ minLength: 1, maxLength: 50, pattern: '^\\S(.*\\S)?$' });
const Tags = Type.Array(Tag, { maxItems: 20, uniqueItems: true });
const TimeZone = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'IANA time zone, e.g. Europe/Paris',
});

export const Reviewer = Type.Object({
  user: Person,
  requested_at: Timestamp,
  approved_at: Type.Union([Timestamp, Type.Null()]),
});

export const ReviewComment = Type.Object({
  section_key: Type.String(),
  excerpt: Type.String(),
  pattern: Type.String(),
  message: Type.String(),
});

const IncidentRef = Type.Object({
  id: Type.String(),
  ref: Type.String({ description: 'INC-42' }),
  title: Type.String(),
  severity: Type.String(),
  status: Type.String(),
  resolved_at: Type.Union([Timestamp, Type.Null()]),
});

/** A postmortem in lists (the library): everything but its text. */
export const PostmortemSummary = Type.Object({
  id: Type.String(),
  incident: IncidentRef,
  template_id: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  status: PostmortemStatusSchema,
  time_zone: Type.String(),
  tags: Type.Array(Type.String()),
  owner: Type.Union([Person, Type.Null()]),
  due_at: Type.Union([Timestamp, Type.Null()], {
    description: 'business days after the incident resolved (severity setting); null until it resolves',
  }),
  created_by: NullableActor,
  created_at: Timestamp,
  updated_at: Timestamp,
  published_at: Type.Union([Timestamp, Type.Null()]),
  published_by: NullableActor,
  revision: Type.Integer({ description: 'send as if_revision to refuse an edit over a newer change' }),
});
export type PostmortemSummaryView = Static<typeof PostmortemSummary>;

export const Postmortem = Type.Object({
  ...PostmortemSummary.properties,
  sections: Type.Array(Section),
  reviewers: Type.Array(Reviewer),
  allowed_transitions: Type.Array(PostmortemStatusSchema, { description: 'statuses it can move to now' }),
  review_comments: Type.Array(ReviewComment, {
    description: 'blameless-language findings in the text; advice for reviewers, never blocking',
  }),
});
export type PostmortemView = Static<typeof Postmortem>;

export const CreatePostmortemInput = Type.Object(
  {
    incident_id: Id('the incident (id or INC-42)'),
    template_id: Type.Optional(Id("default: the template for the incident's severity, else the default one")),
    title: Type.Optional(Name),
    owner_id: Type.Optional(Id('default: the incident commander')),
    time_zone: Type.Optional(TimeZone),
    tags: Type.Optional(Tags),
  },
  { additionalProperties: false },
);
export type CreatePostmortemInput = Static<typeof CreatePostmortemInput>;

export const EditPostmortemInput = Type.Object(
  {
    title: Type.Optional(Name),
    sections: Type.Optional(Type.Array(Section, { maxItems: 50, description: 'replaces every section' })),
    tags: Type.Optional(Tags),
    owner_id: Type.Optional(Type.Union([Id('a user'), Type.Null()])),
    time_zone: Type.Optional(TimeZone),
    due_at: Type.Optional(Type.Union([Timestamp, Type.Null()], { description: 'must be in the future' })),
    if_revision: Type.Optional(
      Type.Integer({ description: 'refuse (409) if it changed since this revision' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type EditPostmortemInput = Static<typeof EditPostmortemInput>;

export const MovePostmortemInput = Type.Object(
  {
    status: PostmortemStatusSchema,
    if_revision: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);
export type MovePostmortemInput = Static<typeof MovePostmortemInput>;

export const ApprovePostmortemInput = Type.Object(
  {
    if_revision: Type.Optional(
      Type.Integer({ description: 'the revision read: approving text that changed since is refused (409)' }),
    ),
  },
  { additionalProperties: false },
);
export type ApprovePostmortemInput = Static<typeof ApprovePostmortemInput>;

export const RequestReviewersInput = Type.Object(
  {
    user_ids: Type.Array(Id('a user with the responder role or above'), {
      minItems: 1,
      maxItems: 20,
      uniqueItems: true,
    }),
  },
  { additionalProperties: false },
);
export type RequestReviewersInput = Static<typeof RequestReviewersInput>;

export const WaivePostmortemInput = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }) },
  { additionalProperties: false },
);
export type WaivePostmortemInput = Static<typeof WaivePostmortemInput>;

export const ListPostmortemsQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(PostmortemStatusSchema),
    service_id: Type.Optional(Id('on this service (the incident affects it)')),
    severity: Type.Optional(SeverityName),
    tag: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    owner_id: Type.Optional(Id()),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'in the title or the text' })),
  },
  { additionalProperties: false },
);
export type ListPostmortemsQuery = Static<typeof ListPostmortemsQuery>;

export const IncidentParams = Type.Object({ id: Id('incident id or INC-42') });

const Ms = Type.Union([Type.Integer(), Type.Null()]);

/** What the incident says now, for the editor: its durations and a fresh timeline table. */
export const IncidentDraft = Type.Object({
  durations: Type.Object({
    detect_ms: Ms,
    acknowledge_ms: Ms,
    mitigate_ms: Ms,
    resolve_ms: Ms,
  }),
  timeline: Type.String({
    description: "the key events as a Markdown table in the postmortem's time zone, as first drafted",
  }),
});
export type IncidentDraftView = Static<typeof IncidentDraft>;
