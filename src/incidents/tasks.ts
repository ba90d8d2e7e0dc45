import { type TimelineEntry, actorRef, addTimeline } from '../timeline/repository.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { Queryable } from '../platform/db/connect.ts';
import type { Row, RowPatch } from '../platform/db/tables.ts';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { findUserById } from '../users/repository.ts';
import { presentTasks } from './presenter-work.ts';
import { findIncident, lockIncidentRow } from './repository.ts';
import type { CreateTaskBody, TaskView, UpdateTaskBody } from './schemas-work.ts';
import { insertTask, lockTask, maxTaskPosition, tasksOf, updateTask } from './tasks-repository.ts';
import { requireIncidentAccess } from '../teams/access.ts';

/** The incident's checklist in order. */
export async function listTasks({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<TaskView[]> {
  const incident = await findIncident(ctx.db, input.id);
  if (incident === undefined) throw NotFoundError.of('incident', input.id);
  return presentTasks(ctx.db, await tasksOf(ctx.db, incident.id));
}

async function assignee(db: Queryable, id: string): Promise<{ id: string; name: string }> {
  const user = await findUserById(db, id);
  if (user === undefined) throw new ValidationError(`body.assignee_id: user ${JSON.stringify(id)} not found`);
  return user;
}

/** Adds a task at the end of the checklist; closed incidents take follow-up tasks, merged ones do not. */
export async function createTask({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & CreateTaskBody;
}): Promise<TaskView> {
  requireRole(ctx.actor, 'responder');
  await requireIncidentAccess(ctx, input.id);
  return inTransaction(ctx, async (ctx) => {
    const found = await findIncident(ctx.db, input.id);
    if (found === undefined) throw NotFoundError.of('incident', input.id);
    // Serialises appends so two tasks added at once get distinct positions.
    const incident = await lockIncidentRow(ctx.db, ctx.dialect, found.id);
    if (incident === undefined) throw NotFoundError.of('incident', input.id);
    if (incident.merged_into_id !== null) {
      throw new ConflictError(
        `INC-${incident.number} was merged into another incident; add the task there (${incident.merged_into_id})`,
      );
    }
    const user =
      input.assignee_id === undefined || input.assignee_id === null
        ? null
        : await assignee(ctx.db, input.assignee_id);
    const now = ctx.clock.now();
    const by = actorRef(ctx.actor);
    const row = await insertTask(ctx.db, {
      id: newId('tsk', now),
      incident_id: incident.id,
      title: input.title,
      position: (await maxTaskPosition(ctx.db, incident.id)) + 1,
      assignee_id: user?.id ?? null,
      source: 'manual',
      done_at: null,
      done_by: null,
      created_at: now,
      created_by: by,
    });
    await addTimeline(ctx.db, now, [
      {
        incidentId: incident.id,
        kind: 'task_added',
        actor: by,
        message:
          `${ctx.actor.name} added task ${JSON.stringify(row.title)}` +
          (user === null ? '' : `, assigned to ${user.name}`),
        data: { task_id: row.id, assignee_id: row.assignee_id },
      },
    ]);
    const task = (await presentTasks(ctx.db, [row]))[0]!;
    await recordAudit(ctx, {
      action: 'incident.task.create',
      targetType: 'incident',
      targetId: incident.id,
      after: task,
    });
    return task;
  });
}

/**
 * Renames, (un)assigns, ticks or unticks a task. Ticking a done task again keeps who did it
 * first; a change that changes nothing records nothing.
 */
export async function updateIncidentTask({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; taskId: string } & UpdateTaskBody;
}): Promise<TaskView> {
  requireRole(ctx.actor, 'responder');
  await requireIncidentAccess(ctx, input.id);
  return inTransaction(ctx, async (ctx) => {
    const incident = await findIncident(ctx.db, input.id);
    if (incident === undefined) throw NotFoundError.of('incident', input.id);
    const before = await lockTask(ctx.db, ctx.dialect, incident.id, input.taskId);
    if (before === undefined) {
      throw new NotFoundError(`task ${JSON.stringify(input.taskId)} not found on INC-${incident.number}`);
    }
    const now = ctx.clock.now();
    const by = actorRef(ctx.actor);
    const patch: RowPatch<'incident_tasks'> = {};
    if (input.title !== undefined && input.title !== before.title) patch.title = input.title;
    let newAssignee: { id: string; name: string } | null = null;
    if (input.assignee_id !== undefined && input.assignee_id !== before.assignee_id) {
      newAssignee = input.assignee_id === null ? null : await assignee(ctx.db, input.assignee_id);
      patch.assignee_id = newAssignee?.id ?? null;
    }
    if (input.done === true && before.done_at === null) Object.assign(patch, { done_at: now, done_by: by });
    if (input.done === false && before.done_at !== null)
      Object.assign(patch, { done_at: null, done_by: null });
    if (Object.keys(patch).length === 0) return (await presentTasks(ctx.db, [before]))[0]!;

    const updated = await updateTask(ctx.db, incident.id, before.id, patch);
    if (updated === undefined) {
      throw new NotFoundError(`task ${JSON.stringify(input.taskId)} not found on INC-${incident.number}`);
    }
    await addTimeline(ctx.db, now, taskEntries(ctx, incident.id, before, updated, newAssignee));
    const [beforeView, after] = await presentTasks(ctx.db, [before, updated]);
    await recordAudit(ctx, {
      action: 'incident.task.update',
      targetType: 'incident',
      targetId: incident.id,
      before: beforeView,
      after,
    });
    return after!;
  });
}

/**
 * What the timeline says about a task change. A rename alone has no entry kind of its own:
 * the audit log keeps it, and the entries below quote the new title.
 */
function taskEntries(
  ctx: Ctx,
  incidentId: string,
  before: Row<'incident_tasks'>,
  after: Row<'incident_tasks'>,
  newAssignee: { id: string; name: string } | null,
): TimelineEntry[] {
  const who = ctx.actor.name;
  const title = JSON.stringify(after.title);
  const base = { incidentId, actor: actorRef(ctx.actor) };
  const data = { task_id: after.id };
  const entries: TimelineEntry[] = [];
  if (after.assignee_id !== before.assignee_id) {
    entries.push({
      ...base,
      kind: 'task_assigned',
      message:
        newAssignee === null
          ? `${who} unassigned task ${title}`
          : `${who} assigned task ${title} to ${newAssignee.name}`,
      data: { ...data, assignee_id: after.assignee_id, previous_assignee_id: before.assignee_id },
    });
  }
  if (before.done_at === null && after.done_at !== null) {
    entries.push({ ...base, kind: 'task_done', message: `${who} completed task ${title}`, data });
  }
  if (before.done_at !== null && after.done_at === null) {
    entries.push({ ...base, kind: 'task_reopened', message: `${who} reopened task ${title}`, data });
  }
  return entries;
}
