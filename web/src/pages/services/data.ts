import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useMe } from '../../session.tsx';
import type {
  AlertView,
  EscalationPolicyView,
  IncidentCountsView,
  IntegrationView,
  OnCallEntryView,
  Page,
  ServiceView,
  TeamView,
  UserView,
} from '../../types.ts';
import { useList } from '../incident/data.ts';

/**
 * The service pages' reads. Services and integrations are configuration (`['services', ...]`,
 * refetched after the page's own writes); a service's status reads through the live keys
 * (`['incidents', ...]`, `['alerts', ...]`, `['oncall', ...]`), so it follows new alerts
 * with no polling (web/src/live.tsx).
 */
export function useServices(enabled = true) {
  return useQuery({
    queryKey: ['services', 'all'],
    queryFn: () => api<Page<ServiceView>>('GET', '/services?limit=500'),
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

export const useTeamList = () => useList<TeamView>('teams', '/teams?limit=500');
export const usePolicyList = () =>
  useList<EscalationPolicyView>('policies', '/escalation-policies?limit=500');

/** Only admins may change services (the API's `auth: 'admin'`); everyone else reads. */
export function useCanEdit(): boolean {
  return useMe().data?.user.role === 'admin';
}

export interface ServiceStatus {
  open: number | undefined;
  lastAlertAt: string | null | undefined;
  /** Who the first level of its policy pages now; undefined while loading or without a policy. */
  onCall: string[] | undefined;
}

export function useServiceStatus(service: ServiceView): ServiceStatus {
  const counts = useQuery({
    queryKey: ['incidents', 'counts', { service_id: service.id }],
    queryFn: () =>
      api<IncidentCountsView>('GET', `/incidents/counts?service_id=${encodeURIComponent(service.id)}`),
  });
  const last = useQuery({
    queryKey: ['alerts', 'last', service.id],
    queryFn: () =>
      api<Page<AlertView>>('GET', `/alerts?service_id=${encodeURIComponent(service.id)}&limit=1&order=desc`),
  });
  const c = counts.data;
  return {
    open: c === undefined ? undefined : c.triggered + c.acknowledged + c.mitigated,
    lastAlertAt: last.data === undefined ? undefined : (last.data.data[0]?.received_at ?? null),
    onCall: useFirstLevel(service.escalation_policy_id),
  };
}

/**
 * The names the policy's first level would page now: people by name, schedules by who is on
 * call on them (the On-call page's query, so it shares its cache), teams by name.
 */
function useFirstLevel(policyId: string | null): string[] | undefined {
  const policies = usePolicyList();
  const users = useList<UserView>('users', '/users?limit=500', policyId !== null);
  const teams = useTeamList();
  const oncall = useQuery({
    queryKey: ['oncall', 'now'],
    queryFn: () => api<{ data: OnCallEntryView[] }>('GET', '/oncall?limit=500'),
    enabled: policyId !== null,
  });
  if (policyId === null) return undefined;
  const level = policies.data?.data.find((p) => p.id === policyId)?.levels[0];
  if (level === undefined || !users.data || !oncall.data || !teams.data) return undefined;
  return level.targets.flatMap((t) => {
    if (t.type === 'user') return [users.data.data.find((u) => u.id === t.id)?.name ?? 'a deleted user'];
    if (t.type === 'team') return [`team ${teams.data.data.find((x) => x.id === t.id)?.name ?? t.id}`];
    return oncall.data.data
      .filter((e) => e.schedule_id === t.id && e.user_name !== null)
      .map((e) => e.user_name ?? '');
  });
}
