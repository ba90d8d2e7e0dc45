import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useMe } from '../../session.tsx';
import { useActsForTeam } from '../../team-access.tsx';
import type { EscalationPolicyView, IntegrationView, Page, ServiceView } from '../../types.ts';
import { useTeams } from '../SchedulesPage.tsx';

/**
 * The service pages' reads. Services and integrations are configuration (`['services', ...]`,
 * refetched after the page's own writes). The list comes with each service's status in the one
 * request (`include=status`) under `['services', 'status']`, which the live stream refetches on
 * incident and on-call changes (web/src/live.tsx), so it follows new alerts with no polling.
 */
export function useServices(enabled = true) {
  return useQuery({
    queryKey: ['services', 'status'],
    queryFn: () => api<Page<ServiceView>>('GET', '/services?limit=500&include=status'),
    enabled,
  });
}

export function useService(id: string) {
  return useQuery({
    queryKey: ['services', 'one', id],
    queryFn: () => api<ServiceView>('GET', `/services/${encodeURIComponent(id)}`),
  });
}

export function useIntegrations(serviceId: string) {
  return useQuery({
    queryKey: ['services', 'integrations', serviceId],
    queryFn: () =>
      api<Page<IntegrationView>>('GET', `/services/${encodeURIComponent(serviceId)}/integrations?limit=500`),
  });
}

/**
 * The team and policy pickers read under the keys their own pages refresh after a write (teams:
 * TEAMS_KEY; policies: `['policies', 'list']`), so a team or policy made or deleted a moment ago
 * is offered, or not, at once rather than after a five-minute cache.
 */
export const useTeamList = useTeams;
export function usePolicyList(enabled = true) {
  return useQuery({
    queryKey: ['policies', 'list', 'all'],
    queryFn: () => api<Page<EscalationPolicyView>>('GET', '/escalation-policies?limit=500'),
    staleTime: 60_000,
    enabled,
  });
}

/** Only admins may change services (the API's `auth: 'admin'`); everyone else reads. */
export function useCanEdit(): boolean {
  return useMe().data?.user.role === 'admin';
}

/**
 * A test alert pages whoever is on call, like declaring an incident on the service: admins and
 * the members of the team owning it may send one (the API refuses everyone else).
 */
export function useCanTest(teamId: string | null | undefined): boolean {
  return useActsForTeam(teamId) === true;
}
