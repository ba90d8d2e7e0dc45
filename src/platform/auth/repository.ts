import type { Queryable } from '../db/connect.ts';

/**
 * The credential look-ups of every authenticated request: an API token or a session cookie, by
 * its hash, with the user it acts for. They live in platform because authentication runs before
 * any domain's code (the tokens and sessions domains create and remove these rows). A
 * deactivated person's credentials find nothing: deactivating also ends their sessions and
 * revokes their tokens (endCredentialsOf), and the filter holds even for one made in between.
 */

export function findTokenCredential(db: Queryable, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'api_tokens.role',
      'api_tokens.last_used_at',
      'api_tokens.expires_at',
      'api_tokens.revoked_at',
      'users.id as user_id',
      'users.name as user_name',
      'users.role as user_role',
    ])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('users.deactivated_at', 'is', null)
    .executeTakeFirst();
}

export async function touchToken(db: Queryable, id: string, now: number): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

export function findSessionCredential(db: Queryable, tokenHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'users.id as user_id',
      'users.name',
      'users.role',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('users.deactivated_at', 'is', null)
    .executeTakeFirst();
}

export async function touchSession(db: Queryable, id: string, now: number): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

/**
 * Ends every session of the user and revokes their live API tokens and calendar feeds (a deactivation). Here, with
 * the look-ups, because the users domain sits below the tokens and sessions domains that own
 * these rows. Returns how many tokens were revoked, for the audit record.
 */
export async function endCredentialsOf(db: Queryable, userId: string, now: number): Promise<number> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  const res = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  // A calendar feed's URL is a bearer credential too: the feeds they made stop answering.
  await db
    .updateTable('calendar_feeds')
    .set({ revoked_at: now })
    .where('owner_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  return Number(res.numUpdatedRows);
}
