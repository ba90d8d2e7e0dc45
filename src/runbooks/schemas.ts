import { Type, type Static } from '@sinclair/typebox';
import { Id, Name, PageQuery, StringEnum, Timestamp } from '../platform/http/schema.ts';
import { SEVERITIES } from '../ingest/event.ts';
import { MatchersInput } from '../silences/schemas.ts';
import { Actor, NullableActor } from '../users/actors.ts';

export const DEFAULT_REVIEW_INTERVAL_DAYS = 90;
export const MAX_BODY = 200_000;

const Tag = Type.String({ minLength: 1, maxLength: 50, pattern: '^\\S(.*\\S)?$' });
const Tags = Type.Array(Tag, { maxItems: 20, uniqueItems: true });
const SeverityName = StringEnum(SEVERITIES, 'alert severity');
const Source = Type.String({ minLength: 1, maxLength: 255, description: "an alert's source, exactly" });
const Body = Type.String({ maxLength: MAX_BODY, description: 'Markdown' });
const ReviewInterval = Type.Integer({
  minimum: 1,
  maximum: 3650,
  description: `days between reviews (default ${DEFAULT_REVIEW_INTERVAL_DAYS})`,
});
const Note = Type.String({ maxLength: 500, description: 'what changed, for the version history' });

const Ref = Type.Object({ id: Type.String(), name: Type.String() });

/** A runbook in lists: everything but its text. */
export const RunbookSummary = Type.Object({
  id: Type.String(),
  title: Type.String(),
  owner_team: Type.Union([Ref, Type.Null()], { description: 'null: owned by admins' }),
  tags: Type.Array(Type.String()),
  version: Type.Integer(),
  services: Type.Array(Ref),
  matchers: Type.Array(Type.Object({ name: Type.String(), op: Type.String(), value: Type.String() })),
  severities: Type.Array(Type.String()),
  sources: Type.Array(Type.String()),
  attached: Type.Boolean({ description: 'false: matched to nothing (no service, no matcher); library only' }),
  review_interval_days: Type.Integer(),
  reviewed_at: Timestamp,
  reviewed_by: NullableActor,
  review_due_at: Timestamp,
  review_overdue: Type.Boolean(),
  url: Type.String({ description: "the runbook's page in the web UI" }),
  created_by: Actor,
  created_at: Timestamp,
  updated_by: Actor,
  updated_at: Timestamp,
});
export type RunbookSummaryView = Static<typeof RunbookSummary>;

export const Runbook = Type.Object({ ...RunbookSummary.properties, body: Type.String() });
export type RunbookView = Static<typeof Runbook>;

export const CreateRunbookInput = Type.Object(
  {
    title: Name,
    owner_team_id: Type.Optional(Type.Union([Id('team id'), Type.Null()])),
    tags: Type.Optional(Tags),
    body: Type.Optional(Type.Union([Body], { description: 'Markdown; the runbook template when left out' })),
    service_ids: Type.Optional(Type.Array(Id('service id'), { maxItems: 100 })),
    matchers: Type.Optional(MatchersInput),
    severities: Type.Optional(Type.Array(SeverityName, { maxItems: 4, uniqueItems: true })),
    sources: Type.Optional(Type.Array(Source, { maxItems: 50, uniqueItems: true })),
    review_interval_days: Type.Optional(ReviewInterval),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);
export type CreateRunbookInput = Static<typeof CreateRunbookInput>;

export const EditRunbookInput = Type.Object(
  {
    title: Type.Optional(Name),
    owner_team_id: Type.Optional(Type.Union([Id('team id'), Type.Null()])),
    tags: Type.Optional(Tags),
    body: Type.Optional(Body),
    service_ids: Type.Optional(Type.Array(Id('service id'), { maxItems: 100 })),
    matchers: Type.Optional(MatchersInput),
    severities: Type.Optional(Type.Array(SeverityName, { maxItems: 4, uniqueItems: true })),
    sources: Type.Optional(Type.Array(Source, { maxItems: 50, uniqueItems: true })),
    review_interval_days: Type.Optional(ReviewInterval),
    note: Type.Optional(Note),
    if_version: Type.Optional(
      Type.Integer({ minimum: 1, description: 'refuse (409) if the runbook moved past this version' }),
    ),
  },
  { additionalProperties: false },
);
export type EditRunbookInput = Static<typeof EditRunbookInput>;

export const ListRunbooksQuery = Type.Object(
  {
    ...PageQuery,
    q: Type.Optional(Type.String({ maxLength: 200, description: 'words in the title or text' })),
    tag: Type.Optional(Tag),
    service_id: Type.Optional(Id('service id')),
    team_id: Type.Optional(Id('owner team id')),
    review_overdue: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ListRunbooksQuery = Static<typeof ListRunbooksQuery>;

export const RunbookVersionSummary = Type.Object({
  version: Type.Integer(),
  title: Type.String(),
  note: Type.String(),
  edited_by: Actor,
  edited_at: Timestamp,
});
export const RunbookVersion = Type.Object({
  ...RunbookVersionSummary.properties,
  runbook_id: Type.String(),
  tags: Type.Array(Type.String()),
  body: Type.String(),
});
export type RunbookVersionView = Static<typeof RunbookVersion>;

export const VersionParams = Type.Object({ id: Id(), version: Type.Integer({ minimum: 1 }) });

export const DiffQuery = Type.Object(
  {
    from: Type.Integer({ minimum: 1, description: 'the older version' }),
    to: Type.Optional(
      Type.Integer({ minimum: 1, description: 'the newer version; default the current one' }),
    ),
  },
  { additionalProperties: false },
);

export const RunbookDiff = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  title: Type.Object({ from: Type.String(), to: Type.String() }),
  lines: Type.Array(Type.Object({ op: StringEnum([' ', '+', '-'] as const), text: Type.String() })),
  unified: Type.String({ description: 'the same as a unified diff; empty when the texts are equal' }),
});

export const RunbookTemplate = Type.Object(
  { body: Body },
  { additionalProperties: false, description: "a new runbook's text when none is given" },
);

export const IncidentRunbooks = Type.Object({
  alert_runbook_url: Type.Union([Type.String(), Type.Null()], {
    description: "the newest alert's own runbook link; it comes first in pages when present",
  }),
  data: Type.Array(
    Type.Object({
      runbook: RunbookSummary,
      best: Type.Boolean({ description: 'the one pages link to (unless the alert has its own link)' }),
      matched_alerts: Type.Integer({ description: "how many of the incident's alerts it matches" }),
      feedback: Type.Union(
        [Type.Object({ helped: Type.Boolean(), given_by: Actor, given_at: Timestamp }), Type.Null()],
        { description: 'whether a responder said it helped with this incident' },
      ),
    }),
  ),
});

export const CoverageQuery = Type.Object(
  {
    days: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 90, description: 'alerts received in the last N days (30)' }),
    ),
  },
  { additionalProperties: false },
);

export const Coverage = Type.Object({
  since: Timestamp,
  services_without_runbook: Type.Array(Ref),
  alerts_without_runbook: Type.Array(
    Type.Object({
      service: Ref,
      alert: Type.String({ description: 'the alertname label, else the class, else the summary' }),
      alerts: Type.Integer(),
      last_received_at: Timestamp,
    }),
  ),
  alerts_checked: Type.Integer(),
  alerts_covered: Type.Integer({ description: 'matched by a runbook or carrying their own runbook link' }),
});
