import { actorRole, actorUserId, requireRole } from '../platform/auth/actor.ts';
import { generateSecret, hashSecret } from '../platform/auth/secrets.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { type PageQuery, mapPage } from '../platform/db/paginate.ts';
import type { Row } from '../platform/db/tables.ts';
import { AuthenticationError, NotFoundError, ValidationError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { findUserById } from '../users/repository.ts';
import { requireSchedule } from './get.ts';
import { presentFeed } from './presenter.ts';
import { findFeedByHash, findFeedById, insertFeed, listFeeds, markFeedRevoked } from './repository-plans.ts';
import type { CalendarFeedView, CreateCalendarFeedInput } from './schemas-plans.ts';

/**
 * Calendar feeds: iCalendar URLs that Google Calendar and Outlook poll without logging in, so
 * the URL carries a random token. Only its SHA-256 is stored; it is shown once and can be
 * revoked. Anyone who can read schedules may subscribe to one; a person's own feed (their
 * shifts on every schedule) is theirs, or an admin's to make.
 */
export const FEED_TOKEN_PREFIX = 'tcal';

export async function createFeed({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreateCalendarFeedInput;
}): Promise<CalendarFeedView & { token: string }> {
  requireRole(ctx.actor, 'viewer');
  return inTransaction(ctx, async (ctx) => {
    const owner = actorUserId(ctx.actor);
    if (input.schedule_id !== undefined) {
      await requireSchedule(ctx.db, input.schedule_id);
    } else if (input.user_id !== undefined) {
      if (input.user_id !== owner) requireRole(ctx.actor, 'admin');
      if (!(await findUserById(ctx.db, input.user_id))) {
        throw new ValidationError(`user_id: no user ${JSON.stringify(input.user_id)}`);
      }
    } else {
      throw new ValidationError('schedule_id: give schedule_id or user_id');
    }
    const token = generateSecret(FEED_TOKEN_PREFIX);
    const now = ctx.clock.now();
    const row: Row<'calendar_feeds'> = {
      id: newId('cal', now),
      kind: input.schedule_id !== undefined ? 'schedule' : 'user',
      schedule_id: input.schedule_id ?? null,
      user_id: input.schedule_id !== undefined ? null : (input.user_id ?? null),
      owner_id: owner,
      token_hash: hashSecret(token),
      token_prefix: token.slice(0, 12),
      created_at: now,
      revoked_at: null,
    };
    await insertFeed(ctx.db, row);
    const view = presentFeed(row);
    await recordAudit(ctx, {
      action: 'calendar_feed.create',
      targetType: 'calendar_feed',
      targetId: row.id,
      after: view,
    });
    return { ...view, token };
  });
}

/** Idempotent; the row stays so the audit trail reads. Owners revoke their feeds, admins any. */
export async function revokeFeed({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string };
}): Promise<CalendarFeedView> {
  return inTransaction(ctx, async (ctx) => {
    const row = await findFeedById(ctx.db, input.id);
    if (row === undefined) throw NotFoundError.of('calendar feed', input.id);
    requireRole(
      ctx.actor,
      row.owner_id !== null && row.owner_id === actorUserId(ctx.actor) ? 'viewer' : 'admin',
    );
    if (row.revoked_at !== null) return presentFeed(row);
    const now = ctx.clock.now();
    await markFeedRevoked(ctx.db, row.id, now);
    const after = presentFeed({ ...row, revoked_at: now });
    await recordAudit(ctx, {
      action: 'calendar_feed.revoke',
      targetType: 'calendar_feed',
      targetId: row.id,
      before: presentFeed(row),
      after,
    });
    return after;
  });
}

/** Your own feeds; an admin sees everyone's. */
export async function listFeedViews(ctx: Ctx, page: PageQuery) {
  const owner = actorRole(ctx.actor) === 'admin' ? undefined : (actorUserId(ctx.actor) ?? undefined);
  return mapPage(await listFeeds(ctx.db, owner, page), presentFeed);
}

/** The feed a token opens, checked against the URL it came with. */
export async function feedForToken(
  ctx: Ctx,
  token: string,
  target: { kind: 'schedule' | 'user'; id: string },
): Promise<Row<'calendar_feeds'>> {
  const row = await findFeedByHash(ctx.db, hashSecret(token));
  const id = row === undefined ? undefined : row.kind === 'schedule' ? row.schedule_id : row.user_id;
  if (row === undefined || row.kind !== target.kind || id !== target.id) {
    throw new AuthenticationError('the calendar feed token is not valid for this URL');
  }
  if (row.revoked_at !== null) throw new AuthenticationError('the calendar feed token was revoked');
  return row;
}
