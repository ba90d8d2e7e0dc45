import { type Kysely, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('escalation_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.references('teams.id').onDelete('set null'))
    // Times the whole policy runs again after its last level (0 = once).
    .addColumn('repeat_count', 'integer', (c) => c.notNull())
    // Re-trigger an incident acknowledged but not resolved within this many minutes.
    .addColumn('ack_timeout_minutes', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('escalation_levels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('policy_id', 'text', (c) =>
      c.notNull().references('escalation_policies.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('delay_minutes', 'integer', (c) => c.notNull())
    // JSON array of {type: user|schedule|team|schedule_round_robin, id}.
    .addColumn('targets', 'text', (c) => c.notNull())
    .addUniqueConstraint('escalation_levels_position', ['policy_id', 'position'])
    .execute();

  await db.schema
    .alterTable('services')
    .addColumn('escalation_policy_id', 'text', (c) =>
      c.references('escalation_policies.id').onDelete('set null'),
    )
    .execute();

  await db.schema
    .createTable('notification_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('contact_method_id', 'text', (c) =>
      c.notNull().references('contact_methods.id').onDelete('cascade'),
    )
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('delay_minutes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('notification_rules_unique', [
      'user_id',
      'contact_method_id',
      'urgency',
      'delay_minutes',
    ])
    .execute();

  // Where each open incident stands in its policy. due_at is when the engine must act next
  // (fire the next level, or re-trigger after an acknowledgement timeout or snooze).
  await db.schema
    .createTable('incident_escalations')
    .addColumn('incident_id', 'text', (c) => c.primaryKey().references('incidents.id').onDelete('cascade'))
    .addColumn('policy_id', 'text', (c) => c.references('escalation_policies.id').onDelete('set null'))
    // JSON array of user ids when the incident was reassigned to people instead of a policy.
    .addColumn('assignees', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    // Monotonic per incident: every firing of a level is one step; pages are unique per step.
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('due_at', 'bigint')
    .addColumn('snoozed_until', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incident_escalations_due')
    .on('incident_escalations')
    .column('due_at')
    .where(sql.ref('due_at'), 'is not', null)
    .execute();

  await db.schema
    .createTable('pages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('pages_once', ['incident_id', 'step', 'user_id'])
    .execute();

  // One message to one contact method. idempotency_key is sent with every attempt so a
  // receiver can drop the duplicate a crash between sending and recording could cause.
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('page_id', 'text', (c) => c.references('pages.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('contact_method_id', 'text', (c) => c.references('contact_methods.id').onDelete('set null'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'bigint')
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    // Set on notifications folded into another one's message by the throttle.
    .addColumn('bundled_into', 'text')
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('notifications_due')
    .on('notifications')
    .columns(['run_at'])
    .where(sql.ref('status'), '=', sql.lit('pending'))
    .execute();
  await db.schema
    .createIndex('notifications_leased')
    .on('notifications')
    .columns(['locked_until'])
    .where(sql.ref('status'), '=', sql.lit('sending'))
    .execute();
  await db.schema
    .createIndex('notifications_incident')
    .on('notifications')
    .columns(['incident_id', 'id'])
    .execute();
  await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'id']).execute();
  await db.schema
    .createIndex('notifications_throttle')
    .on('notifications')
    .columns(['user_id', 'channel', 'sent_at'])
    .execute();

  await db.schema
    .createTable('notification_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('notification_id', 'text', (c) =>
      c.notNull().references('notifications.id').onDelete('cascade'),
    )
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('response_code', 'integer')
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('engine', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('notification_attempts_once', ['notification_id', 'attempt'])
    .execute();

  // The incident's append-only record: what happened, who did it, when.
  await db.schema
    .createTable('incident_timeline')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incident_timeline_incident')
    .on('incident_timeline')
    .columns(['incident_id', 'id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of [
    'incident_timeline',
    'notification_attempts',
    'notifications',
    'pages',
    'incident_escalations',
    'notification_rules',
  ]) {
    await db.schema.dropTable(t).execute();
  }
  await db.schema.alterTable('services').dropColumn('escalation_policy_id').execute();
  await db.schema.dropTable('escalation_levels').execute();
  await db.schema.dropTable('escalation_policies').execute();
}
