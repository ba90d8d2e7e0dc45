import { recordAudit } from '../../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import { incidentPageUrl } from '../../platform/http/page-urls.ts';
import { actorRef, addTimeline } from '../../timeline/repository.ts';
import { presentActionItems } from '../presenter.ts';
import { type ActionItemRow, updateActionItem } from '../repository.ts';
import { itemOr404, lockedItem, requireItemAccess } from '../rules.ts';
import type { ActionItemView } from '../schemas.ts';
import { type CreatedIssue, TrackerError, createIssue, trackerLabel } from './clients.ts';
import type { TrackerDeps } from './create.ts';
import { findTracker } from './repository.ts';
import { openTrackerSecret } from './secrets.ts';

// A push that has not finished after this (the node died mid-call) no longer holds the item.
const CLAIM_TTL_MS = 2 * 60_000;

function issueBody(item: ActionItemRow, publicUrl: string): string {
  const ref = `INC-${item.incident_number}`;
  const link = `Action item from [${ref}: ${item.incident_title}](${incidentPageUrl(publicUrl, ref)}) in Tocsin (its postmortem is linked there).`;
  return item.description.trim() === '' ? link : `${item.description.trim()}\n\n---\n${link}`;
}

/**
 * Pushes an action item to a ticket tracker: creates the GitHub issue or Jira ticket and keeps
 * where it is (`tracker`), so the tracker's webhooks move the item's status from then on. Who may
 * edit the item may push it. An item is pushed once: again answers 409.
 *
 * The tracker is called outside any transaction (a slow tracker must not hold the database), so
 * the item is claimed first: of two pushes at once, one makes the issue and the other gets 409.
 * A failure releases the claim, is audited, and answers 502 with what the tracker said.
 */
export async function pushActionItem({
  ctx,
  input,
  deps,
}: {
  ctx: Ctx;
  input: { id: string; trackerId: string };
  deps: TrackerDeps;
}): Promise<ActionItemView> {
  await requireItemAccess(ctx, await itemOr404(ctx.db, input.id));
  const tracker = await findTracker(ctx.db, input.trackerId);
  if (tracker === undefined) {
    throw new ValidationError(`body.tracker_id: ticket tracker ${JSON.stringify(input.trackerId)} not found`);
  }
  const token = openTrackerSecret(deps.key, tracker.id, 'token', tracker.token);

  const item = await inTransaction(ctx, async (ctx) => {
    const item = await lockedItem(ctx, input.id);
    const now = ctx.clock.now();
    if (item.tracker !== null) {
      const t = JSON.parse(item.tracker) as { key?: string; url?: string };
      throw new ConflictError(`the action item was already pushed, as ${t.key ?? '?'} (${t.url ?? ''})`);
    }
    if (item.tracker_claimed_at !== null && item.tracker_claimed_at > now - CLAIM_TTL_MS) {
      throw new ConflictError('the action item is being pushed to a ticket tracker right now');
    }
    await updateActionItem(ctx.db, item.id, { tracker_id: tracker.id, tracker_claimed_at: now });
    return item;
  });

  let issue: CreatedIssue;
  try {
    issue = await createIssue(
      tracker,
      token,
      { title: item.title, body: issueBody(item, deps.publicUrl) },
      ctx.outbound,
    );
  } catch (e) {
    await inTransaction(ctx, async (ctx) => {
      await updateActionItem(ctx.db, item.id, { tracker_id: null, tracker_claimed_at: null });
      await recordAudit(ctx, {
        action: 'action_item.push_failed',
        targetType: 'action_item',
        targetId: item.id,
        after: { tracker_id: tracker.id, error: e instanceof TrackerError ? e.message : 'internal error' },
      });
    });
    throw e;
  }

  return inTransaction(ctx, async (ctx) => {
    const before = await lockedItem(ctx, item.id);
    const now = ctx.clock.now();
    const tracker_ = { kind: tracker.kind, key: issue.key, url: issue.url, state: issue.state };
    await updateActionItem(ctx.db, item.id, {
      tracker: JSON.stringify(tracker_),
      // Deleted meanwhile: the item keeps the issue's link, as items of a deleted tracker do.
      tracker_id: (await findTracker(ctx.db, tracker.id)) === undefined ? null : tracker.id,
      tracker_key: issue.key.toLowerCase(),
      tracker_claimed_at: null,
      updated_at: now,
    });
    const after = await itemOr404(ctx.db, item.id);
    await addTimeline(ctx.db, now, [
      {
        incidentId: item.incident_id,
        kind: 'action_item_pushed',
        actor: actorRef(ctx.actor),
        message: `${ctx.actor.name} pushed action item ${JSON.stringify(item.title)} to ${trackerLabel(tracker)} as ${issue.key}`,
        data: { action_item_id: item.id, tracker_id: tracker.id, ...tracker_ },
      },
    ]);
    const [beforeView, afterView] = await presentActionItems(ctx.db, [before, after], now);
    await recordAudit(ctx, {
      action: 'action_item.push',
      targetType: 'action_item',
      targetId: item.id,
      before: beforeView,
      after: afterView,
    });
    return afterView!;
  });
}
