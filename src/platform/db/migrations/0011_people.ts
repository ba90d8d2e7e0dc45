import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

/**
 * People who leave and people who join (issue 17).
 *
 * - `users.deactivated_at`: a deactivated person keeps their history (audit, timelines, who held
 *   a shift) but cannot log in, their credentials stop working and they are never paged. Null
 *   for everyone already here.
 * - `user_invites`: one-time links that let an invited person choose their password. Only a
 *   keyed hash of the link's token is stored (src/users/invites.ts); a used link keeps its row
 *   (`used_at`) so a second use says "already used" instead of "unknown".
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('users').addColumn('deactivated_at', 'bigint').execute();
  await db.schema
    .createTable('user_invites')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('user_invites_user').on('user_invites').column('user_id').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('user_invites').execute();
  await db.schema.alterTable('users').dropColumn('deactivated_at').execute();
}
