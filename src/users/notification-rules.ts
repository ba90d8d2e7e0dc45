import { actorUserId, requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { Queryable } from '../platform/db/connect.ts';
import { isUniqueViolation } from '../platform/db/connect.ts';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { presentNotificationRule } from './presenter.ts';
import {
  deleteNotificationRuleRow,
  findContactMethod,
  findNotificationRule,
  findUserById,
  insertNotificationRule,
  notificationRulesOf,
} from './repository.ts';
import type { NotificationRuleInput, NotificationRuleView } from './schemas.ts';

/** The same rule as for contact methods: people manage their own; admins manage anyone's. */
function authorizeFor(ctx: Ctx, userId: string): void {
  if (actorUserId(ctx.actor) !== userId) requireRole(ctx.actor, 'admin');
}

async function requireUser(db: Queryable, userId: string) {
  const user = await findUserById(db, userId);
  if (user === undefined) throw NotFoundError.of('user', userId);
  return user;
}

export async function listNotificationRules(db: Queryable, userId: string): Promise<NotificationRuleView[]> {
  await requireUser(db, userId);
  return (await notificationRulesOf(db, userId)).map(presentNotificationRule);
}

export async function addNotificationRule({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { userId: string } & NotificationRuleInput;
}): Promise<NotificationRuleView> {
  authorizeFor(ctx, input.userId);
  return inTransaction(ctx, async (ctx) => {
    const user = await requireUser(ctx.db, input.userId);
    // Paging one person through another's phone would be a silent misroute, so refuse it.
    const method = await findContactMethod(ctx.db, user.id, input.contact_method_id);
    if (method === undefined) {
      throw new ValidationError(
        `contact_method_id: ${JSON.stringify(input.contact_method_id)} is not a contact method of ${user.name}`,
      );
    }
    const now = ctx.clock.now();
    const id = newId('nr', now);
    const row = {
      id,
      user_id: user.id,
      contact_method_id: method.id,
      urgency: input.urgency,
      delay_minutes: input.delay_minutes,
      created_at: now,
    };
    try {
      await insertNotificationRule(ctx.db, row);
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new ConflictError(
          `${user.name} already has a ${input.urgency}-urgency rule for this contact method at ${input.delay_minutes} minutes`,
        );
      }
      throw e;
    }
    const view = presentNotificationRule({ ...row, contact_method_type: method.type });
    await recordAudit(ctx, {
      action: 'notification_rule.create',
      targetType: 'user',
      targetId: user.id,
      after: view,
    });
    return view;
  });
}

export async function removeNotificationRule({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { userId: string; id: string };
}): Promise<void> {
  authorizeFor(ctx, input.userId);
  await inTransaction(ctx, async (ctx) => {
    await requireUser(ctx.db, input.userId);
    const row = await findNotificationRule(ctx.db, input.userId, input.id);
    if (row === undefined) throw NotFoundError.of('notification rule', input.id);
    await deleteNotificationRuleRow(ctx.db, input.id);
    await recordAudit(ctx, {
      action: 'notification_rule.delete',
      targetType: 'user',
      targetId: input.userId,
      before: presentNotificationRule(row),
    });
  });
}
