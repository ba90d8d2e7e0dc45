import { cancelPendingPages } from '../escalation/lifecycle.ts';
import { actorRef, addTimeline } from '../timeline/repository.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { Queryable } from '../platform/db/connect.ts';
import type { Row } from '../platform/db/tables.ts';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors.ts';
import { incidentActorRefs, presentIncident } from './presenter.ts';
import { loadActorNames } from '../users/actors.ts';
import { updateEscalation } from '../escalation/repository.ts';
import {
  addIncidentServices,
  extraServicesOf,
  findIncident,
  incidentNumber,
  lockEscalation,
} from './repository.ts';
import {
  lockIncidentsInOrder,
  moveActionItems,
  moveAlerts,
  movePostmortemIfNone,
  moveTimelineEntries,
  recentChangeEntriesOf,
  updateMergeableIncident,
} from './repository-merge.ts';
import {
  deleteSubscriptionsOf,
  insertSubscriptionRows,
  subscribedAmong,
  subscriptionRowsOf,
} from './subscribers-repository.ts';
import type { IncidentView } from './schemas.ts';
import type { MergeBody } from './schemas-work.ts';
import { maxTaskPosition, moveTask, taskIdsOf } from './tasks-repository.ts';
import { requireIncidentAccess } from '../teams/access.ts';

type IncidentRow = Row<'incidents'>;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Merges incidents into a survivor, in one transaction: each source's alerts, whole timeline,
 * tasks, subscribers and action items (and its postmortem, when the survivor has none) move to
 * the survivor, its paging stops, and it ends resolved, pointing at the survivor. Timeline entries keep their ids, so the survivor's timeline interleaves them in
 * the order things happened.
 */
export async function mergeIncidents({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & MergeBody;
}): Promise<IncidentView> {
  requireRole(ctx.actor, 'responder');
  await requireIncidentAccess(ctx, input.id);
  return inTransaction(ctx, async (ctx) => {
    const target = await findIncident(ctx.db, input.id);
    if (target === undefined) throw NotFoundError.of('incident', input.id);
    const sourceIds = await resolveSources(ctx.db, target, input.incident_ids);
    // Merging ends the sources, so the actor must be allowed to act on each of them too.
    for (const id of sourceIds) await requireIncidentAccess(ctx, id);
    const locked = await lockInOrder(ctx, [target.id, ...sourceIds]);
    let survivor = locked.get(target.id)!;
    const sources = sourceIds.map((id) => locked.get(id)!);
    for (const inc of [survivor, ...sources]) await refuseUnmergeable(ctx.db, inc);

    const now = ctx.clock.now();
    const services = await extraServicesOf(ctx.db, [survivor.id, ...sourceIds]);
    // Every actor the views can name: what the rows hold now and the merger, who closes the sources.
    const names = await loadActorNames(ctx.db, [
      ...incidentActorRefs(...locked.values()),
      actorRef(ctx.actor),
    ]);
    const view = (r: IncidentRow) => presentIncident(r, names, services.get(r.id) ?? []);
    const survivorBefore = view(survivor);
    const merged: { before: IncidentView; after: IncidentView }[] = [];
    for (const source of sources) {
      const result = await mergeOne(ctx, survivor, source, services, now);
      survivor = result.survivor;
      merged.push({ before: view(source), after: view(result.source) });
      await recordAudit(ctx, {
        action: 'incident.merge',
        targetType: 'incident',
        targetId: source.id,
        before: { incident: view(source), into: survivorBefore },
        after: { incident: view(result.source), into: view(survivor) },
      });
    }
    const after = view(survivor);
    await recordAudit(ctx, {
      action: 'incident.merge',
      targetType: 'incident',
      targetId: survivor.id,
      before: { incident: survivorBefore, merged: merged.map((m) => m.before) },
      after: { incident: after, merged: merged.map((m) => m.after) },
    });
    return after;
  });
}

/** The sources' ids, each named exactly once; unknown ones and the survivor itself are bad input. */
async function resolveSources(db: Queryable, survivor: IncidentRow, refs: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, ref] of refs.entries()) {
    const found = await findIncident(db, ref);
    if (found === undefined) {
      throw new ValidationError(`body.incident_ids[${i}]: incident ${JSON.stringify(ref)} not found`);
    }
    if (found.id === survivor.id) {
      throw new ValidationError(
        `body.incident_ids[${i}]: ${JSON.stringify(ref)} is INC-${survivor.number} itself, the incident merged into`,
      );
    }
    if (!ids.includes(found.id)) ids.push(found.id);
  }
  return ids;
}

/**
 * Reads the incidents again under a lock, taken in id order on PostgreSQL so two merges over
 * overlapping incidents cannot deadlock; what the lock returns is what the checks see.
 */
async function lockInOrder(ctx: Ctx, ids: string[]): Promise<Map<string, IncidentRow>> {
  const rows = await lockIncidentsInOrder(ctx.db, ctx.dialect, ids);
  return new Map(rows.map((r) => [r.id, r]));
}

async function refuseUnmergeable(db: Queryable, inc: IncidentRow): Promise<void> {
  const ref = `INC-${inc.number}`;
  if (inc.merged_into_id !== null) {
    const into = await incidentNumber(db, inc.merged_into_id);
    const where = into === undefined ? inc.merged_into_id : `INC-${into}`;
    throw new ConflictError(`${ref} was already merged into ${where}; it takes no more merges`);
  }
  if (inc.status === 'closed') {
    throw new ConflictError(`${ref} is closed; closed incidents cannot be merged (reopen it first)`);
  }
}

async function mergeOne(
  ctx: Ctx,
  survivor: IncidentRow,
  source: IncidentRow,
  services: Map<string, string[]>,
  now: number,
): Promise<{ survivor: IncidentRow; source: IncidentRow }> {
  const db = ctx.db;
  const into = `INC-${survivor.number}`;
  const alerts = await moveAlerts(db, source.id, survivor.id);
  const keep = await duplicateRecentChanges(db, survivor.id, source.id);
  const entries = await moveTimelineEntries(db, source.id, survivor.id, keep);
  const tasks = await moveTasks(db, survivor.id, source.id);
  const subscribers = await moveSubscribers(db, survivor.id, source.id);
  const actionItems = await moveActionItems(db, source.id, survivor.id);
  const postmortemMoved = await movePostmortemIfNone(db, source.id, survivor.id);
  const servicesAdded = await addServices(db, survivor, source, services);

  // Locked first, as a responder action does, so the engine is not firing a step while it stops.
  await lockEscalation(db, ctx.dialect, source.id);
  const cancelled = await cancelPendingPages(db, [source.id], now);
  await updateEscalation(db, source.id, {
    state: 'stopped',
    due_at: null,
    snoozed_until: null,
    updated_at: now,
  });

  // An already resolved source keeps who resolved it and when (its MTTR stays true).
  const wasOpen = source.status !== 'resolved';
  const sourceAfter = await updateMergeableIncident(db, source.id, {
    status: 'resolved',
    resolved_at: wasOpen ? now : source.resolved_at,
    resolved_by: wasOpen ? `merged into ${into}` : source.resolved_by,
    merged_into_id: survivor.id,
    next_update_due_at: null,
    // Its alerts are the survivor's now.
    alert_count: 0,
    updated_at: now,
  });
  if (sourceAfter === undefined) throw new ConflictError(`INC-${source.number} cannot be merged any more`);
  const survivorAfter = await updateMergeableIncident(db, survivor.id, {
    alert_count: survivor.alert_count + alerts,
    last_alert_at:
      alerts > 0 ? Math.max(survivor.last_alert_at, source.last_alert_at) : survivor.last_alert_at,
    updated_at: now,
  });
  if (survivorAfter === undefined) throw new ConflictError(`${into} cannot take merges any more`);

  const actor = actorRef(ctx.actor);
  // Written after the move, so the source keeps this one entry saying where the rest went.
  await addTimeline(db, now, [
    {
      incidentId: survivor.id,
      kind: 'merged',
      actor,
      message:
        `INC-${source.number} merged into this incident by ${ctx.actor.name}: ` +
        `${plural(alerts, 'alert')}, ${entries} timeline ${entries === 1 ? 'entry' : 'entries'}`,
      data: {
        incident_id: source.id,
        number: source.number,
        alerts,
        timeline_entries: entries,
        tasks,
        subscribers,
        action_items: actionItems,
        postmortem_moved: postmortemMoved,
        service_ids_added: servicesAdded,
      },
    },
    {
      incidentId: source.id,
      kind: 'merged_into',
      actor,
      message: `Merged into ${into} by ${ctx.actor.name}`,
      data: { incident_id: survivor.id, number: survivor.number, cancelled_notifications: cancelled },
    },
  ]);
  return { survivor: survivorAfter, source: sourceAfter };
}

/** The source's tasks go after the survivor's, keeping their own order. */
async function moveTasks(db: Queryable, survivorId: string, sourceId: string): Promise<number> {
  const rows = await taskIdsOf(db, sourceId);
  const start = await maxTaskPosition(db, survivorId);
  for (const [i, r] of rows.entries()) await moveTask(db, r.id, survivorId, start + i + 1);
  return rows.length;
}

/** Subscribers move; someone subscribed to both keeps the survivor's subscription. */
async function moveSubscribers(db: Queryable, survivorId: string, sourceId: string): Promise<number> {
  const rows = await subscriptionRowsOf(db, sourceId);
  if (rows.length === 0) return 0;
  const have = await subscribedAmong(
    db,
    survivorId,
    rows.map((r) => r.user_id),
  );
  const fresh = rows.filter((r) => !have.has(r.user_id)).map((r) => ({ ...r, incident_id: survivorId }));
  if (fresh.length > 0) await insertSubscriptionRows(db, fresh);
  await deleteSubscriptionsOf(db, sourceId);
  return fresh.length;
}

/**
 * The survivor now holds alerts of the source's services, so it affects them too; the source
 * keeps its own list as history.
 */
async function addServices(
  db: Queryable,
  survivor: IncidentRow,
  source: IncidentRow,
  services: Map<string, string[]>,
): Promise<string[]> {
  const have = new Set([survivor.service_id, ...(services.get(survivor.id) ?? [])]);
  const add = [...new Set([source.service_id, ...(services.get(source.id) ?? [])])].filter(
    (s) => !have.has(s),
  );
  if (add.length === 0) return [];
  await addIncidentServices(db, survivor.id, add);
  services.set(survivor.id, [...(services.get(survivor.id) ?? []), ...add]);
  return add;
}

/**
 * The source's "recent change" entries for change events the survivor already shows (both
 * incidents are on one service, so both were given the same deploys): they stay with the
 * source rather than appear twice on the survivor's timeline.
 */
async function duplicateRecentChanges(
  db: Queryable,
  survivorId: string,
  sourceId: string,
): Promise<string[]> {
  const rows = await recentChangeEntriesOf(db, [survivorId, sourceId]);
  const changeOf = (data: string) => (JSON.parse(data) as { change_event_id?: unknown }).change_event_id;
  const shown = new Set(rows.filter((r) => r.incident_id === survivorId).map((r) => changeOf(r.data)));
  return rows.filter((r) => r.incident_id === sourceId && shown.has(changeOf(r.data))).map((r) => r.id);
}
