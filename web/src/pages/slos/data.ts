import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useMe } from '../../session.tsx';
import type { Page, TeamView } from '../../types.ts';
import { useAllServices } from '../runbooks/data.ts';
import {
  type BudgetPolicyView,
  type ReleaseGateView,
  type SloAlertView,
  type SloChartView,
  type SloView,
  sloPath,
} from './model.ts';

/**
 * The SLO pages' reads and writes (/api/v1/slos, a service's release gate and budget policy).
 * Keys start `['slo', id]` for one SLO and what belongs to it (its chart), `['slos', ...]` for
 * lists (the SLO list, a service's SLOs, its release gate and policy). An SLO's alert history is
 * keyed `['alerts', 'slo', id]`, so the live stream refetches it with the other alert lists when
 * an incident changes (web/src/live.tsx). Budgets move every minute as counts arrive, with no
 * event on the stream: SLO reads refetch each minute while a page shows them.
 */
const EVERY_MINUTE = 60_000;

export function useSlo(id: string) {
  return useQuery({
    queryKey: ['slo', id],
    queryFn: () => api<SloView>('GET', sloPath(id)),
    refetchInterval: EVERY_MINUTE,
  });
}

export function useSloList(params: URLSearchParams) {
  const query = params.toString();
  return useQuery({
    queryKey: ['slos', 'list', query],
    queryFn: () => api<Page<SloView>>('GET', `/slos?limit=50${query === '' ? '' : `&${query}`}`),
    placeholderData: keepPreviousData,
    refetchInterval: EVERY_MINUTE,
  });
}

export function useServiceSlos(serviceId: string) {
  return useQuery({
    queryKey: ['slos', 'service', serviceId],
    queryFn: () => api<Page<SloView>>('GET', `/slos?limit=100&service_id=${encodeURIComponent(serviceId)}`),
    refetchInterval: EVERY_MINUTE,
  });
}

export function useSloChart(id: string) {
  return useQuery({
    queryKey: ['slo', id, 'chart'],
    queryFn: () => api<SloChartView>('GET', `${sloPath(id)}/chart`),
    refetchInterval: EVERY_MINUTE,
  });
}

export function useSloAlerts(id: string) {
  return useQuery({
    queryKey: ['alerts', 'slo', id],
    queryFn: () => api<{ data: SloAlertView[] }>('GET', `${sloPath(id)}/alerts`),
  });
}

const servicePath = (id: string) => `/services/${encodeURIComponent(id)}`;

export function useReleaseGate(serviceId: string) {
  return useQuery({
    queryKey: ['slos', 'gate', serviceId],
    queryFn: () => api<ReleaseGateView>('GET', `${servicePath(serviceId)}/release-gate`),
    refetchInterval: EVERY_MINUTE,
  });
}

export function useBudgetPolicy(serviceId: string) {
  return useQuery({
    queryKey: ['slos', 'policy', serviceId],
    queryFn: () => api<BudgetPolicyView>('GET', `${servicePath(serviceId)}/budget-policy`),
  });
}

export function useSaveBudgetPolicy(serviceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<BudgetPolicyView>) =>
      api<BudgetPolicyView>('PUT', `${servicePath(serviceId)}/budget-policy`, body),
    onSuccess: (policy) => {
      queryClient.setQueryData(['slos', 'policy', serviceId], policy);
      void queryClient.invalidateQueries({ queryKey: ['slos', 'gate', serviceId] });
    },
  });
}

/**
 * One write to an SLO (create, change); the answer replaces the cached SLO, and the lists and
 * its chart read again. A failure is the caller's to show.
 */
export function useSloWrite<V>(request: (v: V) => ['POST' | 'PATCH', string, unknown]) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: V) => {
      const [method, path, body] = request(v);
      return api<SloView>(method, path, body);
    },
    onSuccess: (slo) => {
      queryClient.setQueryData(['slo', slo.id], slo);
      void queryClient.invalidateQueries({
        queryKey: ['slo', slo.id],
        predicate: (q) => q.queryKey.length > 2,
      });
      void queryClient.invalidateQueries({ queryKey: ['slos'] });
    },
  });
}

export function useDeleteSlo(slo: SloView) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<null>('DELETE', sloPath(slo.id)),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: ['slo', slo.id] });
      void queryClient.invalidateQueries({ queryKey: ['slos'] });
    },
  });
}

/**
 * The services the signed-in person may give an SLO: every service for an admin, those of
 * their teams for a responder (the API refuses others with 403); undefined while loading.
 */
export function useSloServices() {
  const me = useMe().data?.user;
  const admin = me?.role === 'admin';
  const services = useAllServices();
  const teams = useQuery({
    queryKey: ['slos', 'teams', me?.id ?? ''],
    queryFn: () => api<Page<TeamView>>('GET', `/teams?limit=500&user_id=${encodeURIComponent(me?.id ?? '')}`),
    enabled: me !== undefined && !admin,
    staleTime: 60_000,
  });
  if (services.data === undefined || me === undefined) return undefined;
  if (admin) return services.data.data;
  if (teams.data === undefined) return undefined;
  const mine = new Set(teams.data.data.map((t) => t.id));
  return services.data.data.filter((s) => mine.has(s.team_id));
}
