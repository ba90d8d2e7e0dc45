import { Anchor, Badge, Group, Paper, Text } from '@mantine/core';
import { forwardRef } from 'react';
import { Link } from 'react-router';
import { shortWhen } from '../format.ts';
import type { IncidentView } from '../types.ts';
import { SeverityBadge, StatusBadge } from './badges.tsx';

/**
 * One incident in a list (the Incidents and Now pages): a list item whose link opens it. On a
 * phone the badges wrap under the title, so nothing is wider than the screen. `selected` is the
 * keyboard selection of the Incidents page: a thick outline, and aria-current for screen readers.
 */
export const IncidentCard = forwardRef<HTMLLIElement, { incident: IncidentView; selected?: boolean }>(
  function IncidentCard({ incident: i, selected = false }, ref) {
    return (
      <Paper
        ref={ref}
        component="li"
        withBorder
        p="sm"
        aria-current={selected ? 'true' : undefined}
        style={selected ? { outline: '3px solid var(--mantine-color-blue-7)', outlineOffset: 1 } : undefined}
      >
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Anchor component={Link} to={`/incidents/${encodeURIComponent(i.ref)}`} fw={600}>
            {i.ref}: {i.title}
          </Anchor>
          <Group gap="xs">
            <StatusBadge status={i.status} />
            <SeverityBadge severity={i.severity} />
            {i.urgency === 'low' && (
              <Badge color="dark.6" variant="outline" radius="xs">
                low urgency
              </Badge>
            )}
            <Text size="sm" c="gray.7" component="span">
              {shortWhen(i.created_at)}
            </Text>
          </Group>
        </Group>
      </Paper>
    );
  },
);
