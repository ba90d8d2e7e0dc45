import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useMe } from '../../session.tsx';
import type { Page } from '../../types.ts';
import type {
  PublicIncidentView,
  StatusComponentView,
  StatusGroupView,
  StatusSettingsView,
  StatusTemplateView,
} from './views.ts';

/**
 * The status page admin's reads and writes (GET|POST|PATCH|DELETE /api/v1/status-page/...).
 * Every key starts `['status-page', ...]`: a write here refetches them all (they are few and
 * small, and a component's status shows on several pages), and the live stream does the same
 * when an internal incident's timeline says a public incident changed (web/src/live.tsx).
 */
export const SP = '/status-page';
export const spKey = (...rest: unknown[]) => ['status-page', ...rest];

/** Lists are short (a page has tens of components): one page of 500 holds them all. */
const ALL = 'limit=500';

export function useComponents() {
  return useQuery({
    queryKey: spKey('components'),
    queryFn: () => api<Page<StatusComponentView>>('GET', `${SP}/components?${ALL}`),
  });
}

export function useGroups() {
  return useQuery({
    queryKey: spKey('groups'),
    queryFn: () => api<Page<StatusGroupView>>('GET', `${SP}/groups?${ALL}`),
  });
}

export function usePublicIncidents(kind: 'incident' | 'maintenance') {
  return useQuery({
    queryKey: spKey('incidents', kind),
    queryFn: () => api<Page<PublicIncidentView>>('GET', `${SP}/incidents?kind=${kind}&limit=100`),
  });
}

export function usePublicIncident(id: string) {
  return useQuery({
    queryKey: spKey('incident', id),
    queryFn: () => api<PublicIncidentView>('GET', `${SP}/incidents/${encodeURIComponent(id)}`),
  });
}

/** The public incident published from an internal one, if any (at most one: the link is unique). */
export function usePublishedFrom(incidentId: string) {
  return useQuery({
    queryKey: spKey('incidents', 'from', incidentId),
    queryFn: async () =>
      (
        await api<Page<PublicIncidentView>>(
          'GET',
          `${SP}/incidents?incident_id=${encodeURIComponent(incidentId)}&limit=1`,
        )
      ).data[0] ?? null,
  });
}

export function useTemplates(enabled = true) {
  return useQuery({
    queryKey: spKey('templates'),
    queryFn: () => api<Page<StatusTemplateView>>('GET', `${SP}/templates?${ALL}`),
    enabled,
  });
}

export function useSettings() {
  return useQuery({
    queryKey: spKey('settings'),
    queryFn: () => api<StatusSettingsView>('GET', `${SP}/settings`),
  });
}

type Method = 'POST' | 'PATCH' | 'DELETE';

/**
 * One write to the status page API; success refetches every status page query (and, with
 * `incidentRef`, the internal incident whose timeline the write adds to).
 */
export function useSpMutation<V, R = unknown>(request: (v: V) => [Method, string, unknown?]) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: V) => {
      const [method, path, body] = request(v);
      return api<R>(method, `${SP}${path}`, body);
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['status-page'] }),
  });
}

/** Components, groups, templates and settings are an admin's; incidents a responder's too. */
export function useRole() {
  const role = useMe().data?.user.role;
  return { isAdmin: role === 'admin', canRespond: role === 'admin' || role === 'responder' };
}

/** Components in page order: each group's in order under it, then those in no group. */
export function byGroup(
  groups: StatusGroupView[],
  components: StatusComponentView[],
): { group: StatusGroupView | null; components: StatusComponentView[] }[] {
  const sorted = [...components].sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  const out = [...groups]
    .sort((a, b) => a.position - b.position)
    .map((group) => ({ group, components: sorted.filter((c) => c.group_id === group.id) }));
  const loose = sorted.filter((c) => c.group_id === null || !groups.some((g) => g.id === c.group_id));
  return [...out, { group: null, components: loose }];
}

/** A select's "none" choice (a select cannot hold null); sent as null. */
export const SP_NONE = '';

/** New positions for components or groups (PATCH each; see reorder.ts), one after the other. */
export function useReorder(what: 'components' | 'groups') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (writes: { id: string; position: number }[]) => {
      for (const w of writes)
        await api('PATCH', `${SP}/${what}/${encodeURIComponent(w.id)}`, { position: w.position });
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['status-page'] }),
  });
}
