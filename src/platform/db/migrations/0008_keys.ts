import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

/**
 * Keys per purpose (issue 14 item 2).
 *
 * - Webhook contact methods get their own signing secret, encrypted with a key derived from the
 *   server secret. A migration cannot encrypt (it has no server secret), so existing rows start
 *   empty and get one on first need (src/users/signing-secrets.ts). The previous secret is kept
 *   while a rotation asks both to sign.
 * - Used action links are recorded so a link acts once; rows past the link's expiry are pruned.
 * - The generated server secret is replaced: webhooks used to be signed with it, so every webhook
 *   receiver knows it and could derive every key from it. Nothing stored depends on it (it signed
 *   only links, which last a day), and ensureSecret() makes a new one at startup. A secret set
 *   with TOCSIN_SECRET cannot be replaced here; the README tells operators to change it.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('contact_methods').addColumn('signing_secret', 'text').execute();
  await db.schema.alterTable('contact_methods').addColumn('previous_signing_secret', 'text').execute();
  await db.schema
    .alterTable('contact_methods')
    .addColumn('previous_signing_secret_until', 'bigint')
    .execute();

  await db.schema
    .createTable('used_action_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('used_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('used_action_links_expiry')
    .on('used_action_links')
    .column('expires_at')
    .execute();

  await db.deleteFrom('settings').where('key', '=', 'secret').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('used_action_links').execute();
  await db.schema.alterTable('contact_methods').dropColumn('previous_signing_secret_until').execute();
  await db.schema.alterTable('contact_methods').dropColumn('previous_signing_secret').execute();
  await db.schema.alterTable('contact_methods').dropColumn('signing_secret').execute();
}
