import { PasswordInput, TextInput } from '@mantine/core';
import type { TicketTrackerView } from '../../types.ts';
import { bindText } from '../status-page/bind.tsx';

export type TrackerKind = TicketTrackerView['kind'];
export const KINDS = ['github', 'jira'] as const satisfies TrackerKind[];
export const KIND_LABEL: Record<TrackerKind, string> = { github: 'GitHub Issues', jira: 'Jira' };

export const FIELDS = ['name', 'kind', 'base_url', 'project', 'issue_type', 'email', 'token'] as const;
type Field = (typeof FIELDS)[number];

/** What the add and edit forms hold: every box as typed, turned into a request by {@link trackerBody}. */
export interface Draft {
  name: string;
  base_url: string;
  project: string;
  issue_type: string;
  email: string;
  token: string;
}

export const emptyDraft: Draft = {
  name: '',
  base_url: '',
  project: '',
  issue_type: '',
  email: '',
  token: '',
};

export const draftOf = (t: TicketTrackerView): Draft => ({
  name: t.name,
  base_url: t.base_url,
  project: t.project,
  issue_type: t.issue_type ?? '',
  email: t.email ?? '',
  token: '',
});

/**
 * The request for POST (with `kind`) or PATCH /ticket-trackers. An empty optional box is left out:
 * the API fills in its default (GitHub's API, Jira's Task), keeps the stored token on an edit, or
 * answers 400 on the field Jira needs, which the form then shows there.
 */
export function trackerBody(d: Draft, kind: TrackerKind, creating: boolean): Record<string, string> {
  const body: Record<string, string> = { name: d.name, project: d.project.trim() };
  if (creating) body.kind = kind;
  const optional: [keyof Draft, string][] = [
    ['base_url', d.base_url.trim()],
    ['issue_type', kind === 'jira' ? d.issue_type.trim() : ''],
    ['email', kind === 'jira' ? d.email.trim() : ''],
    ['token', d.token],
  ];
  for (const [k, v] of optional) if (v !== '' || (k === 'token' && creating)) body[k] = v;
  return body;
}

/**
 * A tracker's boxes, with the hints of its kind: GitHub's API address is optional (Enterprise
 * differs), a Jira site is not, and only Jira has an issue type and an account email.
 */
export function TrackerFields({
  kind,
  draft,
  set,
  byField,
  editing = false,
}: {
  kind: TrackerKind;
  draft: Draft;
  set: (d: Draft) => void;
  byField: Partial<Record<Field, string>>;
  editing?: boolean;
}) {
  const bind = (k: keyof Draft) => ({
    ...bindText(draft[k], (v) => set({ ...draft, [k]: v })),
    error: byField[k],
  });
  const github = kind === 'github';
  return (
    <>
      <TextInput
        label="Name"
        required
        description="How responders pick it, e.g. Web repo"
        {...bind('name')}
      />
      <TextInput
        label="Base URL"
        required={!github}
        placeholder={github ? 'https://api.github.com' : 'https://acme.atlassian.net'}
        description={
          github ? 'Empty: https://api.github.com. GitHub Enterprise: https://HOST/api/v3' : 'Your Jira site'
        }
        {...bind('base_url')}
      />
      <TextInput
        label={github ? 'Repository' : 'Project key'}
        required
        placeholder={github ? 'owner/repo' : 'OPS'}
        description={github ? 'As owner/repo, e.g. acme/web' : 'The Jira project key in capitals'}
        {...bind('project')}
      />
      {!github && (
        <>
          <TextInput
            label="Issue type"
            placeholder="Task"
            description="Empty: Task"
            {...bind('issue_type')}
          />
          <TextInput
            label="Account email"
            required
            type="email"
            description="The Jira account whose API token this is"
            {...bind('email')}
          />
        </>
      )}
      <PasswordInput
        label={editing ? 'New token' : 'Token'}
        required={!editing}
        autoComplete="off"
        description={
          editing
            ? 'Empty: keep the current token. It is never shown again.'
            : github
              ? 'A token that may create issues in the repository. It is never shown again.'
              : 'An API token of that account. It is never shown again.'
        }
        {...bind('token')}
      />
    </>
  );
}
