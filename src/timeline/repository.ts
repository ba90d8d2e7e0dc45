import type { Actor } from '../platform/auth/actor.ts';
import type { Queryable } from '../platform/db/connect.ts';
import type { Keyset } from '../platform/db/paginate.ts';
import type { Row } from '../platform/db/tables.ts';
import { announceChange } from '../platform/changes.ts';
import { newId, newIdAt } from '../platform/ids.ts';

/**
 * The incident timeline: one append-only, ordered record per incident. Ids are time-sortable,
 * so `ORDER BY id` is the order things were written, even for entries with the same `at`.
 */
export type TimelineKind =
  | 'triggered'
  | 'escalated'
  | 'level_skipped'
  | 'policy_exhausted'
  | 'paged'
  | 'notified'
  | 'notification_failed'
  | 'fell_through'
  | 'bundled'
  | 'acknowledged'
  | 'resolved'
  | 'retriggered'
  | 'reassigned'
  | 'snoozed'
  | 'escalation_requested'
  | 'escalation_stopped'
  // the incident lifecycle (src/incidents)
  | 'alert_attached'
  | 'declared'
  | 'recent_change'
  | 'mitigated'
  | 'closed'
  | 'reopened'
  | 'classified'
  | 'severity_changed'
  | 'role_assigned'
  | 'role_unassigned'
  | 'note'
  | 'status_update'
  | 'update_due'
  | 'task_added'
  | 'task_done'
  | 'task_reopened'
  | 'task_assigned'
  | 'merged'
  | 'merged_into'
  | 'subscribed'
  | 'unsubscribed'
  | 'services_changed'
  // the public status page (src/status-page)
  | 'status_page_published'
  | 'status_page_updated'
  | 'status_page_due'
  // postmortems (src/postmortems)
  | 'postmortem_created'
  | 'postmortem_in_review'
  | 'postmortem_published'
  | 'postmortem_waived'
  | 'postmortem_reminder'
  // action items (src/action-items)
  | 'action_item_added'
  | 'action_item_updated'
  | 'action_item_status'
  | 'action_item_deleted'
  | 'action_item_overdue'
  | 'action_item_pushed'
  // runbooks' automated steps (src/runbooks/steps)
  | 'runbook_step_requested'
  | 'runbook_step_approved'
  | 'runbook_step_rejected'
  | 'runbook_step_cancelled'
  | 'runbook_step_ran'
  | 'runbook_feedback';

export interface TimelineEntry {
  incidentId: string;
  kind: TimelineKind;
  actor: string;
  message: string;
  data?: Record<string, unknown>;
  /**
   * When it happened, if not now: a backdated entry (the scribe reconstructing) or a change
   * event from before the incident. Its id is made from this time, so it sorts where it happened.
   */
  at?: number;
  backdated?: boolean;
  pinned?: boolean;
}

export function actorRef(actor: Actor): string {
  return actor.type === 'system' ? `system:${actor.name}` : `user:${actor.userId}`;
}

/**
 * Returns the rows written, in order, so a caller can present what it added without reading it
 * back. Every incident change writes here, so this is where open live streams are told
 * (announceChange, delivered when the caller's transaction commits).
 */
export async function addTimeline(
  db: Queryable,
  now: number,
  entries: TimelineEntry[],
): Promise<Row<'incident_timeline'>[]> {
  if (entries.length === 0) return [];
  const rows: Row<'incident_timeline'>[] = entries.map((e) => ({
    id: e.at === undefined || e.at === now ? newId('tl', now) : newIdAt('tl', e.at),
    incident_id: e.incidentId,
    at: e.at ?? now,
    kind: e.kind,
    actor: e.actor,
    message: e.message,
    data: JSON.stringify(e.data ?? {}),
    pinned: e.pinned === true ? 1 : 0,
    backdated: e.backdated === true ? 1 : 0,
    recorded_at: e.backdated === true ? now : null,
  }));
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('incident_timeline')
      .values(rows.slice(i, i + 200))
      .execute();
  }
  await announceChange(db);
  return rows;
}

/** `pinned`: only key events (true) or only the rest (false); every entry when undefined. */
export function timelineOf(
  db: Queryable,
  incidentId: string,
  after: string | undefined,
  take: number,
  pinned?: boolean,
  keyset: Keyset = { op: '>', order: 'asc' },
) {
  let q = db.selectFrom('incident_timeline').selectAll().where('incident_id', '=', incidentId);
  if (pinned !== undefined) q = q.where('pinned', '=', pinned ? 1 : 0);
  if (after !== undefined) q = q.where('id', keyset.op, after);
  return q.orderBy('id', keyset.order).limit(take).execute();
}
