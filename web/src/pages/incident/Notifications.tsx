import { Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { shortWhen } from '../../format.ts';
import type { NotificationView, Page } from '../../types.ts';
import { incidentPath } from './data.ts';
import { usePeople } from '../policies/directory.ts';

/**
 * Who was paged and how each delivery attempt went (the timeline says "notified"; this says
 * which attempt failed and why). Refreshed with the timeline: its key is under ['incident', ref].
 */
export function Notifications({ refKey }: { refKey: string }) {
  const notifications = useQuery({
    queryKey: ['incident', refKey, 'notifications'],
    queryFn: () => api<Page<NotificationView>>('GET', `${incidentPath(refKey)}/notifications?limit=50`),
  });
  const list = notifications.data?.data ?? [];
  const users = usePeople(list.length > 0);
  const name = (id: string) => users.data?.data.find((u) => u.id === id)?.name ?? 'someone';
  if (list.length === 0) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="notifications-title">
      <Title order={2} size="h4" id="notifications-title" mb="xs">
        Notifications
      </Title>
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {list.map((n) => (
          <li key={n.id}>
            <Text size="sm">
              {n.kind} to {name(n.user_id)} by {n.channel}: {n.status}
              {n.sent_at !== null && `, ${shortWhen(n.sent_at)}`}
            </Text>
            {n.attempts_log.map((a) => (
              <Text key={a.attempt} size="xs" c="gray.7" ml="md">
                attempt {a.attempt}: {a.outcome}
                {a.response_code !== null && ` (${a.response_code})`}, {a.latency_ms} ms, {shortWhen(a.at)}
                {a.error !== null && ` · ${a.error}`}
              </Text>
            ))}
          </li>
        ))}
      </Stack>
    </Paper>
  );
}
