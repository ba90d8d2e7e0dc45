import { recordAudit } from '../../platform/audit/record.ts';
import { requireRole } from '../../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import { type Page, mapPage } from '../../platform/db/paginate.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { presentSubscriber } from './presenter.ts';
import { deleteSubscriber, listSubscribers } from './repository.ts';
import type { ListSubscribersQuery, StatusSubscriberView } from './schemas.ts';

/** Subscribers' addresses are personal data: admins only, oldest first like other configuration. */
export async function listSubscriberViews({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: ListSubscribersQuery;
}): Promise<Page<StatusSubscriberView>> {
  requireRole(ctx.actor, 'admin');
  return mapPage(await listSubscribers(ctx.db, { kind: input.kind }, input), presentSubscriber);
}

/** Removes a subscriber and what is queued for it (audited, as the acting admin). */
export async function removeSubscriber({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> {
  requireRole(ctx.actor, 'admin');
  await inTransaction(ctx, async (ctx) => {
    const row = await deleteSubscriber(ctx.db, input.id);
    if (row === undefined) throw NotFoundError.of('subscriber', input.id);
    await recordAudit(ctx, {
      action: 'status_page.subscriber.delete',
      targetType: 'status_subscriber',
      targetId: row.id,
      before: presentSubscriber(row),
    });
  });
}
