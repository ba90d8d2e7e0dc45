import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import type { EscalationPolicyView, Page, ScheduleView, ServiceView } from '../../types.ts';

/**
 * What hangs on a team, for the confirmations of removing a member or deleting the team: the
 * policies whose levels page the team (they page every member), and the services and
 * schedules it owns (the API refuses deleting a team that still owns some).
 */
export function useTeamImpact(teamId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['people', 'team', teamId, 'impact'],
    enabled,
    queryFn: async () => {
      const [policies, services, schedules] = await Promise.all([
        api<Page<EscalationPolicyView>>('GET', '/escalation-policies?limit=500'),
        api<Page<ServiceView>>('GET', `/services?limit=500&team_id=${encodeURIComponent(teamId)}`),
        api<Page<ScheduleView>>('GET', '/schedules?limit=500'),
      ]);
      return {
        pagingPolicies: policies.data.filter((p) =>
          p.levels.some((l) => l.targets.some((t) => t.type === 'team' && t.id === teamId)),
        ),
        services: services.data,
        schedules: schedules.data.filter((s) => s.team_id === teamId),
      };
    },
  });
}
