import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError } from '../../api.ts';
import type {
  AlertView,
  IncidentRolesView,
  IncidentView,
  Page,
  RelatedIncidentView,
  TaskView,
  TimelineEntryView,
} from '../../types.ts';

/**
 * The incident page's reads and writes. Every key starts `['incident', ref]` (web/src/live.tsx):
 * the event stream replaces the incident and refetches the rest when the server announces a
 * change, so nothing here polls.
 */
export const TIMELINE_ENTRIES = 200;

export const incidentPath = (ref: string) => `/incidents/${encodeURIComponent(ref)}`;

export function useIncident(ref: string) {
  return useQuery({
    queryKey: ['incident', ref],
    queryFn: () => api<IncidentView>('GET', incidentPath(ref)),
  });
}

export function useTimeline(ref: string) {
  return useQuery({
    queryKey: ['incident', ref, 'timeline'],
    queryFn: () =>
      api<Page<TimelineEntryView>>(
        'GET',
        `${incidentPath(ref)}/timeline?order=desc&limit=${TIMELINE_ENTRIES}`,
      ),
  });
}

/** Alerts are listed by the incident's id (the alerts API does not take an INC-number). */
export function useAlerts(ref: string, incidentId: string | undefined) {
  return useQuery({
    queryKey: ['incident', ref, 'alerts'],
    queryFn: () =>
      api<Page<AlertView>>('GET', `/alerts?incident_id=${encodeURIComponent(incidentId ?? '')}&limit=50`),
    enabled: incidentId !== undefined,
  });
}

export function useRoles(ref: string) {
  return useQuery({
    queryKey: ['incident', ref, 'roles'],
    queryFn: () => api<IncidentRolesView>('GET', `${incidentPath(ref)}/roles`),
  });
}

export function useTasks(ref: string) {
  return useQuery({
    queryKey: ['incident', ref, 'tasks'],
    queryFn: () => api<{ data: TaskView[] }>('GET', `${incidentPath(ref)}/tasks`),
  });
}

export function useRelated(ref: string) {
  return useQuery({
    queryKey: ['incident', ref, 'related'],
    queryFn: () => api<{ data: RelatedIncidentView[] }>('GET', `${incidentPath(ref)}/related?limit=10`),
  });
}

/** Reference data for the pickers: it changes rarely and is not about this incident. */
export function useList<T>(key: string, path: string, enabled = true) {
  return useQuery({
    queryKey: ['reference', key],
    queryFn: () => api<{ data: T[] }>('GET', path),
    staleTime: 5 * 60_000,
    enabled,
  });
}

type Method = 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * One write about the incident. Success refreshes everything about it. A 409 (someone acted
 * first) refetches the incident and the timeline at once and says who did what, from them.
 */
export function useIncidentAction<V>(ref: string, request: (v: V) => [Method, string, unknown?]) {
  const queryClient = useQueryClient();
  const [conflict, setConflict] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (v: V) => {
      const [method, path, body] = request(v);
      return api<unknown>(method, path, body);
    },
    onMutate: () => setConflict(null),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['incident', ref] }),
    onError: async (e) => {
      if (!(e instanceof ApiError) || e.status !== 409) return;
      await queryClient.invalidateQueries({ queryKey: ['incident', ref] });
      const now = queryClient.getQueryData<IncidentView>(['incident', ref]);
      setConflict(conflictMessage(e.message, now));
    },
  });
  return { ...mutation, conflict };
}

const BY: Partial<Record<IncidentView['status'], (i: IncidentView) => IncidentView['acknowledged_by']>> = {
  acknowledged: (i) => i.acknowledged_by,
  mitigated: (i) => i.mitigated_by,
  resolved: (i) => i.resolved_by,
  closed: (i) => i.closed_by,
};

/** "INC-4 is already acknowledged ... Ada Lovelace acknowledged it first." */
export function conflictMessage(apiMessage: string, incident: IncidentView | undefined): string {
  // Only a race ("already acknowledged") has someone who acted first; other refusals say why.
  const who =
    incident === undefined || !/already/.test(apiMessage) ? null : (BY[incident.status]?.(incident) ?? null);
  if (incident === undefined || who === null)
    return `${apiMessage}. The page shows the incident as it is now.`;
  return `${apiMessage}. ${who.name} ${incident.status} it first; the page shows the incident as it is now.`;
}
