import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useLive } from '../../live.tsx';
import type {
  KillSwitchesView,
  RunbookDryRunView,
  RunbookRunStatus,
  RunbookRunView,
  RunbookSecretView,
  RunbookStepView,
} from '../../types.ts';
import { rbPath } from './data.ts';

/**
 * The reads and writes of runbooks' automated steps (src/runbooks/steps/routes.ts). A runbook's
 * steps are keyed `['runbook', id, 'steps']`, under the runbook, so its writes refresh them too.
 * An incident's runs are keyed `['incident', ref, 'runbook-runs']`: every request, approval,
 * result and cancellation writes a timeline entry, so the live stream (web/src/live.tsx) reads
 * them again as they change; while the stream is down, a run still in flight is polled instead.
 * The kill switches and the secrets are not on the stream: they are read when a page opens and
 * again now and then.
 */
export const stepsPath = (runbookId: string) => `${rbPath(runbookId)}/steps`;
const incidentPath = (ref: string) => `/incidents/${encodeURIComponent(ref)}`;

/** A runbook's steps, for useQuery or useQueries (the incident panel reads every matching runbook's). */
export const stepsQuery = (runbookId: string) => ({
  queryKey: ['runbook', runbookId, 'steps'],
  queryFn: () => api<{ data: RunbookStepView[] }>('GET', stepsPath(runbookId)),
});

export function useSteps(runbookId: string) {
  return useQuery(stepsQuery(runbookId));
}

/** A step created, changed or deleted: its runbook's steps are read again. */
export function useStepWrite<V>(
  runbookId: string,
  request: (v: V) => ['POST' | 'PATCH' | 'DELETE', string, unknown?],
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: V) => {
      const [method, path, body] = request(v);
      return api<RunbookStepView | undefined>(method, path, body);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['runbook', runbookId, 'steps'] }),
  });
}

/** Runs the engine has yet to finish: their results are on the way. */
export const IN_FLIGHT: readonly RunbookRunStatus[] = ['queued', 'claimed', 'sending'];
const POLL_MS = 2000;

export function useIncidentRuns(ref: string) {
  const live = useLive();
  return useQuery({
    queryKey: ['incident', ref, 'runbook-runs'],
    queryFn: () => api<{ data: RunbookRunView[] }>('GET', `${incidentPath(ref)}/runbook-runs`),
    refetchInterval: (q) =>
      live !== 'live' && q.state.data?.data.some((r) => IN_FLIGHT.includes(r.status)) === true
        ? POLL_MS
        : false,
  });
}

/** Asks to run a step on the incident; with `dry_run`, the exact request instead (nothing is sent). */
export function useRequestRun(ref: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { runbookId: string; stepId: string; dryRun?: boolean }) =>
      api<RunbookRunView | RunbookDryRunView>(
        'POST',
        `${stepsPath(v.runbookId)}/${encodeURIComponent(v.stepId)}/runs`,
        { incident_id: ref, ...(v.dryRun === true ? { dry_run: true } : {}) },
      ),
    onSuccess: (out) => {
      if ('dry_run' in out) return;
      void queryClient.invalidateQueries({ queryKey: ['incident', ref, 'runbook-runs'] });
    },
  });
}

/** Approves or rejects (withdraws, for who asked) a run waiting for approval. */
export function useDecideRun(ref: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; approve: boolean; reason?: string }) =>
      api<RunbookRunView>(
        'POST',
        `/runbook-runs/${encodeURIComponent(v.id)}/${v.approve ? 'approve' : 'reject'}`,
        v.reason === undefined || v.reason.trim() === '' ? {} : { reason: v.reason.trim() },
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['incident', ref, 'runbook-runs'] }),
  });
}

/** Says whether a runbook helped with the incident; the panel shows the answer given. */
export function useFeedback(ref: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { runbookId: string; helped: boolean }) =>
      api('PUT', `${incidentPath(ref)}/runbooks/${encodeURIComponent(v.runbookId)}/feedback`, {
        helped: v.helped,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['incident', ref, 'runbooks'] }),
  });
}

const SWITCH_KEY = ['runbook-kill-switch'];
/** Someone else may pull a switch: read again this often while a page shows it. */
const SWITCH_REFRESH_MS = 15_000;

export function useKillSwitches() {
  return useQuery({
    queryKey: SWITCH_KEY,
    queryFn: () => api<KillSwitchesView>('GET', '/runbook-kill-switch'),
    refetchInterval: SWITCH_REFRESH_MS,
  });
}

/**
 * Pulls or releases a kill switch (the global one, or a service's). Pulling one cancels runs
 * waiting or queued, so every incident's runs are read again.
 */
export function useSetKillSwitch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { engaged: boolean; reason?: string; serviceId?: string }) =>
      api<KillSwitchesView>('PUT', '/runbook-kill-switch', {
        engaged: v.engaged,
        ...(v.reason === undefined ? {} : { reason: v.reason }),
        ...(v.serviceId === undefined ? {} : { service_id: v.serviceId }),
      }),
    onSuccess: (state) => {
      queryClient.setQueryData(SWITCH_KEY, state);
      void queryClient.invalidateQueries({
        predicate: (q) => q.queryKey[0] === 'incident' && q.queryKey[2] === 'runbook-runs',
      });
    },
  });
}

export const SECRETS_KEY = ['runbook-secrets'];

export function useSecrets(enabled = true) {
  return useQuery({
    queryKey: SECRETS_KEY,
    queryFn: () => api<{ data: RunbookSecretView[] }>('GET', '/runbook-secrets'),
    enabled,
  });
}

/** The template variables a step's URL, headers and body may use. */
export const TEMPLATE_VARIABLES = [
  'incident.ref',
  'incident.title',
  'incident.url',
  'incident.severity',
  'incident.status',
  'service.name',
  'alert.summary',
  'alert.severity',
  'alert.source',
  'labels.<name>',
  'run.id',
  'secrets.<name>',
] as const;
