import type { EngineDeps } from '../platform/engine-deps.ts';
import { type Claim, claimNotifications } from '../notify/claim.ts';
import type { Queryable } from '../platform/db/connect.ts';
import type { NewRow } from '../platform/db/tables.ts';
import type { PageReason } from '../platform/db/tables/escalation.ts';
import type { Urgency } from '../platform/db/tables/incidents.ts';
import { FIRST, type Position, fire } from './core.ts';
import { Pager, describePlan } from './page.ts';
import { type LoadedPolicy, loadPolicy } from './policy.ts';
import { lockDueEscalations, retriggerIncident, upsertEscalations } from './repository.ts';
import { resolveTargets } from './targets.ts';
import { deactivatedAmong } from '../users/repository.ts';
import { type TimelineEntry, addTimeline } from '../timeline/repository.ts';

/**
 * Escalations per transaction. Small by default: pages of a batch go out only after it commits,
 * so latency grows with its size. Under a backlog the engine passes a larger one (up to
 * MAX_STEP_BATCH): each transaction then costs the same round trips for more incidents, which is
 * what lets it catch up with a burst; nobody waits on the size once everyone is waiting anyway.
 */
export const STEP_BATCH = 25;
export const MAX_STEP_BATCH = 200;
const ENGINE = 'system:engine';

interface DueEscalation {
  incident_id: string;
  policy_id: string | null;
  assignees: string | null;
  level: number;
  round: number;
  step: number;
  snoozed_until: number | null;
  due_at: number | null;
  status: string;
  urgency: Urgency;
  number: number;
}

/**
 * One pass over escalations whose time has come: fire the due level of triggered incidents,
 * re-trigger acknowledged ones whose acknowledgement timed out or whose snooze ended, and let go
 * of resolved ones. Rows are locked (SKIP LOCKED on PostgreSQL), so engines on several nodes
 * share the work and each step is taken once; notifications due at once are claimed in the same
 * transaction and returned for sending.
 */
export async function runDueEscalations(
  deps: EngineDeps,
  sendRoom = Number.POSITIVE_INFINITY,
  batch = STEP_BATCH,
): Promise<{ handled: number; claims: Claim[]; full: boolean }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const due: DueEscalation[] = await lockDueEscalations(trx, now, {
      limit: batch,
      skipLocked: deps.dialect === 'postgres',
    });
    if (due.length === 0) return { handled: 0, claims: [], full: false };
    const policies = new Map<string, LoadedPolicy | undefined>();
    const policyOf = async (id: string) => {
      if (!policies.has(id)) policies.set(id, await loadPolicy(trx, id));
      return policies.get(id);
    };
    const timeline: TimelineEntry[] = [];
    const dueNow: string[] = [];
    const pager = new Pager(trx, now, deps.dialect);
    const writes: EscalationRow[] = [];
    // Who a level means is the same for every incident of the pass (round-robin aside).
    const targets = new Map<string, Promise<string[]>>();
    const resolve = (policy: LoadedPolicy, level: number): Promise<string[]> => {
      const spec = policy.levels[level]!.targets;
      const rr = `rr:${policy.id}:${level}`;
      if (spec.some((t) => t.type === 'schedule_round_robin')) return resolveTargets(trx, spec, now, rr);
      let hit = targets.get(rr);
      if (hit === undefined) {
        hit = resolveTargets(trx, spec, now, rr);
        targets.set(rr, hit);
      }
      return hit;
    };
    for (const e of due) {
      if (e.due_at !== null) deps.metrics?.lag((now - e.due_at) / 1000);
      // A mitigated incident's impact has stopped: an acknowledgement timeout does not re-trigger it.
      if (e.status === 'resolved' || e.status === 'closed' || e.status === 'mitigated') {
        setEscalation(writes, e, { state: 'stopped', due_at: null }, now);
        continue;
      }
      let start: Position = { level: e.level, round: e.round };
      let reason: PageReason = 'escalation';
      if (e.status === 'acknowledged') {
        const snoozed = e.snoozed_until !== null;
        await retriggerIncident(trx, e.incident_id, now);
        timeline.push({
          incidentId: e.incident_id,
          kind: 'retriggered',
          actor: ENGINE,
          message: snoozed
            ? `Snooze ended: INC-${e.number} is triggered again`
            : `Acknowledgement timed out: INC-${e.number} is triggered again`,
        });
        start = FIRST;
        reason = 'retrigger';
      }
      dueNow.push(
        ...(await fireStep(trx, { e, start, reason, now, policyOf, resolve, pager, timeline, writes })),
      );
    }
    await pager.flush();
    await upsertEscalations(trx, writes);
    await addTimeline(trx, now, timeline);
    // Only as many as the engine has room to send; the rest stay pending for its next claim.
    const limit = Math.min(dueNow.length, sendRoom);
    const claims = limit > 0 ? await claimNotifications(trx, deps, now, { ids: dueNow, limit }) : [];
    return { handled: due.length, claims, full: due.length === batch };
  });
}

type EscalationRow = NewRow<'incident_escalations'>;

/** Where an escalation goes next; collected over the pass and written by `upsertEscalations`. */
function setEscalation(
  writes: EscalationRow[],
  e: DueEscalation,
  patch: {
    state: 'active' | 'exhausted' | 'stopped';
    due_at: number | null;
    level?: number;
    round?: number;
    step?: number;
  },
  now: number,
): void {
  writes.push({
    incident_id: e.incident_id,
    policy_id: e.policy_id,
    assignees: e.assignees,
    state: patch.state,
    level: patch.level ?? e.level,
    round: patch.round ?? e.round,
    step: patch.step ?? e.step,
    due_at: patch.due_at,
    snoozed_until: null,
    updated_at: now,
  });
}

/** Why reassigned-to people paged nobody: the timeline must not say "deleted" of someone who was deactivated. */
async function nobodyToPage(db: Queryable, assignees: string[]): Promise<string> {
  const deactivated = await deactivatedAmong(db, assignees);
  if (deactivated.size === 0) return 'The assignees no longer exist; nobody paged';
  const names = [...deactivated.values()].join(', ');
  return deactivated.size === assignees.length
    ? `The assignees are deactivated (${names}); nobody paged`
    : `The assignees are deactivated (${names}) or no longer exist; nobody paged`;
}

/** Fires the level at `start` (skipping empty ones), pages, and schedules the next level. */
async function fireStep(
  db: Queryable,
  step: {
    e: DueEscalation;
    start: Position;
    reason: PageReason;
    now: number;
    policyOf: (id: string) => Promise<LoadedPolicy | undefined>;
    resolve: (policy: LoadedPolicy, level: number) => Promise<string[]>;
    pager: Pager;
    timeline: TimelineEntry[];
    writes: EscalationRow[];
  },
): Promise<string[]> {
  const { e, start, reason, now, policyOf, resolve, pager, timeline, writes } = step;
  const incident = { id: e.incident_id, urgency: e.urgency };
  // Reassigned to people: page them once; there are no further levels.
  if (e.assignees !== null) {
    const assignees = JSON.parse(e.assignees) as string[];
    const users = await resolveTargets(
      db,
      assignees.map((id) => ({ type: 'user' as const, id })),
      now,
      '',
    );
    const out = await pager.page(
      incident,
      users,
      e.step,
      start,
      reason === 'escalation' ? 'reassign' : reason,
    );
    timeline.push({
      incidentId: e.incident_id,
      kind: 'paged',
      actor: ENGINE,
      message:
        users.length > 0 ? `Paged assignees: ${describePlan(out.plan)}` : await nobodyToPage(db, assignees),
      data: { users, step: e.step },
    });
    setEscalation(writes, e, { state: 'exhausted', due_at: null, step: e.step + 1 }, now);
    return out.dueNow;
  }
  const policy = e.policy_id === null ? undefined : await policyOf(e.policy_id);
  if (policy === undefined || policy.levels.length === 0) {
    timeline.push({
      incidentId: e.incident_id,
      kind: 'policy_exhausted',
      actor: ENGINE,
      message: 'The escalation policy was deleted or has no levels; nobody paged',
    });
    setEscalation(writes, e, { state: 'exhausted', due_at: null }, now);
    return [];
  }
  const firing = await fire(policy, start, now, (pos) => resolve(policy, pos.level));
  for (const s of firing.skipped) {
    timeline.push({
      incidentId: e.incident_id,
      kind: 'level_skipped',
      actor: ENGINE,
      message: `Level ${s.level + 1}${roundText(s)} of ${policy.name} has nobody to page (empty schedule, time off or no members); skipped`,
      data: { level: s.level + 1, round: s.round },
    });
  }
  let dueNow: string[] = [];
  if (firing.fired !== null) {
    const { pos, users } = firing.fired;
    const out = await pager.page(incident, users, e.step, pos, reason);
    dueNow = out.dueNow;
    timeline.push({
      incidentId: e.incident_id,
      kind: 'escalated',
      actor: ENGINE,
      message: `Level ${pos.level + 1}${roundText(pos)} of ${policy.name}: paged ${describePlan(out.plan)}`,
      data: { level: pos.level + 1, round: pos.round, users, step: e.step },
    });
  }
  if (firing.next === null) {
    timeline.push({
      incidentId: e.incident_id,
      kind: 'policy_exhausted',
      actor: ENGINE,
      message:
        firing.fired === null
          ? `Nobody to page on any level of ${policy.name}`
          : `${policy.name} has run all its levels${policy.repeatCount > 0 ? ` ${policy.repeatCount + 1} times` : ''}; no further escalation`,
    });
    setEscalation(writes, e, { state: 'exhausted', due_at: null, step: e.step + 1 }, now);
  } else {
    setEscalation(
      writes,
      e,
      {
        state: 'active',
        due_at: firing.next.dueAt,
        level: firing.next.pos.level,
        round: firing.next.pos.round,
        step: e.step + 1,
      },
      now,
    );
  }
  return dueNow;
}

const roundText = (p: Position) => (p.round > 0 ? ` (repeat ${p.round})` : '');
