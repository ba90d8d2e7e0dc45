import {
  Alert,
  Button,
  Fieldset,
  Group,
  MultiSelect,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { errorFor, fieldError } from '../../form-errors.ts';
import type { AlertGrouping, ServiceView } from '../../types.ts';
import { useCanEdit, usePolicyList, useServices, useTeamList } from './data.ts';

const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
type Urgencies = ServiceView['urgency_rules'];
const FIELDS = [
  'name',
  'description',
  'team_id',
  'escalation_policy_id',
  'urgency_rules',
  'alert_grouping',
  'dependencies',
];

interface Form {
  name: string;
  description: string;
  teamId: string;
  policyId: string;
  urgency: Urgencies;
  mode: AlertGrouping['mode'];
  labels: string;
  window: number | string;
  storm: number | string;
  dependencies: string[];
}

function formOf(s: ServiceView): Form {
  const g = s.alert_grouping;
  return {
    name: s.name,
    description: s.description,
    teamId: s.team_id,
    policyId: s.escalation_policy_id ?? '',
    urgency: s.urgency_rules,
    mode: g.mode,
    labels: g.mode === 'labels' ? g.labels.join(', ') : '',
    window: g.mode === 'labels' ? g.window_minutes : 60,
    storm: g.storm_threshold_per_minute ?? '',
    dependencies: s.dependencies,
  };
}

/** The form as PATCH /api/v1/services/:id takes it; numbers left empty are left out. */
function bodyOf(f: Form) {
  const storm = typeof f.storm === 'number' ? { storm_threshold_per_minute: f.storm } : {};
  const labels = f.labels
    .split(',')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const grouping: AlertGrouping =
    f.mode === 'dedup_key'
      ? { mode: 'dedup_key', ...storm }
      : { mode: 'labels', labels, window_minutes: typeof f.window === 'number' ? f.window : 0, ...storm };
  return {
    name: f.name,
    description: f.description,
    team_id: f.teamId,
    escalation_policy_id: f.policyId === '' ? null : f.policyId,
    urgency_rules: f.urgency,
    alert_grouping: grouping,
    dependencies: f.dependencies,
  };
}

/**
 * A service's settings: owner, policy, urgency per severity, how alerts group into incidents,
 * what it depends on. Admins edit and save in one PATCH (a 400 shows at its control, the form
 * keeps what was typed); everyone else sees the same controls disabled.
 */
export function ServiceSettings({ service }: { service: ServiceView }) {
  const canEdit = useCanEdit();
  const queryClient = useQueryClient();
  const teams = useTeamList();
  const policies = usePolicyList();
  const services = useServices();
  const [f, setF] = useState(() => formOf(service));
  const set = (change: Partial<Form>) => setF((x) => ({ ...x, ...change }));

  const save = useMutation({
    mutationFn: () => api<ServiceView>('PATCH', `/services/${service.id}`, bodyOf(f)),
    onSuccess: (s) => {
      queryClient.setQueryData(['services', 'one', s.id], s);
      void queryClient.invalidateQueries({ queryKey: ['services', 'all'] });
      // The list's name and on call now come from the status query.
      void queryClient.invalidateQueries({ queryKey: ['services', 'status'] });
    },
  });
  const err = fieldError(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const options = (list: { id: string; name: string }[] | undefined) =>
    list?.map((x) => ({ value: x.id, label: x.name })) ?? [];

  return (
    <form onSubmit={submit} aria-label="Service settings">
      <Stack gap="sm">
        <Fieldset legend="Service" disabled={!canEdit}>
          <Stack gap="sm">
            <TextInput
              label="Name"
              value={f.name}
              onChange={(e) => set({ name: e.currentTarget.value })}
              error={errorFor(err, 'name')}
            />
            <Textarea
              label="Description"
              value={f.description}
              onChange={(e) => set({ description: e.currentTarget.value })}
              error={errorFor(err, 'description')}
              autosize
              minRows={2}
            />
            <NativeSelect
              label="Owning team"
              value={f.teamId}
              onChange={(e) => set({ teamId: e.currentTarget.value })}
              data={options(teams.data?.data)}
              error={errorFor(err, 'team_id')}
            />
            <NativeSelect
              label="Escalation policy"
              value={f.policyId}
              onChange={(e) => set({ policyId: e.currentTarget.value })}
              data={[{ value: '', label: 'None (pages nobody)' }, ...options(policies.data?.data)]}
              error={errorFor(err, 'escalation_policy_id')}
            />
            <MultiSelect
              label="Depends on"
              value={f.dependencies}
              onChange={(dependencies) => set({ dependencies })}
              data={options(services.data?.data.filter((s) => s.id !== service.id))}
              error={errorFor(err, 'dependencies')}
              searchable
            />
          </Stack>
        </Fieldset>
        <Fieldset legend="Urgency of incidents by alert severity" disabled={!canEdit}>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            {SEVERITIES.map((sev) => (
              <NativeSelect
                key={sev}
                label={sev}
                value={f.urgency[sev]}
                onChange={(e) =>
                  set({ urgency: { ...f.urgency, [sev]: e.currentTarget.value as Urgencies[typeof sev] } })
                }
                data={['high', 'low']}
              />
            ))}
          </SimpleGrid>
          {err?.field === 'urgency_rules' && <Alert color="red">{err.message}</Alert>}
        </Fieldset>
        <Fieldset legend="Alert grouping" disabled={!canEdit}>
          <Stack gap="sm">
            <NativeSelect
              label="Alerts open incidents"
              value={f.mode}
              onChange={(e) => set({ mode: e.currentTarget.value as Form['mode'] })}
              data={[
                { value: 'dedup_key', label: 'one per dedup key' },
                { value: 'labels', label: 'grouped by equal label values within a window' },
              ]}
              error={errorFor(err, 'alert_grouping')}
            />
            {f.mode === 'labels' && (
              <Group grow align="start" wrap="wrap">
                <TextInput
                  label="Labels"
                  description="Comma-separated, e.g. cluster, alertname"
                  value={f.labels}
                  onChange={(e) => set({ labels: e.currentTarget.value })}
                  style={{ minWidth: '12rem' }}
                />
                <NumberInput
                  label="Window (minutes)"
                  value={f.window}
                  onChange={(window) => set({ window })}
                  min={1}
                  style={{ minWidth: '8rem' }}
                />
              </Group>
            )}
            <NumberInput
              label="Storm threshold (alerts per minute)"
              description="Above it, new alerts join the open incident. Empty: no threshold."
              value={f.storm}
              onChange={(storm) => set({ storm })}
              min={1}
            />
          </Stack>
        </Fieldset>
        {canEdit && (
          <>
            {save.error !== null && (err === undefined || !FIELDS.includes(err.field)) && (
              <Alert color="red" role="alert" title="Could not save the service">
                {save.error.message}
              </Alert>
            )}
            {save.isSuccess && !save.isPending && (
              <Alert color="green" role="status">
                Saved.
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={save.isPending}>
                Save settings
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </form>
  );
}
