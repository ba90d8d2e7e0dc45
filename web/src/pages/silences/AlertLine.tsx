import { Anchor, Group, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { AlertView } from '../../types.ts';
import { StatusBadge } from '../badges.tsx';

/** An alert in a short list: its summary linking to it, its status, and a note (service, time). */
export function AlertLine({ alert: a, note }: { alert: AlertView; note: string }) {
  return (
    <Group gap="xs" wrap="wrap">
      <Anchor component={Link} to={`/alerts/${a.id}`} size="sm" style={{ overflowWrap: 'anywhere' }}>
        {a.summary}
      </Anchor>
      <StatusBadge status={a.status} />
      <Text size="xs" c="gray.7" component="span">
        {note}
      </Text>
    </Group>
  );
}
