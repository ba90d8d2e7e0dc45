import { escalationsAcknowledged, escalationsResolved } from '../escalation/lifecycle.ts';
import { actorRef, addTimeline } from '../timeline/repository.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { addBusinessDays } from '../platform/business-days.ts';
import { requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { Queryable } from '../platform/db/connect.ts';
import type { AlertStatus } from '../platform/db/tables/ingest.ts';
import type { Row, RowPatch } from '../platform/db/tables.ts';
import type { Classification } from '../platform/db/tables/incidents.ts';
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import { findSeverity } from '../severities/repository.ts';
import { nextUpdateDueAt } from './cadence.ts';
import { incidentActorRefs, presentIncident } from './presenter.ts';
import { loadActorNames } from '../users/actors.ts';
import {
  findIncident,
  hasPublishedPostmortem,
  lockIncidentRow,
  otherOpenIncidentOfGroup,
  postmortemWithoutDueDate,
  setPostmortemDueAt,
  updateIncidentAlerts,
  updateIncidentIfStatusIn,
} from './repository.ts';
import { commanderIfFirst } from './roles/assign.ts';
import { survivorRef } from './roles/common.ts';
import type { IncidentView } from './schemas.ts';
import { type LifecycleAction, TRANSITIONS, allowedActions, refusal } from './transitions.ts';
import { requireIncidentAccess } from '../teams/access.ts';

type Incident = Row<'incidents'>;

/**
 * What one action does besides moving the status: the columns it sets, and its effects on
 * alerts, escalation and the timeline, all in the transaction of the status change.
 */
interface Step {
  patch: (
    ctx: Ctx,
    before: Incident,
    now: number,
    by: string,
  ) => RowPatch<'incidents'> | Promise<RowPatch<'incidents'>>;
  effects: (ctx: Ctx, before: Incident, after: Incident, now: number) => Promise<void>;
}

/** Its alerts in `from` follow the incident to `to`; the other actions leave alerts alone. */
async function moveAlerts(
  db: Queryable,
  incidentId: string,
  from: AlertStatus[],
  to: 'acknowledged' | 'resolved',
  now: number,
): Promise<void> {
  await updateIncidentAlerts(
    db,
    incidentId,
    from,
    to === 'acknowledged' ? { status: to, acknowledged_at: now } : { status: to, resolved_at: now },
  );
}

const stopPaging = (ctx: Ctx, incidentId: string, now: number, message: string) =>
  escalationsAcknowledged(ctx.db, ctx.dialect, [incidentId], now, actorRef(ctx.actor), () => message);

async function entry(
  ctx: Ctx,
  b: Incident,
  now: number,
  kind: 'mitigated' | 'closed' | 'reopened',
  message: string,
  data: Record<string, unknown>,
): Promise<void> {
  await addTimeline(ctx.db, now, [{ incidentId: b.id, kind, actor: actorRef(ctx.actor), message, data }]);
}

const STEPS: Record<LifecycleAction, Step> = {
  acknowledge: {
    // acknowledged_at stays the first acknowledgement (MTTA) when a re-triggered incident is acknowledged again.
    patch: (_ctx, b, now, by) => ({ acknowledged_at: b.acknowledged_at ?? now, acknowledged_by: by }),
    effects: async (ctx, b, _a, now) => {
      await moveAlerts(ctx.db, b.id, ['triggered'], 'acknowledged', now);
      await stopPaging(ctx, b.id, now, `Acknowledged by ${ctx.actor.name}`);
      await commanderIfFirst(ctx, b, now);
    },
  },
  mitigate: {
    // Mitigating a triggered incident acknowledges it too: someone is evidently on it.
    patch: (_ctx, b, now, by) => ({
      mitigated_at: now,
      mitigated_by: by,
      ...(b.acknowledged_at === null ? { acknowledged_at: now, acknowledged_by: by } : {}),
    }),
    effects: async (ctx, b, _a, now) => {
      if (b.status === 'triggered') {
        await stopPaging(ctx, b.id, now, `Acknowledged by ${ctx.actor.name} (mitigated)`);
        await commanderIfFirst(ctx, b, now);
      }
      await entry(ctx, b, now, 'mitigated', `Mitigated by ${ctx.actor.name}`, { from: b.status });
    },
  },
  resolve: {
    patch: (_ctx, _b, now, by) => ({ resolved_at: now, resolved_by: by, next_update_due_at: null }),
    effects: async (ctx, b, _a, now) => {
      await moveAlerts(ctx.db, b.id, ['triggered', 'acknowledged'], 'resolved', now);
      const message = `Resolved by ${ctx.actor.name}`;
      await escalationsResolved(ctx.db, [b.id], now, actorRef(ctx.actor), () => message);
      await startPostmortemClock(ctx, b, now);
    },
  },
  close: {
    patch: (_ctx, _b, now, by) => ({ closed_at: now, closed_by: by, next_update_due_at: null }),
    effects: async (ctx, b, a, now) => {
      const pm = a.postmortem_url === null ? '' : ` (postmortem: ${a.postmortem_url})`;
      await entry(ctx, b, now, 'closed', `Closed by ${ctx.actor.name}${pm}`, {
        postmortem_url: a.postmortem_url,
      });
    },
  },
  reopen: {
    // The timeline keeps when it was mitigated, resolved and closed; the columns describe the
    // current run. acknowledged_at is kept: it is when someone first took it (MTTA).
    patch: async (ctx, b) => {
      const cadence = (await findSeverity(ctx.db, b.severity))?.updateCadenceMinutes ?? null;
      return {
        mitigated_at: null,
        mitigated_by: null,
        resolved_at: null,
        resolved_by: null,
        closed_at: null,
        closed_by: null,
        next_update_due_at: nextUpdateDueAt({ ...b, status: 'acknowledged' }, cadence),
      };
    },
    effects: async (ctx, b, _a, now) => {
      await entry(ctx, b, now, 'reopened', `Reopened by ${ctx.actor.name} (was ${b.status})`, {
        from: b.status,
      });
    },
  },
};

/**
 * A postmortem written before the incident resolved has no due date (it counts from the
 * resolve): it gets one now, in the postmortem's time zone. One set by hand or by an earlier
 * resolve is kept.
 */
async function startPostmortemClock(ctx: Ctx, b: Incident, now: number): Promise<void> {
  const pm = await postmortemWithoutDueDate(ctx.db, b.id);
  if (pm === undefined) return;
  const days = (await findSeverity(ctx.db, b.severity))?.postmortemDueBusinessDays ?? null;
  if (days !== null) await setPostmortemDueAt(ctx.db, pm.id, addBusinessDays(now, days, pm.time_zone));
}

/**
 * The incident row, locked on PostgreSQL until the transaction ends, so the status read here is
 * the one the UPDATE changes: of two responders acting at once one wins and the other gets a
 * 409 that names the status the first one left.
 */
export function lockIncident(ctx: Ctx, id: string): Promise<Incident | undefined> {
  return lockIncidentRow(ctx.db, ctx.dialect, id);
}

/** A 409 naming the status and what the incident can be instead, with the same list as data. */
async function refused(ctx: Ctx, b: Incident, action: LifecycleAction): Promise<ConflictError> {
  const allowed = allowedActions(b.status, { merged: b.merged_into_id !== null });
  const mergedInto = b.merged_into_id === null ? undefined : await survivorRef(ctx.db, b.merged_into_id);
  return new ConflictError(refusal(`INC-${b.number}`, b.status, action, allowed, mergedInto), {
    allowed_transitions: allowed,
  });
}

/**
 * Closing an incident whose severity requires a postmortem needs its postmortem published, an
 * admin's waiver, or (from before postmortems lived in Tocsin) a link to one kept elsewhere.
 */
async function requirePostmortem(ctx: Ctx, b: Incident, given: string | undefined): Promise<void> {
  if (given !== undefined || b.postmortem_url !== null || b.postmortem_waived_reason !== null) return;
  const severity = await findSeverity(ctx.db, b.severity);
  if (severity?.postmortemRequired !== true) return;
  if (await hasPublishedPostmortem(ctx.db, b.id)) return;
  throw new ConflictError(
    `INC-${b.number} is ${b.severity}: a postmortem is required before closing (publish its postmortem, have an admin waive it, or attach a link with postmortem_url)`,
    { allowed_transitions: ['reopen'] },
  );
}

/**
 * New alerts of the same group open a new incident once this one is over; only one incident per
 * group may be open (the ingest index), so a reopen then points at the one carrying on.
 */
async function refuseGroupClash(ctx: Ctx, b: Incident): Promise<void> {
  if (b.status === 'mitigated') return;
  const open = await otherOpenIncidentOfGroup(ctx.db, b);
  if (open === undefined) return;
  const allowed = allowedActions(b.status, { merged: false }).filter((a) => a !== 'reopen');
  throw new ConflictError(
    `INC-${b.number} cannot be reopened: INC-${open.number} is open for the same alerts; work on it (or merge this one into it)`,
    { allowed_transitions: allowed },
  );
}

/**
 * A conditional UPDATE that only an incident in an allowed status passes; its effects and the
 * audit record are written in the same transaction.
 */
async function transition(
  ctx: Ctx,
  action: LifecycleAction,
  input: { id: string; postmortem_url?: string | undefined; classification?: Classification | undefined },
): Promise<IncidentView> {
  requireRole(ctx.actor, 'responder');
  await requireIncidentAccess(ctx, input.id);
  return inTransaction(ctx, async (ctx) => {
    const found = await findIncident(ctx.db, input.id);
    const before = found === undefined ? undefined : await lockIncident(ctx, found.id);
    if (before === undefined) throw NotFoundError.of('incident', input.id);
    const rule = TRANSITIONS[action];
    if (before.merged_into_id !== null || !rule.from.includes(before.status)) {
      throw await refused(ctx, before, action);
    }
    if (action === 'close') await requirePostmortem(ctx, before, input.postmortem_url);
    if (action === 'reopen') await refuseGroupClash(ctx, before);
    const now = ctx.clock.now();
    const patch = await STEPS[action].patch(ctx, before, now, actorRef(ctx.actor));
    const updated = await updateIncidentIfStatusIn(ctx.db, before.id, [...rule.from], {
      ...patch,
      ...(input.postmortem_url !== undefined ? { postmortem_url: input.postmortem_url } : {}),
      ...(input.classification !== undefined
        ? { classification: input.classification, classified_by: actorRef(ctx.actor), classified_at: now }
        : {}),
      status: rule.to,
      updated_at: now,
    });
    if (updated === undefined) {
      // A guard behind the lock: should locking ever change, a race still gets a 409, not a double change.
      throw await refused(ctx, (await findIncident(ctx.db, before.id)) ?? before, action);
    }
    await STEPS[action].effects(ctx, before, updated, now);
    const names = await loadActorNames(ctx.db, incidentActorRefs(before, updated));
    const after = presentIncident(updated, names);
    await recordAudit(ctx, {
      action: `incident.${action}`,
      targetType: 'incident',
      targetId: before.id,
      before: presentIncident(before, names),
      after,
    });
    return after;
  });
}

type Input = { ctx: Ctx; input: { id: string } };

/** Acknowledge a triggered incident: paging stops, its triggered alerts are acknowledged too. */
export function acknowledgeIncident({ ctx, input }: Input): Promise<IncidentView> {
  return transition(ctx, 'acknowledge', input);
}

/** Impact has stopped: a triggered or acknowledged incident is mitigated (paging stops). */
export function mitigateIncident({ ctx, input }: Input): Promise<IncidentView> {
  return transition(ctx, 'mitigate', input);
}

/**
 * Resolve any open incident; its open alerts resolve with it and every pending page is
 * cancelled. `classification` records whether it was worth the page (alert quality).
 */
export function resolveIncident({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; classification?: Classification | undefined };
}): Promise<IncidentView> {
  return transition(ctx, 'resolve', input);
}

/** Close a resolved incident, with its postmortem when the severity requires one. */
export function closeIncident({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; postmortem_url?: string | undefined };
}): Promise<IncidentView> {
  return transition(ctx, 'close', input);
}

/** Reopen a mitigated, resolved or closed incident: back to acknowledged, paging nobody. */
export function reopenIncident({ ctx, input }: Input): Promise<IncidentView> {
  return transition(ctx, 'reopen', input);
}
