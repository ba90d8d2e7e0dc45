import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api.ts';
import type {
  IncidentDraftView,
  Page,
  PostmortemSummaryView,
  PostmortemTemplateView,
  PostmortemView,
} from '../../types.ts';

/**
 * The postmortem pages' reads and writes (/api/v1/postmortems, /api/v1/postmortem-templates).
 * Keys start `['postmortem', id]` for one and `['postmortems', ...]` for lists; the incident
 * page's panel keys its read under `['incident', ref, 'postmortem']`, so the live stream
 * refetches it with the rest of the incident (web/src/live.tsx).
 */
/** The postmortem's API path under /api/v1, which is also its page's path in the app. */
export const pmPath = (id: string) => `/postmortems/${encodeURIComponent(id)}`;

export function usePostmortem(id: string) {
  return useQuery({ queryKey: ['postmortem', id], queryFn: () => api<PostmortemView>('GET', pmPath(id)) });
}

/** The incident's postmortem, or null while it has none (the API answers 404). */
export function useIncidentPostmortem(ref: string) {
  return useQuery({
    queryKey: ['incident', ref, 'postmortem'],
    queryFn: async () => {
      try {
        return await api<PostmortemView>('GET', `/incidents/${encodeURIComponent(ref)}/postmortem`);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });
}

/** The incident drafted again now: durations, and the timeline table for "Re-insert". */
export function useIncidentDraft(id: string) {
  return useQuery({
    queryKey: ['postmortem', id, 'incident-draft'],
    queryFn: () => api<IncidentDraftView>('GET', `${pmPath(id)}/incident-draft`),
  });
}

export function usePostmortemList(params: URLSearchParams) {
  const query = params.toString();
  return useQuery({
    queryKey: ['postmortems', query],
    queryFn: () => api<Page<PostmortemSummaryView>>('GET', `/postmortems?limit=100&${query}`),
  });
}

export function usePostmortemTemplates(enabled = true) {
  return useQuery({
    queryKey: ['postmortem-templates'],
    queryFn: () => api<Page<PostmortemTemplateView>>('GET', '/postmortem-templates?limit=100'),
    staleTime: 5 * 60_000,
    enabled,
  });
}

/** The template a new postmortem starts from when none is chosen: the severity's, else the default. */
export function defaultTemplate(templates: PostmortemTemplateView[], severity: string) {
  return templates.find((t) => t.severity === severity) ?? templates.find((t) => t.is_default);
}

/**
 * One write to a postmortem; the answer (the postmortem as it is now) replaces the cached one.
 * The incident's queries refetch too: publishing may close it, and its panel shows the status.
 * A 409 refetches the postmortem; the caller shows the refusal (and the moves it allows).
 */
export function usePostmortemWrite<V>(id: string, request: (v: V) => ['POST' | 'PATCH', string, unknown?]) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: V) => {
      const [method, path, body] = request(v);
      return api<PostmortemView>(method, path, body);
    },
    onSuccess: (pm) => {
      queryClient.setQueryData(['postmortem', id], pm);
      void queryClient.invalidateQueries({ queryKey: ['postmortems'] });
      void queryClient.invalidateQueries({ queryKey: ['incident'] });
    },
    // Refused because it changed (someone moved or saved it first): show it as it is now.
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409)
        void queryClient.invalidateQueries({ queryKey: ['postmortem', id], exact: true });
    },
  });
}

/** The statuses a refused move (409) says it may go to, if it said. */
export function allowedFrom(e: unknown): string[] | undefined {
  if (!(e instanceof ApiError) || e.status !== 409) return undefined;
  const allowed = e.details.allowed_transitions;
  return Array.isArray(allowed) ? allowed.map(String) : undefined;
}

export const STATUS_LABEL: Record<PostmortemView['status'], string> = {
  draft: 'Draft',
  in_review: 'In review',
  published: 'Published',
};
