import { actorRole, actorUserId, requireRole } from '../platform/auth/actor.ts';
import type { Ctx } from '../platform/context.ts';
import type { Queryable } from '../platform/db/connect.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../platform/errors.ts';
import { requireIncidentAccess } from '../teams/access.ts';
import { isCalendarDay, localDay } from './days.ts';
import { type ActionItemRow, activeUser, findActionItem, lockActionItem } from './repository.ts';

/** What every action-item verb checks: who may change one, and what an owner and a due date must be. */

export async function itemOr404(db: Queryable, id: string): Promise<ActionItemRow> {
  const item = await findActionItem(db, id);
  if (item === undefined) throw NotFoundError.of('action item', id);
  return item;
}

/** The item inside the caller's transaction, its row locked first (PostgreSQL) so changes queue. */
export async function lockedItem(ctx: Ctx, id: string): Promise<ActionItemRow> {
  const locked = await lockActionItem(ctx.db, ctx.dialect, id);
  return itemOr404(ctx.db, locked?.id ?? id);
}

/**
 * Responders change items of incidents they may act on (src/teams/access.ts); an item's owner
 * may always work on it, wherever the incident is, since it was given to them.
 */
export async function requireItemAccess(ctx: Ctx, item: ActionItemRow): Promise<void> {
  requireRole(ctx.actor, 'responder');
  if (item.owner_id !== null && item.owner_id === actorUserId(ctx.actor)) return;
  await requireIncidentAccess(ctx, item.incident_id);
}

/** Deleting loses the record: admins, or whoever wrote it. */
export function requireMayDelete(ctx: Ctx, item: ActionItemRow): void {
  requireRole(ctx.actor, 'responder');
  if (actorRole(ctx.actor) === 'admin') return;
  const me = actorUserId(ctx.actor);
  if (me !== null && item.created_by === `user:${me}`) return;
  throw new ForbiddenError('only admins and whoever created an action item may delete it');
}

export function checkedTitle(title: string): string {
  const t = title.trim();
  if (t === '') throw new ValidationError('body.title must not be empty');
  return t;
}

/** The owner: an existing user who is not deactivated (nobody would hear the reminders). */
export async function checkedOwner(
  db: Queryable,
  id: string | null,
): Promise<{ id: string; name: string; time_zone: string } | null> {
  if (id === null) return null;
  const user = await activeUser(db, id);
  if (user === undefined) throw new ValidationError(`body.owner_id: user ${JSON.stringify(id)} not found`);
  if (user.deactivated_at !== null) {
    throw new ValidationError(`body.owner_id: ${user.name} is deactivated; choose an active user`);
  }
  return user;
}

/** A real day, not before today where the owner is (UTC when nobody owns it yet). */
export function checkedDueDate(day: string | null, ownerTimeZone: string | null, now: number): string | null {
  if (day === null) return null;
  if (!isCalendarDay(day))
    throw new ValidationError(`body.due_date: ${JSON.stringify(day)} is not a calendar day`);
  const today = localDay(ownerTimeZone ?? 'UTC', now);
  if (day < today) {
    throw new ValidationError(
      `body.due_date: ${day} is in the past (today is ${today} in ${ownerTimeZone === null ? 'UTC, as it has no owner' : `${ownerTimeZone}, the owner's time zone`})`,
    );
  }
  return day;
}
