import { levelsOf } from '../escalation/policies/repository.ts';
import { parseTargets } from '../escalation/policies/presenter.ts';
import { onCallAt } from '../oncall/core/schedule.ts';
import { loadSpecs } from '../oncall/load.ts';
import type { Queryable } from '../platform/db/connect.ts';
import { iso } from '../platform/http/schema.ts';
import {
  activeUserNames,
  lastAlertTimes,
  openIncidentCounts,
  schedulesByIds,
  teamNamesByIds,
} from './repository-status.ts';
import type { ServiceStatusView, ServiceView } from './schemas.ts';

type OnCall = NonNullable<ServiceStatusView['on_call_now']>;

/**
 * The services list's status column in one pass over the page (before, the web UI asked three
 * endpoints per row). "On call now" is what the first level of each policy would page at `now`,
 * the way escalation/targets.ts resolves it, except that a round-robin target is named rather
 * than advanced: reading the list must not move the rotation's counter.
 */
export async function withStatus(
  db: Queryable,
  services: ServiceView[],
  now: number,
): Promise<ServiceView[]> {
  const ids = services.map((s) => s.id);
  const policyIds = [...new Set(services.flatMap((s) => s.escalation_policy_id ?? []))];
  const [open, last, levels] = await Promise.all([
    openIncidentCounts(db, ids),
    lastAlertTimes(db, ids),
    levelsOf(db, policyIds),
  ]);
  // levelsOf orders by policy, then position: the first row of a policy is its first level.
  const firstTargets = new Map<string, ReturnType<typeof parseTargets>>();
  for (const l of levels)
    if (!firstTargets.has(l.policy_id)) firstTargets.set(l.policy_id, parseTargets(l.targets));
  const targets = [...firstTargets.values()].flat();
  const idsOf = (...types: string[]) => [
    ...new Set(targets.filter((t) => types.includes(t.type)).map((t) => t.id)),
  ];

  const schedules = await schedulesByIds(db, idsOf('schedule', 'schedule_round_robin'));
  const specs = await loadSpecs(db, schedules, now, now + 1);
  const onCallBySchedule = new Map<string, string | undefined>(
    schedules.map((s) => {
      const spec = specs.get(s.id);
      return [s.id, spec ? onCallAt(spec, now)?.userId : undefined];
    }),
  );
  const userIds = [
    ...idsOf('user'),
    ...[...onCallBySchedule.values()].filter((u): u is string => u !== undefined),
  ];
  const [users, teams] = await Promise.all([
    activeUserNames(db, [...new Set(userIds)]),
    teamNamesByIds(db, idsOf('team')),
  ]);
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  const scheduleName = new Map(schedules.map((s) => [s.id, s.name]));

  const onCall = (policyId: string): OnCall => {
    const out: OnCall = [];
    const add = (e: OnCall[number]) => {
      if (!out.some((o) => o.type === e.type && o.id === e.id)) out.push(e);
    };
    for (const t of firstTargets.get(policyId) ?? []) {
      const userId =
        t.type === 'user' ? t.id : t.type === 'schedule' ? onCallBySchedule.get(t.id) : undefined;
      // Deleted and deactivated users stay in policies and rotations but page nobody, as in
      // escalation/targets.ts: they are not on call now.
      if (userId !== undefined && userName.has(userId))
        add({ type: 'user', id: userId, name: userName.get(userId)! });
      if (t.type === 'team' && teamName.has(t.id)) add({ type: 'team', id: t.id, name: teamName.get(t.id)! });
      if (t.type === 'schedule_round_robin' && scheduleName.has(t.id)) {
        add({ type: 'round_robin', id: t.id, name: scheduleName.get(t.id)! });
      }
    }
    return out;
  };

  return services.map((s) => {
    const at = last.get(s.id);
    return {
      ...s,
      status: {
        open_incidents: open.get(s.id) ?? 0,
        last_alert_at: at === undefined ? null : iso(at),
        on_call_now: s.escalation_policy_id === null ? null : onCall(s.escalation_policy_id),
      },
    };
  });
}
