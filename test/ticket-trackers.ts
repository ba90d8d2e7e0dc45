import { createHmac } from 'node:crypto';
import type { App } from '../src/platform/http/app.ts';
import type { CreatedTicketTrackerView } from '../src/action-items/trackers/schemas.ts';
import { uniqueName } from './factories.ts';
import { api } from './harness.ts';

/** Ticket trackers for the suites of src/action-items/trackers: made through the API as the admin. */

export const GITHUB_TOKEN = 'ghp_test-token-0123456789';
export const JIRA_TOKEN = 'jira-api-token-0123456789';
export const JIRA_EMAIL = 'bot@example.com';

/** A GitHub tracker for acme/web at `baseUrl` (a local receiver). */
export async function buildGithubTracker(
  app: App,
  baseUrl: string,
  overrides: Record<string, unknown> = {},
): Promise<CreatedTicketTrackerView> {
  return createdTracker(app, {
    name: uniqueName('github'),
    kind: 'github',
    base_url: baseUrl,
    project: 'acme/web',
    token: GITHUB_TOKEN,
    ...overrides,
  });
}

/** A Jira tracker for project OPS at `baseUrl` (a local receiver). */
export async function buildJiraTracker(
  app: App,
  baseUrl: string,
  overrides: Record<string, unknown> = {},
): Promise<CreatedTicketTrackerView> {
  return createdTracker(app, {
    name: uniqueName('jira'),
    kind: 'jira',
    base_url: baseUrl,
    project: 'OPS',
    email: JIRA_EMAIL,
    token: JIRA_TOKEN,
    ...overrides,
  });
}

async function createdTracker(app: App, body: Record<string, unknown>): Promise<CreatedTicketTrackerView> {
  const res = await api<CreatedTicketTrackerView>(app, 'POST', '/api/v1/ticket-trackers', { body });
  if (res.status !== 201)
    throw new Error(`create tracker answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** `sha256=<hex>`: GitHub's X-Hub-Signature-256 and Jira's X-Hub-Signature over the raw body. */
export function hubSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Posts a tracker's webhook, signed with `secret` unless a `signature` is given. */
export async function postTrackerWebhook(
  app: App,
  tracker: { id: string; kind: string },
  secret: string,
  payload: unknown,
  opts: { event?: string; signature?: string } = {},
) {
  const body = JSON.stringify(payload);
  const signature = opts.signature ?? hubSignature(secret, body);
  const res = await app.inject({
    method: 'POST',
    url: `/webhooks/ticket-trackers/${tracker.id}`,
    headers: {
      'content-type': 'application/json',
      ...(tracker.kind === 'github'
        ? { 'x-hub-signature-256': signature, 'x-github-event': opts.event ?? 'issues' }
        : { 'x-hub-signature': signature }),
    },
    payload: body,
  });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
}
