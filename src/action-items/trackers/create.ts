import { requireRole } from '../../platform/auth/actor.ts';
import { generateSecret } from '../../platform/auth/secrets.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import { isUniqueViolation } from '../../platform/db/connect.ts';
import { newId } from '../../platform/ids.ts';
import { presentTracker } from './presenter.ts';
import { findTrackerByName, insertTracker } from './repository.ts';
import { checkedFields, duplicateTrackerName, trackerOr404 } from './rules.ts';
import type { CreateTicketTrackerBody, CreatedTicketTrackerView } from './schemas.ts';
import { sealTrackerSecret } from './secrets.ts';

/** What the tracker verbs need besides ctx: the ticket-trackers key and where Tocsin is reached. */
export interface TrackerDeps {
  key: Buffer;
  publicUrl: string;
}

export const WEBHOOK_SECRET_PREFIX = 'tocsin_whsec';

/**
 * Admins add a tracker. Its webhook secret is generated here and shown in this answer only: the
 * admin pastes it into the GitHub or Jira webhook, then nobody reads it again (it is stored
 * encrypted, since verifying an HMAC needs the secret itself). Audited without either secret.
 */
export async function createTracker({
  ctx,
  input,
  deps,
}: {
  ctx: Ctx;
  input: CreateTicketTrackerBody;
  deps: TrackerDeps;
}): Promise<CreatedTicketTrackerView> {
  requireRole(ctx.actor, 'admin');
  const name = input.name.trim();
  const fields = checkedFields(input.kind, input, ctx.outbound);
  return inTransaction(ctx, async (ctx) => {
    if (await findTrackerByName(ctx.db, name)) throw duplicateTrackerName(name);
    const now = ctx.clock.now();
    const id = newId('trk', now);
    const webhookSecret = generateSecret(WEBHOOK_SECRET_PREFIX);
    try {
      await insertTracker(ctx.db, {
        id,
        name,
        kind: input.kind,
        ...fields,
        labels: JSON.stringify(fields.labels),
        token: sealTrackerSecret(deps.key, id, 'token', input.token.trim()),
        webhook_secret: sealTrackerSecret(deps.key, id, 'webhook_secret', webhookSecret),
        created_at: now,
        updated_at: now,
      });
    } catch (e) {
      // A concurrent create with the same name can pass the check above.
      if (isUniqueViolation(e)) throw duplicateTrackerName(name);
      throw e;
    }
    const view = presentTracker(await trackerOr404(ctx.db, id), deps.publicUrl);
    await recordAudit(ctx, {
      action: 'ticket_tracker.create',
      targetType: 'ticket_tracker',
      targetId: id,
      after: view,
    });
    return { ...view, webhook_secret: webhookSecret };
  });
}
