import { announceWork } from '../platform/wake.ts';
import { cancelPendingPages } from '../escalation/lifecycle.ts';
import { type TimelineEntry, actorRef, addTimeline } from '../timeline/repository.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { Queryable } from '../platform/db/connect.ts';
import type { Row, RowPatch } from '../platform/db/tables.ts';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { pickSeverity } from '../severities/known.ts';
import { type SeveritySettings, listSeverities } from '../severities/repository.ts';
import { nextUpdateDueAt } from './cadence.ts';
import { requireServices } from './declare.ts';
import { isOpenStatus } from '../platform/db/open-incident.ts';
import { incidentActorRefs, presentIncident, presentIncidentLoaded } from './presenter.ts';
import { loadActorNames } from '../users/actors.ts';
import {
  addIncidentServices,
  extraServicesOf,
  findIncident,
  incidentNumber,
  lockEscalation,
  lockIncidentRow,
  removeIncidentServices,
  serviceNames,
  servicePolicyId,
  updateIncidentIfStatus,
  upsertEscalation,
} from './repository.ts';
import { insertTasks, taskTitlesOf } from './tasks-repository.ts';
import type { UpdateIncidentBody } from './schemas-declare.ts';
import type { IncidentView } from './schemas.ts';
import { requireIncidentAccess } from '../teams/access.ts';

type IncidentRow = Row<'incidents'>;

/**
 * Edits an incident's title, description, severity, affected services or postmortem link.
 *
 * Severity: a timeline event; the update cadence follows the new severity, and an open
 * incident gains the new severity's checklist items it lacks. Rising from a non-paging into a
 * paging (24x7) severity while triggered or acknowledged pages again: urgency becomes high, an
 * acknowledged incident is triggered again, and its escalation (its current policy or people,
 * else its service's policy) restarts at level 1 now, paged by the engine. Moving between two
 * paging severities does not: whoever acknowledged is already on it. Resolved and closed
 * incidents may change severity (for an accurate record) but never page.
 *
 * Services: the first stays the incident's own service, whose policy pages for it; moving the
 * page to another team is a reassignment (POST /incidents/:id/reassign), not an edit.
 */
export async function updateIncident({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & UpdateIncidentBody;
}): Promise<IncidentView> {
  requireRole(ctx.actor, 'responder');
  await requireIncidentAccess(ctx, input.id);
  return inTransaction(ctx, async (ctx) => {
    const found = await findIncident(ctx.db, input.id);
    if (found === undefined) throw NotFoundError.of('incident', input.id);
    const before = await lockIncident(ctx, found.id);
    const ref = `INC-${before.number}`;
    if (before.merged_into_id !== null) {
      const into = await incidentNumber(ctx.db, before.merged_into_id);
      const survivor = into === undefined ? 'another incident' : `INC-${into}`;
      throw new ConflictError(`${ref} was merged into ${survivor}; edit ${survivor} instead`);
    }
    const beforeExtras = (await extraServicesOf(ctx.db, [before.id])).get(before.id) ?? [];
    const now = ctx.clock.now();
    const by = actorRef(ctx.actor);
    const who = ctx.actor.name;
    const patch: RowPatch<'incidents'> = {};
    const timeline: TimelineEntry[] = [];

    if (input.title !== undefined && input.title !== before.title) patch.title = input.title;
    if (input.description !== undefined && input.description !== before.description)
      patch.description = input.description;
    if (input.postmortem_url !== undefined && input.postmortem_url !== before.postmortem_url) {
      if (input.postmortem_url !== null) assertHttpUrl(input.postmortem_url, 'body.postmortem_url');
      patch.postmortem_url = input.postmortem_url;
    }

    let servicesChanged = false;
    if (input.service_ids !== undefined) {
      const services = await requireServices(ctx.db, input.service_ids, 'body.service_ids');
      if (services[0]!.id !== before.service_id) {
        throw new ValidationError(
          `body.service_ids[0]: must be ${ref}'s own service ${JSON.stringify(before.service_id)}, ` +
            'whose policy pages for it; reassign the incident to page someone else',
        );
      }
      const entry = await replaceServices(ctx.db, before, beforeExtras, services.slice(1), who);
      if (entry !== undefined) {
        servicesChanged = true;
        timeline.push({ ...entry, actor: by });
      }
    }

    let pagesAgain = false;
    if (input.severity !== undefined && input.severity !== before.severity) {
      const all = await listSeverities(ctx.db);
      const to = pickSeverity(all, input.severity, 'body.severity');
      const from = all.find((s) => s.name === before.severity);
      patch.severity = to.name;
      patch.next_update_due_at = nextUpdateDueAt(before, to.updateCadenceMinutes);
      const added = isOpenStatus(before.status) ? await addChecklistTasks(ctx.db, before.id, to, now, by) : 0;
      const rises = from === undefined || to.rank < from.rank;
      const intoPaging =
        rises &&
        to.pages &&
        from?.pages !== true &&
        (before.status === 'triggered' || before.status === 'acknowledged');
      let outcome = '';
      if (intoPaging) {
        patch.urgency = 'high';
        pagesAgain = await restartEscalation(ctx, before, now);
        // With nobody to page, re-triggering would only undo the acknowledgement.
        if (pagesAgain) patch.status = 'triggered';
        outcome = pagesAgain
          ? before.status === 'acknowledged'
            ? '; it is triggered and pages again from level 1'
            : '; it pages again from level 1'
          : `; ${to.name} pages, but ${ref} has no escalation policy or people to page`;
      }
      timeline.push({
        incidentId: before.id,
        kind: 'severity_changed',
        actor: by,
        message: `${who} ${rises ? 'raised' : 'lowered'} ${ref} from ${before.severity} to ${to.name}${outcome}`,
        data: { from: before.severity, to: to.name, pages_again: pagesAgain, tasks_added: added },
      });
    }

    if (Object.keys(patch).length === 0 && !servicesChanged) {
      return presentIncidentLoaded(ctx.db, before, beforeExtras);
    }
    const updated = await updateIncidentIfStatus(ctx.db, before.id, before.status, {
      ...patch,
      updated_at: now,
    });
    if (updated === undefined) throw new ConflictError(`${ref} changed while it was being edited; try again`);
    await addTimeline(ctx.db, now, timeline);
    if (pagesAgain) await announceWork(ctx.db, ctx.dialect);
    const extras = servicesChanged
      ? ((await extraServicesOf(ctx.db, [before.id])).get(before.id) ?? [])
      : beforeExtras;
    const names = await loadActorNames(ctx.db, incidentActorRefs(before, updated));
    const after = presentIncident(updated, names, extras);
    await recordAudit(ctx, {
      action: 'incident.update',
      targetType: 'incident',
      targetId: before.id,
      before: presentIncident(before, names, beforeExtras),
      after,
    });
    return after;
  });
}

/**
 * The incident as it is now. On PostgreSQL the row is locked, so the checks below see the status
 * the final conditional UPDATE will (an acknowledge or merge in flight finishes first).
 */
async function lockIncident(ctx: Ctx, id: string): Promise<IncidentRow> {
  const row = await lockIncidentRow(ctx.db, ctx.dialect, id);
  if (row === undefined) throw NotFoundError.of('incident', id);
  return row;
}

function assertHttpUrl(value: string, field: string): void {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ValidationError(`${field}: must be an http or https URL`);
  }
}

/**
 * Restarts the incident's escalation at level 1, due now, for whoever it pages today (its
 * policy, or the people it was reassigned to), else its service's policy; false when there is
 * nobody to page. Pending notifications of the old round are cancelled so nobody gets both.
 */
async function restartEscalation(ctx: Ctx, incident: IncidentRow, now: number): Promise<boolean> {
  const esc = await lockEscalation(ctx.db, ctx.dialect, incident.id);
  let target: { policy_id: string | null; assignees: string | null } | undefined;
  if (esc !== undefined && (esc.policy_id !== null || esc.assignees !== null)) {
    target = { policy_id: esc.policy_id, assignees: esc.assignees };
  } else {
    const policyId = await servicePolicyId(ctx.db, incident.service_id);
    if (policyId !== null) target = { policy_id: policyId, assignees: null };
  }
  if (target === undefined) return false;
  await cancelPendingPages(ctx.db, [incident.id], now);
  await upsertEscalation(ctx.db, incident.id, target, now);
  return true;
}

/** The severity's checklist items the incident has no task for (by title), appended. */
async function addChecklistTasks(
  db: Queryable,
  incidentId: string,
  severity: SeveritySettings,
  now: number,
  actor: string,
): Promise<number> {
  if (severity.checklist.length === 0) return 0;
  const existing = await taskTitlesOf(db, incidentId);
  const titles = new Set(existing.map((t) => t.title));
  const missing = severity.checklist.filter((t) => !titles.has(t));
  if (missing.length === 0) return 0;
  const last = existing.reduce((max, t) => Math.max(max, t.position), 0);
  await insertTasks(
    db,
    missing.map((title, i) => ({
      id: newId('tsk', now),
      incident_id: incidentId,
      title,
      position: last + i + 1,
      assignee_id: null,
      source: 'checklist' as const,
      done_at: null,
      done_by: null,
      created_at: now,
      created_by: actor,
    })),
  );
  return missing.length;
}

/** Replaces the incident's other services; the timeline entry says what changed, if anything. */
async function replaceServices(
  db: Queryable,
  incident: IncidentRow,
  current: string[],
  next: { id: string; name: string }[],
  who: string,
): Promise<Omit<TimelineEntry, 'actor'> | undefined> {
  const nextIds = new Set(next.map((s) => s.id));
  const removed = current.filter((id) => !nextIds.has(id));
  const added = next.filter((s) => !current.includes(s.id));
  if (removed.length === 0 && added.length === 0) return undefined;
  if (removed.length > 0) await removeIncidentServices(db, incident.id, removed);
  if (added.length > 0) {
    await addIncidentServices(
      db,
      incident.id,
      added.map((s) => s.id),
    );
  }
  const removedNames = removed.length === 0 ? [] : await serviceNames(db, removed);
  const parts = [
    ...(added.length > 0 ? [`added ${added.map((s) => s.name).join(', ')}`] : []),
    ...(removed.length > 0 ? [`removed ${removedNames.join(', ')}`] : []),
  ];
  return {
    incidentId: incident.id,
    kind: 'services_changed',
    message: `${who} changed the services of INC-${incident.number}: ${parts.join('; ')}`,
    data: { added: added.map((s) => s.id), removed },
  };
}
