import { announceWork } from '../platform/wake.ts';
import type { Dialect, Queryable } from '../platform/db/connect.ts';
import type { NewRow } from '../platform/db/tables.ts';
import { MINUTE } from './core.ts';
import { type TimelineEntry, addTimeline } from '../timeline/repository.ts';
import {
  cancelPendingPages,
  escalationsWithAckTimeout,
  insertEscalations,
  policiesOfServices,
  stopEscalations,
  updateEscalation,
} from './repository.ts';

// Re-exported: incidents/ (merge, edit, reassign) cancels pages through this module.
export { cancelPendingPages };

/**
 * What an incident's status change means for its escalation. Called inside the transaction
 * that changes the status (ingest, responder actions, signed links), so the escalation state
 * and the status can never disagree after a crash.
 */

export interface StartedIncident {
  id: string;
  service_id: string;
  number: number;
  title: string;
}

/**
 * New incidents start their service's policy at level 1, due now; services without a policy
 * get a timeline entry saying nobody will be paged.
 */
export async function startEscalations(
  db: Queryable,
  dialect: Dialect,
  incidents: StartedIncident[],
  now: number,
  actor: string,
): Promise<void> {
  if (incidents.length === 0) return;
  const services = await policiesOfServices(db, [...new Set(incidents.map((i) => i.service_id))]);
  const policyOf = new Map(services.map((s) => [s.id, s.escalation_policy_id]));
  const rows: NewRow<'incident_escalations'>[] = [];
  const timeline: TimelineEntry[] = [];
  for (const inc of incidents) {
    const policyId = policyOf.get(inc.service_id) ?? null;
    timeline.push({
      incidentId: inc.id,
      kind: 'triggered',
      actor,
      message:
        policyId === null
          ? `INC-${inc.number} triggered: ${inc.title} (the service has no escalation policy; nobody is paged)`
          : `INC-${inc.number} triggered: ${inc.title}`,
      data: { policy_id: policyId },
    });
    if (policyId === null) continue;
    rows.push({
      incident_id: inc.id,
      policy_id: policyId,
      assignees: null,
      state: 'active',
      level: 0,
      round: 0,
      step: 0,
      due_at: now,
      snoozed_until: null,
      updated_at: now,
    });
  }
  await insertEscalations(db, rows);
  await addTimeline(db, now, timeline);
  if (rows.length > 0) await announceWork(db, dialect);
}

/**
 * Acknowledgement stops escalation and pending pages. With an acknowledgement timeout on the
 * policy, the engine is due to re-trigger the incident unless it is resolved by then.
 */
export async function escalationsAcknowledged(
  db: Queryable,
  dialect: Dialect,
  incidentIds: string[],
  now: number,
  actor: string,
  message: (id: string) => string,
): Promise<void> {
  if (incidentIds.length === 0) return;
  const cancelled = await cancelPendingPages(db, incidentIds, now);
  const escalations = await escalationsWithAckTimeout(db, incidentIds);
  let timers = 0;
  for (const e of escalations) {
    const timeout = e.ack_timeout_minutes;
    if (timeout !== null) timers++;
    await updateEscalation(db, e.incident_id, {
      // A policy that already ran out stays so; a timeout re-triggers from level 1 anyway.
      state: timeout === null && e.state !== 'active' ? e.state : 'active',
      due_at: timeout === null ? null : now + timeout * MINUTE,
      snoozed_until: null,
      updated_at: now,
    });
  }
  await addTimeline(
    db,
    now,
    incidentIds.map((id) => ({
      incidentId: id,
      kind: 'acknowledged',
      actor,
      message: message(id),
      data: { cancelled_notifications: cancelled },
    })),
  );
  if (timers > 0) await announceWork(db, dialect);
}

/** Resolution ends escalation for good and cancels every pending notification. */
export async function escalationsResolved(
  db: Queryable,
  incidentIds: string[],
  now: number,
  actor: string,
  message: (id: string) => string,
): Promise<void> {
  if (incidentIds.length === 0) return;
  const cancelled = await cancelPendingPages(db, incidentIds, now);
  await stopEscalations(db, incidentIds, now);
  await addTimeline(
    db,
    now,
    incidentIds.map((id) => ({
      incidentId: id,
      kind: 'resolved',
      actor,
      message: message(id),
      data: { cancelled_notifications: cancelled },
    })),
  );
}
