import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Switch, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api.ts';
import type { CreatedIntegrationView, IntegrationView, ServiceView, TestAlertResult } from '../../types.ts';
import { ActionModal } from '../incident/ActionModal.tsx';
import { useCanEdit, useCanTest, useServices } from './data.ts';
import { MappingEditor } from './MappingEditor.tsx';

type Confirm = 'test' | 'rotate' | 'delete' | 'disable' | undefined;

/**
 * One integration: its type and key prefix; for admins, enable/disable, rotate the key (the new
 * one goes to the caller, which shows it once with its snippets), delete, and a generic webhook's
 * field mapping; for the owning team's responders too, "Send a test alert" (POST /integrations/:id/test), which
 * works at any time, unlike the key panel's, since the server needs no key.
 */
export function IntegrationRow({
  integration: i,
  teamId,
  typeLabel,
  onRotated,
}: {
  integration: IntegrationView;
  /** The team owning the service: its members may send a test alert. */
  teamId: string | null;
  typeLabel: string;
  onRotated: (i: CreatedIntegrationView) => void;
}) {
  const queryClient = useQueryClient();
  const canEdit = useCanEdit();
  const canTest = useCanTest(teamId);
  const [confirm, setConfirm] = useState<Confirm>();
  // Who a test alert would page: a test at 3 am pages a real person, so the confirmation names them.
  const onCall = useServices(confirm === 'test').data?.data.find((s) => s.id === i.service_id)?.status
    ?.on_call_now;
  const [mapping, setMapping] = useState(false);
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: ['services', 'integrations', i.service_id] });
  const path = `/integrations/${encodeURIComponent(i.id)}`;

  const test = useMutation({ mutationFn: () => api<TestAlertResult>('POST', `${path}/test`) });
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => api<IntegrationView>('PATCH', path, { enabled }),
    onSuccess: () => {
      setConfirm(undefined);
      // A refusal shown for the old state would now be wrong.
      test.reset();
      void refresh();
    },
  });
  const rotate = useMutation({
    mutationFn: () => api<CreatedIntegrationView>('POST', `${path}/rotate-key`),
    onSuccess: (created) => {
      setConfirm(undefined);
      void refresh();
      onRotated(created);
    },
  });
  const remove = useMutation({
    mutationFn: () => api<null>('DELETE', path),
    onSuccess: () => {
      setConfirm(undefined);
      void refresh();
    },
  });

  return (
    <Paper component="li" withBorder p="sm" aria-label={i.name}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Stack gap={0}>
            <Text fw={600}>{i.name}</Text>
            <Text size="sm" c="gray.7">
              {typeLabel} · key {i.key_prefix}…
            </Text>
          </Stack>
          {canEdit ? (
            <Switch
              label="Enabled"
              checked={i.enabled}
              disabled={toggle.isPending}
              // Disabling stops real alerts, so it asks first; enabling is safe at once.
              onChange={(e) => (e.currentTarget.checked ? toggle.mutate(true) : setConfirm('disable'))}
            />
          ) : (
            !i.enabled && <Badge color="gray">disabled</Badge>
          )}
        </Group>
        <Group gap="xs">
          {canTest && (
            <Button size="xs" variant="default" onClick={() => setConfirm('test')} loading={test.isPending}>
              Send a test alert
            </Button>
          )}
          {canEdit && i.type === 'generic' && (
            <Button size="xs" variant="default" onClick={() => setMapping((m) => !m)} aria-expanded={mapping}>
              Field mapping
            </Button>
          )}
          {canEdit && (
            <>
              <Button size="xs" variant="default" onClick={() => setConfirm('rotate')}>
                Rotate key
              </Button>
              <Button size="xs" variant="default" color="red" onClick={() => setConfirm('delete')}>
                Delete
              </Button>
            </>
          )}
        </Group>
        {toggle.isError && confirm !== 'disable' && (
          <Alert color="red" role="alert">
            {toggle.error.message}
          </Alert>
        )}
        {test.isSuccess && <TestSent result={test.data} />}
        {test.isError && (
          <Alert color="red" role="alert" title="The test alert was refused">
            {test.error.message}
          </Alert>
        )}
        {mapping && <MappingEditor integration={i} onClose={() => setMapping(false)} />}
      </Stack>
      <ActionModal
        title={`Send a test alert through “${i.name}”?`}
        opened={confirm === 'test'}
        onClose={() => setConfirm(undefined)}
        onSubmit={() => {
          setConfirm(undefined);
          test.mutate();
        }}
        submitLabel="Send test alert"
        pending={test.isPending}
        error={null}
      >
        <Text size="sm">
          It opens an incident like a real alert would, and pages whoever is on call for the service now:{' '}
          <b>{onCallNames(onCall)}</b>. Resolve the incident when you are done.
        </Text>
      </ActionModal>
      <ActionModal
        title={`Rotate the key of “${i.name}”?`}
        opened={confirm === 'rotate'}
        onClose={() => setConfirm(undefined)}
        onSubmit={() => rotate.mutate()}
        submitLabel="Rotate key"
        pending={rotate.isPending}
        error={rotate.error?.message ?? null}
      >
        <Text size="sm">
          A new key replaces the one starting {i.key_prefix}… at once: every sender still using the old key is
          refused (within two seconds on every Tocsin node), until you paste the new key into it. The new key
          is shown once.
        </Text>
      </ActionModal>
      <ActionModal
        title={`Disable “${i.name}”?`}
        opened={confirm === 'disable'}
        onClose={() => {
          setConfirm(undefined);
          toggle.reset();
        }}
        onSubmit={() => toggle.mutate(false)}
        submitLabel="Disable integration"
        pending={toggle.isPending}
        error={toggle.error?.message ?? null}
      >
        <Text size="sm">
          Alerts sent with the key starting {i.key_prefix}… are refused until it is enabled again: nothing
          they report opens an incident or pages anyone in the meantime. The key itself stays the same.
        </Text>
      </ActionModal>
      <ActionModal
        title={`Delete “${i.name}”?`}
        opened={confirm === 'delete'}
        onClose={() => setConfirm(undefined)}
        onSubmit={() => remove.mutate()}
        submitLabel="Delete integration"
        pending={remove.isPending}
        error={remove.error?.message ?? null}
      >
        <Text size="sm">
          Its key stops working at once: whatever sends through it is refused from now on. The alerts it sent,
          and their incidents, stay. This cannot be undone.
        </Text>
      </ActionModal>
    </Paper>
  );
}

function TestSent({ result }: { result: TestAlertResult }) {
  return (
    <Alert color="green" role="status" title="Test alert sent">
      <Text size="sm">
        {result.incident_ref !== null ? (
          <>
            It opened{' '}
            <Anchor component={Link} to={`/incidents/${result.incident_ref}`}>
              {result.incident_ref}
            </Anchor>
            .
          </>
        ) : (
          <>
            It was {result.outcome} (a silence or maintenance window matched it):{' '}
            {result.alert_id !== null && (
              <Anchor component={Link} to={`/alerts/${result.alert_id}`}>
                see the alert
              </Anchor>
            )}
          </>
        )}
      </Text>
    </Alert>
  );
}

/** `Ada, team Storage`, or why nobody would be paged; "…" while the status loads. */
function onCallNames(onCall: NonNullable<ServiceView['status']>['on_call_now'] | undefined): string {
  if (onCall === undefined) return '…';
  if (onCall === null) return 'nobody: the service has no escalation policy';
  if (onCall.length === 0) return 'nobody right now';
  return onCall.map((o) => (o.type === 'team' ? `team ${o.name}` : o.name)).join(', ');
}
