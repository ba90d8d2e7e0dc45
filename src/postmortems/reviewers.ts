import { actorUserId, requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { ConflictError, ForbiddenError } from '../platform/errors.ts';
import { commitChange, loadPostmortem, requireActiveUser, requireWriter } from './common.ts';
import { addReviewers, approveReview, reviewersOf } from './repository.ts';
import type { ApprovePostmortemInput, PostmortemView, RequestReviewersInput } from './schemas.ts';

/**
 * Reviewers: anyone who may write the postmortem asks people (responders or admins) to review
 * it; each asked person approves it while it is in review. Publishing waits for all of them.
 */
export async function requestReviewers({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & RequestReviewersInput;
}): Promise<PostmortemView> {
  return inTransaction(ctx, async (ctx) => {
    const before = await loadPostmortem(ctx.db, input.id);
    await requireWriter(ctx, before.incident_id);
    if (before.status === 'published')
      throw new ConflictError('the postmortem is published; it takes no more reviewers');
    for (const [i, id] of input.user_ids.entries()) await requireActiveUser(ctx.db, id, `body.user_ids.${i}`);
    await addReviewers(ctx.db, before.id, input.user_ids, ctx.clock.now());
    return commitChange(ctx, before, {}, { action: 'postmortem.reviewers.request' });
  });
}

export async function approvePostmortem({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & ApprovePostmortemInput;
}): Promise<PostmortemView> {
  requireRole(ctx.actor, 'responder');
  return inTransaction(ctx, async (ctx) => {
    const before = await loadPostmortem(ctx.db, input.id);
    const reviewers = await reviewersOf(ctx.db, before.id);
    const userId = actorUserId(ctx.actor);
    if (!reviewers.some((r) => r.user_id === userId)) {
      const asked = reviewers.map((r) => r.name).join(', ');
      throw new ForbiddenError(
        `only the requested reviewers may approve this postmortem${asked === '' ? ' (none are requested)' : ` (${asked})`}`,
      );
    }
    if (before.status !== 'in_review') {
      throw new ConflictError(
        `the postmortem is ${before.status}; approvals are given while it is in_review`,
      );
    }
    await approveReview(ctx.db, before.id, userId!, ctx.clock.now());
    // With if_revision, an approval is of the text the reviewer read, not of a later edit.
    return commitChange(ctx, before, {}, { action: 'postmortem.approve', ifRevision: input.if_revision });
  });
}
