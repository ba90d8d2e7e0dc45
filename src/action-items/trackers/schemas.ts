import { Type, type Static } from '@sinclair/typebox';
import { Id, Name, StringEnum, Timestamp } from '../../platform/http/schema.ts';

/**
 * Schemas of ticket trackers: GitHub Issues or Jira, where action items are pushed (issue 19).
 * The API token and the webhook secret are write-only: no answer carries the token, and the
 * secret only in the answer that created it.
 */

export const TRACKER_KINDS = ['github', 'jira'] as const;
export const GITHUB_API = 'https://api.github.com';
export const DEFAULT_JIRA_ISSUE_TYPE = 'Task';

const Kind = StringEnum(TRACKER_KINDS);
const BaseUrl = Type.String({
  maxLength: 2000,
  description:
    'GitHub: the API (default https://api.github.com; GitHub Enterprise: https://HOST/api/v3); Jira: the site, e.g. https://acme.atlassian.net',
});
const Project = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'GitHub: owner/repo; Jira: the project key, e.g. OPS',
});
const IssueType = Type.String({ minLength: 1, maxLength: 100, description: 'Jira: the issue type (Task)' });
const Email = Type.String({
  minLength: 3,
  maxLength: 320,
  description: 'Jira Cloud: the account whose API token this is (basic auth)',
});
const Token = Type.String({
  minLength: 1,
  maxLength: 4000,
  description: 'GitHub: a token that may create issues; Jira: an API token. Never shown again.',
});
const Labels = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
  maxItems: 20,
  description: 'GitHub: labels set on every issue pushed',
});

export const TicketTracker = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Kind,
  base_url: Type.String(),
  project: Type.String(),
  issue_type: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  labels: Type.Array(Type.String()),
  webhook_url: Type.String({
    description:
      'Where the tracker sends its webhooks (GitHub: the `issues` event; Jira: `jira:issue_updated`), signed with the secret given when it was created',
  }),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type TicketTrackerView = Static<typeof TicketTracker>;

export const CreatedTicketTracker = Type.Composite([
  TicketTracker,
  Type.Object({
    webhook_secret: Type.String({
      description:
        "The webhook's secret (GitHub: Secret; Jira: Secret of an admin webhook): shown only in this answer",
    }),
  }),
]);
export type CreatedTicketTrackerView = Static<typeof CreatedTicketTracker>;

export const TicketTrackerList = Type.Object({ data: Type.Array(TicketTracker) });

export const CreateTicketTrackerBody = Type.Object(
  {
    name: Name,
    kind: Kind,
    base_url: Type.Optional(BaseUrl),
    project: Project,
    issue_type: Type.Optional(IssueType),
    email: Type.Optional(Email),
    token: Token,
    labels: Type.Optional(Labels),
  },
  { additionalProperties: false },
);
export type CreateTicketTrackerBody = Static<typeof CreateTicketTrackerBody>;

export const UpdateTicketTrackerBody = Type.Object(
  {
    name: Type.Optional(Name),
    base_url: Type.Optional(BaseUrl),
    project: Type.Optional(Project),
    issue_type: Type.Optional(IssueType),
    email: Type.Optional(Email),
    token: Type.Optional(Token),
    labels: Type.Optional(Labels),
  },
  { additionalProperties: false },
);
export type UpdateTicketTrackerBody = Static<typeof UpdateTicketTrackerBody>;

export const PushBody = Type.Object(
  { tracker_id: Id('a ticket tracker id') },
  { additionalProperties: false },
);
export type PushBody = Static<typeof PushBody>;

export const WebhookAnswer = Type.Object({
  matched: Type.Boolean({ description: 'an action item was pushed as this issue' }),
  action_item_id: Type.Optional(Type.String()),
  status: Type.Optional(Type.String({ description: "the action item's status now" })),
});
export type WebhookAnswer = Static<typeof WebhookAnswer>;
