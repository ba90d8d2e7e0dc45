import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { QueryState } from '../components/QueryState.tsx';
import { shortWhen } from '../format.ts';
import type { ServiceView } from '../types.ts';
import { CreateServiceForm } from './services/CreateServiceForm.tsx';
import { useCanEdit, useServices, useTeamList } from './services/data.ts';

/**
 * Every service with how it is doing now: open incidents, when its last alert came, who its
 * policy's first level pages. Admins create services here.
 */
export function ServicesPage() {
  const services = useServices();
  const teams = useTeamList();
  const canEdit = useCanEdit();
  const [creating, setCreating] = useState(false);
  const teamName = new Map(teams.data?.data.map((t) => [t.id, t.name]));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Services</Title>
        {canEdit && !creating && <Button onClick={() => setCreating(true)}>New service</Button>}
      </Group>
      {creating && <CreateServiceForm onClose={() => setCreating(false)} />}
      <QueryState query={services} what="the services" />
      {services.data && services.data.data.length === 0 && <Text>No services yet.</Text>}
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Services">
        {services.data?.data.map((s) => (
          <Paper key={s.id} component="li" withBorder p="sm">
            <Group justify="space-between" wrap="wrap" gap="xs" align="start">
              <Stack gap={0}>
                <Anchor component={Link} to={`/services/${s.id}`} fw={600}>
                  {s.name}
                </Anchor>
                <Text size="sm" c="gray.7">
                  {teamName.get(s.team_id) ?? 'Team'}
                </Text>
              </Stack>
              <StatusLine service={s} />
            </Group>
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}

/**
 * Open incidents, last alert and on call now, as lines of text (also on the service page), from
 * the list's `include=status`; "…" until the list has loaded.
 */
export function StatusLine({ service }: { service: ServiceView | undefined }) {
  const status = service?.status;
  const onCall = status?.on_call_now;
  return (
    <Stack gap={0} align="flex-start">
      <Text size="sm">
        Open incidents:{' '}
        <Text span fw={600} size="sm" c={status?.open_incidents ? 'red.8' : undefined}>
          {status?.open_incidents ?? '…'}
        </Text>
      </Text>
      <Text size="sm">
        Last alert:{' '}
        {status === undefined
          ? '…'
          : status.last_alert_at === null
            ? 'never'
            : shortWhen(status.last_alert_at)}
      </Text>
      <Text size="sm">
        On call now:{' '}
        {status === undefined ? (
          '…'
        ) : onCall === null || onCall === undefined ? (
          <Text span c="red.8" fw={600} size="sm">
            no escalation policy
          </Text>
        ) : onCall.length === 0 ? (
          <Text span c="red.8" fw={600} size="sm">
            nobody
          </Text>
        ) : (
          <b>
            {onCall
              .map((o) =>
                o.type === 'team'
                  ? `team ${o.name}`
                  : o.type === 'round_robin'
                    ? `${o.name} (round robin)`
                    : o.name,
              )
              .join(', ')}
          </b>
        )}
      </Text>
    </Stack>
  );
}
