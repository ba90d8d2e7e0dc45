import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { when } from '../../format.ts';
import type { MaintenanceWindowView } from '../../types.ts';
import { EndButton } from './EndButton.tsx';
import { STATE_LABEL } from './SilenceCard.tsx';
import { SuppressedAlerts } from './SuppressedAlerts.tsx';

/** One maintenance window: its services and period; for admins, end early or delete if upcoming. */
export function WindowCard({
  window: w,
  serviceName,
  canChange,
}: {
  window: MaintenanceWindowView;
  serviceName: (id: string) => string;
  canChange: boolean;
}) {
  const services = w.service_ids.map(serviceName).join(', ');
  return (
    <Paper withBorder p="sm" component="article" aria-label={`Maintenance window ${w.name}`}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={3} size="h5" style={{ overflowWrap: 'anywhere' }}>
            {w.name}
          </Title>
          <Badge color="dark.6" variant="outline">
            {STATE_LABEL[w.state]}
          </Badge>
        </Group>
        {w.description !== '' && (
          <Text size="sm" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
            {w.description}
          </Text>
        )}
        <Text size="sm">Services: {services}</Text>
        <Text size="sm">
          {when(w.starts_at)} to {when(w.ends_at)}
        </Text>
        {w.state !== 'pending' && <SuppressedAlerts by={`maintenance:${w.id}`} />}
        {canChange && w.state !== 'expired' && (
          <Group gap="xs">
            <EndButton
              path={`/maintenance-windows/${w.id}`}
              state={w.state}
              what="maintenance window"
              consequence={
                w.state === 'active'
                  ? `Alerts of ${services} page as usual from now on; the alerts it suppressed start paging if they fire again.`
                  : `It has not started, so it is removed; ${services} will not be in maintenance then.`
              }
            />
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
