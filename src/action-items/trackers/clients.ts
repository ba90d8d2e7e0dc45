import type { OutboundPolicy } from '../../platform/outbound/address.ts';
import { describeOutboundError, outboundRequest } from '../../platform/outbound/guard.ts';
import { AppError } from '../../platform/errors.ts';
import type { TrackerRow } from './repository.ts';

/**
 * The two trackers' REST APIs, through the outbound guard (so the base URL is checked again at
 * connect time, on the address it resolves to then):
 * - GitHub: `POST {base}/repos/{owner}/{repo}/issues`, a bearer token, answers 201
 *   `{number, html_url, state}`.
 * - Jira (Cloud, REST v2 so the description is plain text, not ADF): `POST {base}/rest/api/2/issue`
 *   with basic auth (email and API token), answers 201 `{id, key, self}`.
 */

/** A tracker that failed or could not be reached: 502, naming the tracker and what it said. */
export class TrackerError extends AppError {
  readonly status = 502;
  readonly code = 'tracker_error';
}

export interface NewIssue {
  title: string;
  body: string;
}

export interface CreatedIssue {
  /** As shown: `acme/web#12`, `OPS-7`. */
  key: string;
  url: string;
  state: string;
}

const TIMEOUT_MS = 10_000;
// Enough for an issue's answer; the rest (GitHub's is a few KB) is not needed.
const MAX_ANSWER_BYTES = 256 * 1024;
const MAX_MESSAGE = 300;

export const trackerLabel = (t: Pick<TrackerRow, 'kind' | 'name'>) =>
  `${t.kind === 'github' ? 'GitHub' : 'Jira'} (${t.name})`;

function request(
  t: TrackerRow,
  token: string,
  issue: NewIssue,
): { url: string; headers: Record<string, string>; body: unknown } {
  if (t.kind === 'github') {
    const labels = JSON.parse(t.labels) as string[];
    return {
      url: `${t.base_url}/repos/${t.project}/issues`,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: 'application/vnd.github+json',
        'X-GitHub-Api-Version': '2022-11-28',
      },
      body: { title: issue.title, body: issue.body, ...(labels.length > 0 ? { labels } : {}) },
    };
  }
  return {
    url: `${t.base_url}/rest/api/2/issue`,
    headers: {
      Authorization: `Basic ${Buffer.from(`${t.email ?? ''}:${token}`).toString('base64')}`,
      Accept: 'application/json',
    },
    body: {
      fields: {
        project: { key: t.project },
        summary: issue.title,
        description: issue.body,
        issuetype: { name: t.issue_type },
      },
    },
  };
}

function parse(body: Buffer): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(body.toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What the tracker said went wrong, shortened: GitHub's `message` (and its `errors[].message`),
 * Jira's `errorMessages` and `errors` per field. Never the request, which carries the token.
 */
export function trackerMessage(body: Buffer): string {
  const json = parse(body);
  const parts: string[] = [];
  if (json !== undefined) {
    if (typeof json.message === 'string') parts.push(json.message);
    if (Array.isArray(json.errors)) {
      for (const e of json.errors) {
        const m = (e as { message?: unknown } | null)?.message;
        if (typeof m === 'string') parts.push(m);
      }
    }
    if (Array.isArray(json.errorMessages))
      parts.push(...json.errorMessages.filter((m) => typeof m === 'string'));
    if (json.errors !== null && typeof json.errors === 'object' && !Array.isArray(json.errors)) {
      for (const [field, m] of Object.entries(json.errors))
        if (typeof m === 'string') parts.push(`${field}: ${m}`);
    }
  }
  const text = parts.join('; ').replace(/\s+/g, ' ').trim();
  if (text === '') return 'no message';
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

/** Creates the issue; throws TrackerError for any failure of the tracker or of reaching it. */
export async function createIssue(
  t: TrackerRow,
  token: string,
  issue: NewIssue,
  policy: OutboundPolicy,
): Promise<CreatedIssue> {
  const req = request(t, token, issue);
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  let res;
  try {
    res = await outboundRequest(
      req.url,
      {
        method: 'POST',
        headers: {
          ...req.headers,
          'Content-Type': 'application/json',
          'User-Agent': 'Tocsin',
        },
        body: JSON.stringify(req.body),
        signal,
        maxResponseBytes: MAX_ANSWER_BYTES,
      },
      policy,
    );
  } catch (e) {
    throw new TrackerError(`${trackerLabel(t)} could not be reached: ${describeOutboundError(e, signal)}`);
  }
  if (res.status < 200 || res.status > 299) {
    throw new TrackerError(`${trackerLabel(t)} answered ${res.status}: ${trackerMessage(res.body)}`);
  }
  const json = parse(res.body);
  if (t.kind === 'github') {
    const number = json?.number;
    const url = json?.html_url;
    // The link is shown to people: only a web address, never `javascript:` from a hostile host.
    if (typeof number !== 'number' || typeof url !== 'string' || !/^https?:\/\//i.test(url)) {
      throw new TrackerError(
        `${trackerLabel(t)} answered ${res.status} without the issue's number and html_url`,
      );
    }
    return {
      key: `${t.project}#${number}`,
      url,
      state: typeof json?.state === 'string' ? json.state : 'open',
    };
  }
  const key = json?.key;
  if (typeof key !== 'string' || !/^[A-Z][A-Z0-9_]*-\d+$/.test(key)) {
    throw new TrackerError(`${trackerLabel(t)} answered ${res.status} without the issue's key`);
  }
  // Its workflow's first status is not in the answer; the first webhook names it.
  return { key, url: `${t.base_url}/browse/${key}`, state: 'open' };
}
