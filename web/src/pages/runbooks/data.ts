import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useMe } from '../../session.tsx';
import type {
  IncidentRunbooksView,
  Page,
  RunbookCoverageView,
  RunbookDiffView,
  RunbookSummaryView,
  RunbookVersionSummaryView,
  RunbookVersionView,
  RunbookView,
  ServiceView,
  TeamView,
} from '../../types.ts';

/**
 * The runbook pages' reads and writes (/api/v1/runbooks, /api/v1/runbook-template). Keys start
 * `['runbook', id]` for one runbook and what belongs to it (versions, a diff), `['runbooks', ...]`
 * for the library and the coverage report; the incident page's panel keys its read under
 * `['incident', ref, 'runbooks']`, so the live stream refetches it with the rest of the incident
 * (web/src/live.tsx) when a new alert arrives.
 */
/** The runbook's API path under /api/v1, which is also its page's path in the app. */
export const rbPath = (id: string) => `/runbooks/${encodeURIComponent(id)}`;

export function useRunbook(id: string) {
  return useQuery({ queryKey: ['runbook', id], queryFn: () => api<RunbookView>('GET', rbPath(id)) });
}

export function useRunbookList(params: URLSearchParams) {
  const query = params.toString();
  return useQuery({
    queryKey: ['runbooks', 'list', query],
    queryFn: () => api<Page<RunbookSummaryView>>('GET', `/runbooks?limit=50&${query}`),
    placeholderData: keepPreviousData,
  });
}

export function useCoverage(days: number) {
  return useQuery({
    queryKey: ['runbooks', 'coverage', days],
    queryFn: () => api<RunbookCoverageView>('GET', `/runbooks/coverage?days=${days}`),
  });
}

export function useRunbookTemplate() {
  return useQuery({
    queryKey: ['runbook-template'],
    queryFn: () => api<{ body: string }>('GET', '/runbook-template'),
  });
}

export function useVersions(id: string) {
  return useQuery({
    queryKey: ['runbook', id, 'versions'],
    queryFn: () => api<{ data: RunbookVersionSummaryView[] }>('GET', `${rbPath(id)}/versions`),
  });
}

export function useVersion(id: string, version: number | null) {
  return useQuery({
    queryKey: ['runbook', id, 'version', version],
    queryFn: () => api<RunbookVersionView>('GET', `${rbPath(id)}/versions/${version ?? 0}`),
    enabled: version !== null,
  });
}

export function useDiff(id: string, from: number | null, to: number | null) {
  return useQuery({
    queryKey: ['runbook', id, 'diff', from, to],
    queryFn: () => api<RunbookDiffView>('GET', `${rbPath(id)}/diff?from=${from ?? 0}&to=${to ?? 0}`),
    enabled: from !== null && to !== null,
    placeholderData: keepPreviousData,
  });
}

/** The runbooks matching the incident's alerts, the one pages link to first. */
export function useIncidentRunbooks(ref: string) {
  return useQuery({
    queryKey: ['incident', ref, 'runbooks'],
    queryFn: () => api<IncidentRunbooksView>('GET', `/incidents/${encodeURIComponent(ref)}/runbooks`),
  });
}

/** Every service, for the filters and the editor's picker (the key the postmortem library uses too). */
export function useAllServices() {
  return useQuery({
    queryKey: ['services', 'all'],
    queryFn: () => api<Page<ServiceView>>('GET', '/services?limit=500'),
    staleTime: 60_000,
  });
}

/**
 * The teams a runbook may be given to by the signed-in person: every team for an admin, the
 * teams they are on for a responder (the API refuses others with 403); undefined while loading.
 */
export function useOwnerChoices(): TeamView[] | undefined {
  const me = useMe().data?.user;
  const admin = me?.role === 'admin';
  const teams = useQuery({
    queryKey: ['runbooks', 'teams', admin ? 'all' : (me?.id ?? '')],
    queryFn: () =>
      api<Page<TeamView>>(
        'GET',
        admin ? '/teams?limit=500' : `/teams?limit=500&user_id=${encodeURIComponent(me?.id ?? '')}`,
      ),
    enabled: me !== undefined,
    staleTime: 60_000,
  });
  return teams.data?.data;
}

/**
 * One write to a runbook; the answer (the runbook as it is now) replaces the cached one, and its
 * versions, the library and the incident panels read again. A failure is the caller's to show.
 */
export function useRunbookWrite<V>(id: string, request: (v: V) => ['POST' | 'PATCH', string, unknown?]) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: V) => {
      const [method, path, body] = request(v);
      return api<RunbookView>(method, path, body);
    },
    onSuccess: (rb) => {
      queryClient.setQueryData(['runbook', id], rb);
      void queryClient.invalidateQueries({
        queryKey: ['runbook', id],
        predicate: (q) => q.queryKey.length > 2,
      });
      void queryClient.invalidateQueries({ queryKey: ['runbooks'] });
      void queryClient.invalidateQueries({ queryKey: ['incident'] });
    },
  });
}

/** Alertmanager's text form of a matcher, as the API parses it back: `instance=~"db-.*"`. */
export function matcherText(m: { name: string; op: string; value: string }): string {
  const name = /^[^\s=!~{}",]+$/.test(m.name) ? m.name : JSON.stringify(m.name);
  return `${name}${m.op}${JSON.stringify(m.value)}`;
}

export const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
