import type { IncomingHttpHeaders } from 'node:http';
import { systemActor } from '../../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import type { ActionItemStatus } from '../../platform/db/tables/action-items.ts';
import { AuthenticationError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { updateActionItem } from '../repository.ts';
import { setActionItemStatus } from '../status.ts';
import { findPushedItem, findTracker } from './repository.ts';
import type { WebhookAnswer } from './schemas.ts';
import { openTrackerSecret, validHubSignature } from './secrets.ts';

/**
 * A tracker says an issue changed. Verified by the HMAC of the raw body with the tracker's
 * webhook secret (GitHub `X-Hub-Signature-256`, Jira `X-Hub-Signature`); a bad or missing one is
 * 401 and changes nothing. The item pushed as that issue moves through the ordinary status verb
 * (src/action-items/status.ts: timeline entry, audit), acting as the tracker:
 * - GitHub `issues` event: `closed` -> done (`state_reason: not_planned` -> wont_do), `reopened` -> open;
 * - Jira `jira:issue_updated` that changed the status (its changelog): status category `done` -> done,
 *   `new` -> open, `indeterminate` -> in_progress.
 * Anything else (other events, issues nobody pushed) answers `matched: false` and changes nothing.
 */

interface Change {
  key: string;
  status: ActionItemStatus;
  state: string;
}

const TRACKER_ID = /^trk_[0-9A-HJKMNP-TV-Z]{26}$/;

const record = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function githubChange(event: string | undefined, body: Record<string, unknown>): Change | undefined {
  if (event !== 'issues') return undefined;
  const issue = record(body.issue);
  const repo = record(body.repository).full_name;
  if (typeof issue.number !== 'number' || typeof repo !== 'string') return undefined;
  const key = `${repo}#${issue.number}`;
  if (body.action === 'closed') {
    // Closed as not planned or as a duplicate: nothing was done, which is not done.
    return issue.state_reason === 'not_planned' || issue.state_reason === 'duplicate'
      ? { key, status: 'wont_do', state: 'closed' }
      : { key, status: 'done', state: 'closed' };
  }
  if (body.action === 'reopened') return { key, status: 'open', state: 'open' };
  return undefined;
}

function jiraChange(body: Record<string, unknown>): Change | undefined {
  if (body.webhookEvent !== 'jira:issue_updated') return undefined;
  const issue = record(body.issue);
  const status = record(record(issue.fields).status);
  const category = record(status.statusCategory).key;
  if (typeof issue.key !== 'string') return undefined;
  // Every edit of the ticket is an issue_updated (a comment comes without a changelog); only one
  // whose changelog moved its status may move the item, or a comment or an edited description
  // would undo a status set in Tocsin since.
  const changelog = record(body.changelog).items;
  if (!Array.isArray(changelog) || !changelog.some((i) => record(i).field === 'status')) return undefined;
  const state = typeof status.name === 'string' ? status.name : String(category);
  if (category === 'done') return { key: issue.key, status: 'done', state };
  if (category === 'new') return { key: issue.key, status: 'open', state };
  if (category === 'indeterminate') return { key: issue.key, status: 'in_progress', state };
  return undefined;
}

const header = (h: IncomingHttpHeaders, name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

export async function receiveTrackerWebhook({
  ctx,
  input,
  key,
}: {
  /** Any actor: the change acts as the tracker. */
  ctx: Ctx;
  input: { trackerId: string; headers: IncomingHttpHeaders; body: Buffer };
  key: Buffer;
}): Promise<WebhookAnswer> {
  // Only an id's shape is looked up: anything else (a NUL PostgreSQL cannot even compare) is unknown.
  const tracker = TRACKER_ID.test(input.trackerId) ? await findTracker(ctx.db, input.trackerId) : undefined;
  if (tracker === undefined) throw NotFoundError.of('ticket tracker', input.trackerId);
  const secret = openTrackerSecret(key, tracker.id, 'webhook_secret', tracker.webhook_secret);
  const signature = header(
    input.headers,
    tracker.kind === 'github' ? 'x-hub-signature-256' : 'x-hub-signature',
  );
  if (!validHubSignature(secret, input.body, signature)) {
    throw new AuthenticationError(
      `the webhook signature does not match (${tracker.kind === 'github' ? 'X-Hub-Signature-256' : 'X-Hub-Signature'} with the secret given when the tracker was created)`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(input.body.toString('utf8'));
  } catch {
    throw new ValidationError('body: not JSON (GitHub webhooks: content type application/json)');
  }
  const body = record(parsed);
  const change =
    tracker.kind === 'github'
      ? githubChange(header(input.headers, 'x-github-event'), body)
      : jiraChange(body);
  if (change === undefined) return { matched: false };
  const item = await findPushedItem(ctx.db, tracker.id, change.key.toLowerCase());
  if (item === undefined) return { matched: false };

  const asTracker: Ctx = { ...ctx, actor: systemActor(`ticket tracker ${tracker.name}`) };
  return inTransaction(asTracker, async (ctx) => {
    const view = await setActionItemStatus({ ctx, input: { id: item.id, status: change.status } });
    const shown = { ...(JSON.parse(item.tracker ?? '{}') as Record<string, unknown>), state: change.state };
    await updateActionItem(ctx.db, item.id, { tracker: JSON.stringify(shown) });
    return { matched: true, action_item_id: item.id, status: view.status };
  });
}
