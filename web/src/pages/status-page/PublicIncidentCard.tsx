import { Anchor, Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { when } from '../../format.ts';
import { ImpactBadge, PublicStatusBadge } from './StatusBadges.tsx';
import type { PublicIncidentView } from './views.ts';

export const publicIncidentPath = (id: string) => `/status-page/incidents/${encodeURIComponent(id)}`;

/** One public incident or maintenance in a list: its name (a link to it), status and components. */
export function PublicIncidentCard({ item, children }: { item: PublicIncidentView; children?: ReactNode }) {
  const last = item.updates[0];
  return (
    <Paper component="li" withBorder p="sm">
      <Stack gap={4}>
        <Anchor
          component={Link}
          to={publicIncidentPath(item.id)}
          fw={600}
          style={{ overflowWrap: 'anywhere' }}
        >
          {item.name}
        </Anchor>
        <Group gap="xs">
          <PublicStatusBadge status={item.status} />
          {item.kind === 'incident' && <ImpactBadge impact={item.impact} />}
          {item.incident_id !== null && (
            <Text size="xs" c="gray.7">
              from an internal incident
            </Text>
          )}
        </Group>
        {item.components.length > 0 && (
          <Text size="sm">Components: {item.components.map((c) => c.name).join(', ')}</Text>
        )}
        <Text size="xs" c="gray.7">
          {item.kind === 'maintenance' && item.scheduled_for !== null && item.scheduled_until !== null
            ? `${when(item.scheduled_for)} until ${when(item.scheduled_until)}`
            : last !== undefined
              ? `Last update ${when(last.display_at)}`
              : `Started ${when(item.started_at)}`}
        </Text>
        {children}
      </Stack>
    </Paper>
  );
}

/** Open ones first (newest first), then the history (newest first). */
export function openFirst(items: PublicIncidentView[], closed: (i: PublicIncidentView) => boolean) {
  const newest = (a: PublicIncidentView, b: PublicIncidentView) => b.started_at.localeCompare(a.started_at);
  return {
    open: items.filter((i) => !closed(i)).sort(newest),
    past: items.filter(closed).sort(newest),
  };
}
