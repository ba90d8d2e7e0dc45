import {
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { errorFor, fieldError } from '../../form-errors.ts';
import type { CreatedIntegrationView, IntegrationType } from '../../types.ts';
import { useCanEdit, useIntegrations } from './data.ts';
import { IntegrationRow } from './IntegrationRow.tsx';
import { KeyPanel } from './KeyPanel.tsx';

const TYPES: { value: IntegrationType; label: string }[] = [
  { value: 'events-v2', label: 'PagerDuty Events API v2' },
  { value: 'alertmanager', label: 'Prometheus / Alertmanager' },
  { value: 'grafana', label: 'Grafana' },
  { value: 'generic', label: 'Any JSON webhook' },
  { value: 'heartbeat', label: 'Heartbeat (cron jobs)' },
];
const FIELDS = ['name', 'type', 'heartbeat'];

/** A service's integrations (keys only by their prefix, each with its actions) and, for admins, a new one. */
export function Integrations({ serviceId, teamId }: { serviceId: string; teamId: string | null }) {
  const list = useIntegrations(serviceId);
  const canEdit = useCanEdit();
  const [creating, setCreating] = useState(false);
  // A key is shown once: after creating an integration, or rotating one's key.
  const [shown, setShown] = useState<{ integration: CreatedIntegrationView; rotated: boolean }>();

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Integrations</Title>
        {canEdit && !creating && shown === undefined && (
          <Button onClick={() => setCreating(true)}>New integration</Button>
        )}
      </Group>
      {shown !== undefined && (
        <KeyPanel
          key={shown.integration.key}
          integration={shown.integration}
          title={
            shown.rotated
              ? `New key for “${shown.integration.name}”`
              : `Integration “${shown.integration.name}” created`
          }
          onDone={() => setShown(undefined)}
        />
      )}
      {creating && (
        <CreateIntegration
          serviceId={serviceId}
          onClose={() => setCreating(false)}
          onCreated={(i) => {
            setCreating(false);
            setShown({ integration: i, rotated: false });
          }}
        />
      )}
      <QueryState query={list} what="the integrations" />
      {list.data?.data.length === 0 && (
        <Text>No integrations yet: nothing can send this service alerts.</Text>
      )}
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Integrations">
        {list.data?.data.map((i) => (
          <IntegrationRow
            key={i.id}
            integration={i}
            teamId={teamId}
            typeLabel={TYPES.find((t) => t.value === i.type)?.label ?? i.type}
            onRotated={(r) => {
              setCreating(false);
              setShown({ integration: r, rotated: true });
            }}
          />
        ))}
      </Stack>
    </Stack>
  );
}

function CreateIntegration({
  serviceId,
  onClose,
  onCreated,
}: {
  serviceId: string;
  onClose: () => void;
  onCreated: (i: CreatedIntegrationView) => void;
}) {
  const titleId = useId();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [type, setType] = useState<IntegrationType>('events-v2');
  const [period, setPeriod] = useState<number | string>(300);
  const create = useMutation({
    mutationFn: () =>
      api<CreatedIntegrationView>('POST', `/services/${serviceId}/integrations`, {
        name,
        type,
        ...(type === 'heartbeat' && typeof period === 'number'
          ? { heartbeat: { period_seconds: period } }
          : {}),
      }),
    onSuccess: (i) => {
      void queryClient.invalidateQueries({ queryKey: ['services', 'integrations', serviceId] });
      onCreated(i);
    },
  });
  const err = fieldError(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-labelledby={titleId}>
      <Stack gap="sm">
        <Title order={3} id={titleId}>
          New integration
        </Title>
        <TextInput
          label="Name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errorFor(err, 'name')}
        />
        <NativeSelect
          label="Sends from"
          value={type}
          onChange={(e) => setType(e.currentTarget.value as IntegrationType)}
          data={TYPES}
          error={errorFor(err, 'type')}
        />
        {type === 'heartbeat' && (
          <NumberInput
            label="Expected every (seconds)"
            value={period}
            onChange={setPeriod}
            min={10}
            error={errorFor(err, 'heartbeat')}
          />
        )}
        <FormActions
          submit="Create integration"
          pending={create.isPending}
          error={create.error}
          fieldError={err}
          fields={FIELDS}
          what="integration"
          onCancel={onClose}
        />
      </Stack>
    </Paper>
  );
}
