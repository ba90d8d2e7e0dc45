import type { Queryable } from '../../platform/db/connect.ts';
import type { TicketTrackerKind } from '../../platform/db/tables/action-items.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { OutboundPolicy } from '../../platform/outbound/address.ts';
import { OutboundRefusedError, checkOutboundUrl } from '../../platform/outbound/guard.ts';
import { type TrackerRow, findTracker } from './repository.ts';
import { DEFAULT_JIRA_ISSUE_TYPE, GITHUB_API } from './schemas.ts';

/** What a tracker's settings must be, checked on create and on every change. */

export async function trackerOr404(db: Queryable, id: string): Promise<TrackerRow> {
  const row = await findTracker(db, id);
  if (row === undefined) throw NotFoundError.of('ticket tracker', id);
  return row;
}

export const duplicateTrackerName = (name: string) =>
  new ConflictError(`a ticket tracker named ${JSON.stringify(name)} already exists`);

/**
 * Through the one outbound guard (src/platform/outbound/guard.ts), as every address someone types
 * in: refused here when saved, and again when a push connects (on the address it resolves to then).
 */
export function checkedBaseUrl(value: string, policy: OutboundPolicy): string {
  let url: URL;
  try {
    url = checkOutboundUrl(value.trim(), policy);
  } catch (e) {
    if (!(e instanceof OutboundRefusedError)) throw e;
    const why =
      e.refused === 'url'
        ? 'must be an http(s) URL'
        : e.refused === 'credentials'
          ? 'must not contain a user name or password (give the token and email as their own fields)'
          : e.allowable
            ? `the host is ${e.message}, which outbound requests may not reach (see TOCSIN_OUTBOUND_ALLOW)`
            : `the host is ${e.message}, which outbound requests never reach`;
    throw new ValidationError(`body.base_url: ${why}`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ValidationError('body.base_url: must not have a query or fragment');
  }
  return url.toString().replace(/\/+$/, '');
}

export interface TrackerFields {
  base_url: string;
  project: string;
  issue_type: string | null;
  email: string | null;
  labels: string[];
}

/** The fields as stored for `kind`: defaults filled in, each checked, naming the one refused. */
export function checkedFields(
  kind: TicketTrackerKind,
  given: Partial<TrackerFields> & { base_url?: string | undefined },
  policy: OutboundPolicy,
): TrackerFields {
  const project = (given.project ?? '').trim();
  if (kind === 'github') {
    // `.` and `..` would be path segments of the API URL, not a repository.
    if (
      !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(project) ||
      project.split('/').some((p) => /^\.+$/.test(p))
    ) {
      throw new ValidationError('body.project: a GitHub repository as owner/repo, e.g. acme/web');
    }
    return {
      base_url: checkedBaseUrl(given.base_url ?? GITHUB_API, policy),
      project,
      issue_type: null,
      email: null,
      labels: [...new Set((given.labels ?? []).map((l) => l.trim()).filter((l) => l !== ''))],
    };
  }
  if (given.base_url === undefined) {
    throw new ValidationError(
      'body.base_url is required for Jira: the site, e.g. https://acme.atlassian.net',
    );
  }
  if (!/^[A-Z][A-Z0-9_]{0,49}$/.test(project)) {
    throw new ValidationError('body.project: a Jira project key in capitals, e.g. OPS');
  }
  const email = given.email?.trim();
  if (email === undefined || !/^[^\s@]+@[^\s@]+$/.test(email)) {
    throw new ValidationError(
      'body.email is required for Jira: the email of the account whose API token this is',
    );
  }
  if (given.labels !== undefined && given.labels.length > 0) {
    throw new ValidationError('body.labels: only GitHub trackers set labels');
  }
  return {
    base_url: checkedBaseUrl(given.base_url, policy),
    project,
    issue_type: given.issue_type?.trim() || DEFAULT_JIRA_ISSUE_TYPE,
    email,
    labels: [],
  };
}
